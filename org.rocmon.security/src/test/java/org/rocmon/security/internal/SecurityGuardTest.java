package org.rocmon.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.rocmon.security.internal.AccountsTest.expect;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.Before;
import org.junit.Test;
import org.osgi.service.servlet.context.ServletContextHelper;

import org.rocmon.api.security.Caller;
import org.rocmon.http.Problem;

public class SecurityGuardTest {

    static final String NODE_TOKEN = "rmn_unit-test-node-token-0123456789abcdef";

    private Accounts accounts;
    private SecurityGuard guard;
    private final long[] now = {1_000_000};
    private RateLimits limits;

    @Before
    public void setUp() throws Exception {
        accounts = new Accounts(null, "admin-secret", 1_000, System::currentTimeMillis, new SecureRandom());
        accounts.create("alice", "alice-secret", false);
        limits = new RateLimits(0, 1, () -> now[0]);
        guard = new SecurityGuard(accounts, new NodeToken(null, NODE_TOKEN, null, null, new SecureRandom()), limits);
    }

    @Test
    public void noCredentialsOnAUserFacingPathIs401WithTheChallenge() throws Exception {
        for (String[] path : new String[][] {{"/occi", "/-/"}, {"/.well-known/org/ogf/occi", "/-/"},
                {"/auth", "/whoami"}, {"/admin/bundles", null}, {"/occi", null}, {"/dashboard", "/"}}) {
            Problem p = expect(401, () -> guard.check(request(path[0], path[1], null, new HashMap<>())));
            assertEquals("Basic realm=\"rocmon\", Bearer realm=\"rocmon\"", p.headers().get("WWW-Authenticate"));
        }
    }

    @Test
    public void theNodeApisTakeTheNodeTokenOrAnAdminOnly() throws Exception {
        for (String path : new String[] {"/sensor", "/resource", "/metrics", "/stream", "/history", "/join"}) {
            Problem none = expect(401, () -> guard.check(request(path, "/s01/", null, new HashMap<>())));
            assertEquals("Basic realm=\"rocmon\", Bearer realm=\"rocmon\"", none.headers().get("WWW-Authenticate"));
            expect(401, () -> guard.check(request(path, "/s01/", "Bearer rmn_wrong-node-token-0123456789abcdef",
                    new HashMap<>())));
            expect(401, () -> guard.check(request(path, null, "Basic " + basic("alice", "wrong"), new HashMap<>())));
            Problem user = expect(403, () -> guard.check(request(path, "/s01/",
                    "Basic " + basic("alice", "alice-secret"), new HashMap<>())));
            assertTrue(user.detail(), user.detail().contains("admin role"));
            Map<String, Object> node = new HashMap<>();
            guard.check(request(path, "/s01/", "Bearer " + NODE_TOKEN, node));
            Caller c = (Caller) node.get(Caller.ATTRIBUTE);
            assertEquals(Caller.NODE, c.authentication);
            assertEquals(java.util.Set.of(Caller.ROLE_NODE), c.roles);
            assertEquals("node", node.get(ServletContextHelper.REMOTE_USER));
            Map<String, Object> admin = new HashMap<>();
            guard.check(request(path, "/s01/", "Basic " + basic("admin", "admin-secret"), admin));
            assertEquals("admin", admin.get(ServletContextHelper.REMOTE_USER));
        }
        // the whole path is matched: /sensorx is not /sensor, and paths of no API are left alone
        Map<String, Object> other = new HashMap<>();
        guard.check(request("/sensorx", null, null, other));
        guard.check(request("/", null, null, other));
        assertTrue(other.isEmpty());
    }

    @Test
    public void theNodeTokenDoesNotOpenTheUserFacingApis() throws Exception {
        for (String path : new String[] {"/occi", "/auth", "/admin/bundles"}) {
            Problem p = expect(403, () -> guard.check(request(path, "/-/", "Bearer " + NODE_TOKEN, new HashMap<>())));
            assertTrue(p.detail(), p.detail().contains("node APIs"));
        }
        assertNull("nor the web console", guard.authenticate("Bearer " + NODE_TOKEN, "127.0.0.1"));
    }

