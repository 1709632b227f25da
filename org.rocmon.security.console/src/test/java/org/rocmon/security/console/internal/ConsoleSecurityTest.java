package org.rocmon.security.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.Test;

import org.rocmon.api.security.Caller;

public class ConsoleSecurityTest {

    private static Caller caller(String name, String... roles) {
        Caller c = new Caller();
        c.name = name;
        c.roles = Set.of(roles);
        c.authentication = Caller.BASIC;
        return c;
    }

    private final Caller admin = caller("admin", Caller.ROLE_ADMIN, Caller.ROLE_USER);
    private final Caller alice = caller("alice", Caller.ROLE_USER);
    private final ConsoleSecurity security = new ConsoleSecurity((authorization, address) ->
            "Basic good".equals(authorization) ? admin : "Basic user".equals(authorization) ? alice : null);

    @Test
    public void onlyAdminsGetIn() {
        Map<String, Object> response = new HashMap<>();
        assertSame(admin, security.authenticate(request("Basic good"), response(response)));
        assertTrue(response.isEmpty());
        assertTrue(security.authorize(admin, "any"));
        assertFalse(security.authorize(alice, "any"));
        assertFalse(security.authorize("admin", "any"));

        for (String refused : new String[] {null, "Basic admin:admin", "Basic user"}) {
            Map<String, Object> r = new HashMap<>();
            assertNull(security.authenticate(request(refused), response(r)));
            assertEquals(401, r.get("status"));
            assertEquals(ConsoleSecurity.CHALLENGE, r.get("WWW-Authenticate"));
        }
    }

    private static HttpServletRequest request(String authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(ConsoleSecurityTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getHeader":
                            return authorization;
                        case "getRemoteAddr":
                            return "127.0.0.1";
                        default:
                            return null;
                    }
                });
    }

    private static HttpServletResponse response(Map<String, Object> seen) {
        return (HttpServletResponse) Proxy.newProxyInstance(ConsoleSecurityTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setHeader":
                            seen.put((String) a[0], a[1]);
                            return null;
                        case "setStatus":
                            seen.put("status", a[0]);
                            return null;
                        default:
                            return null;
                    }
                });
    }
}