    @Test
    public void usersAreRateLimitedWithRetryAfterAndTheNodeTokenIsNot() throws Exception {
        limits.configure(2, 3); // 2 requests/s, bursts of 3
        String alice = "Basic " + basic("alice", "alice-secret");
        for (int i = 0; i < 3; i++) {
            guard.check(request("/occi", "/-/", alice, new HashMap<>()));
        }
        Problem p = expect(429, () -> guard.check(request("/occi", "/-/", alice, new HashMap<>())));
        assertEquals("1", p.headers().get("Retry-After"));
        // another user has a budget of their own; the node token has none
        guard.check(request("/sensor", "/", "Basic " + basic("admin", "admin-secret"), new HashMap<>()));
        for (int i = 0; i < 50; i++) {
            guard.check(request("/sensor", "/", "Bearer " + NODE_TOKEN, new HashMap<>()));
        }
        now[0] += 500; // one token back
        guard.check(request("/occi", "/-/", alice, new HashMap<>()));
        expect(429, () -> guard.check(request("/occi", "/-/", alice, new HashMap<>())));
        now[0] += 10_000; // full again, but never more than the burst
        for (int i = 0; i < 3; i++) {
            guard.check(request("/occi", "/-/", alice, new HashMap<>()));
        }
        expect(429, () -> guard.check(request("/occi", "/-/", alice, new HashMap<>())));
        limits.configure(0, 1); // 0: unlimited
        for (int i = 0; i < 20; i++) {
            guard.check(request("/occi", "/-/", alice, new HashMap<>()));
        }
    }

    @Test
    public void slowRatesAnswerTheWholeWait() {
        RateLimits slow = new RateLimits(0.1, 1, () -> now[0]); // one request per 10 s
        assertEquals(0, slow.take("bob"));
        assertEquals(10, slow.take("bob"));
        now[0] += 4_000;
        assertEquals(6, slow.take("bob"));
    }

    @Test
    public void badBasicIs401() throws Exception {
        expect(401, () -> guard.check(request("/occi", "/-/", "Basic " + basic("alice", "wrong"), new HashMap<>())));
        expect(401, () -> guard.check(request("/occi", "/-/", "Basic " + basic("nobody", "x"), new HashMap<>())));
        expect(401, () -> guard.check(request("/occi", "/-/", "Basic !!!", new HashMap<>())));
        expect(401, () -> guard.check(request("/occi", "/-/", "Basic " + Base64.getEncoder().encodeToString(
                "nocolon".getBytes(StandardCharsets.UTF_8)), new HashMap<>())));
        expect(401, () -> guard.check(request("/occi", "/-/", "Digest x", new HashMap<>())));
    }

    @Test
    public void goodBasicSetsTheRemoteUserAndTheCaller() throws Exception {
        Map<String, Object> attrs = new HashMap<>();
        guard.check(request("/occi", "/sensor/s1", "Basic " + basic("alice", "alice-secret"), attrs));
        assertEquals("alice", attrs.get(ServletContextHelper.REMOTE_USER));
        assertEquals(HttpServletRequest.BASIC_AUTH, attrs.get(ServletContextHelper.AUTHENTICATION_TYPE));
        Caller c = (Caller) attrs.get(Caller.ATTRIBUTE);
        assertEquals("alice", c.name);
        assertEquals(java.util.Set.of(Caller.ROLE_USER), c.roles);
        Map<String, Object> admin = new HashMap<>();
        guard.check(request("/admin/bundles", null, "basic " + basic("admin", "admin-secret"), admin));
        assertTrue(((Caller) admin.get(Caller.ATTRIBUTE)).roles.contains(Caller.ROLE_ADMIN));
    }

    @Test
    public void aBearerTokenWorksUntilRevoked() throws Exception {
        Caller alice = accounts.basic("alice", "alice-secret", "h");
        Accounts.Issued t = accounts.issue(alice, null);
        Map<String, Object> attrs = new HashMap<>();
        guard.check(request("/occi", "/-/", "Bearer " + t.secret, attrs));
        assertEquals("alice", attrs.get(ServletContextHelper.REMOTE_USER));
        assertEquals(Caller.BEARER, ((Caller) attrs.get(Caller.ATTRIBUTE)).authentication);
        accounts.revoke(alice, t.token.id);
        Map<String, Object> after = new HashMap<>();
        expect(401, () -> guard.check(request("/occi", "/-/", "Bearer " + t.secret, after)));
        assertNull(after.get(ServletContextHelper.REMOTE_USER));
        expect(401, () -> guard.check(request("/occi", "/-/", "Bearer rmt_made-up", new HashMap<>())));
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request with only what the guard reads: paths, the Authorization header, the address and attributes. */
    static HttpServletRequest request(String servletPath, String pathInfo, String authorization,
            Map<String, Object> attributes) {
        return (HttpServletRequest) Proxy.newProxyInstance(SecurityGuardTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getServletPath":
                            return servletPath;
                        case "getPathInfo":
                            return pathInfo;
                        case "getRequestURI":
                            return servletPath + (pathInfo == null ? "" : pathInfo);
                        case "getHeader":
                            return "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                        case "getRemoteAddr":
                            return "127.0.0.1";
                        case "setAttribute":
                            attributes.put((String) args[0], args[1]);
                            return null;
                        case "getAttribute":
                            return attributes.get(args[0]);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
