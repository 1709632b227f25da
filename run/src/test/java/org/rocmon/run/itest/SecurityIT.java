package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Issue 12, first slice, against the real runtime: the user-facing APIs need credentials (HTTP Basic or a bearer
 * token), each user sees only their own OCCI entities (another's answer 404), an admin sees all, tokens stop
 * working when revoked; the node APIs take the node token or an admin, not another user ({@link NodeAuthIT} goes
 * further).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT {

    private static final String CHALLENGE = "Basic realm=\"rocmon\", Bearer realm=\"rocmon\"";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    private static String sensor(String id, Path log) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Log.filename\":" + Json.quote(log.toString()) + ","
                + "\"com.example.occi.monitoring.Log.in_msg\":\"x\"}}";
    }

    private static OcciHttp.Answer as(OcciHttp occi, String authorization, String method, String path, String json) {
        return occi.call(method, path, json == null ? null : "application/occi+json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), "Authorization", authorization,
                "Accept", "application/json");
    }

    @Test
    public void usersSeeTheirOwnEntitiesAndNotTheNodeApis() throws Exception {
        Node node = new Node(context).awaitReady();
        OcciHttp occi = new OcciHttp(node);
        Node.await("the front end and /auth are registered", 15_000,
                () -> occi.get("/occi/-/").code == 200 && node.get("/auth/whoami").code == 200);

        // anonymous and wrong credentials
        for (String path : new String[] {"/occi/-/", "/occi/", "/.well-known/org/ogf/occi/-/", "/auth/whoami"}) {
            OcciHttp.Answer anonymous = occi.get(path, "Authorization", "");
            assertEquals(anonymous.toString(), 401, anonymous.code);
            assertEquals(CHALLENGE, anonymous.header("WWW-Authenticate"));
            assertTrue(anonymous.body, anonymous.body.contains("\"status\""));
            if (!path.startsWith("/auth")) {
                assertTrue("an OCCI refusal names the protocol: " + anonymous.header("Server"),
                        String.valueOf(anonymous.header("Server")).startsWith("OCCI/1.2"));
            }
        }
        assertEquals(401, occi.get("/occi/-/", "Authorization", Node.basic("admin", "wrong")).code);
        assertEquals(401, occi.get("/occi/-/", "Authorization", "Bearer rmt_not-issued").code);

        // the admin creates two users; a user cannot
        assertEquals(201, node.post("/auth/users", "{\"name\":\"alice\",\"password\":\"alice-password\"}").code);
        assertEquals(201, node.post("/auth/users", "{\"name\":\"bob\",\"password\":\"bob-password\"}").code);
        String alice = Node.basic("alice", "alice-password");
        String bob = Node.basic("bob", "bob-password");
        assertEquals(409, node.post("/auth/users", "{\"name\":\"bob\",\"password\":\"bob-password\"}").code);
        String users = node.get("/auth/users").body;
        assertTrue(users, users.contains("\"alice\"") && users.contains("\"bob\"") && !users.contains("password"));
        assertEquals(403, occi.call("POST", "/auth/users", "application/json",
                "{\"name\":\"eve\",\"password\":\"eve-password\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", alice).code);
        Map<String, Object> me = occi.get("/auth/whoami", "Authorization", alice).json();
        assertEquals("alice", me.get("name"));
        assertEquals(List.of("user"), me.get("roles"));
        assertEquals("Basic", me.get("authentication"));

        // alice's sensor is alice's
        Path log = node.data.resolve("sa1.log");
        OcciHttp.Answer created = as(occi, alice, "PUT", "/occi/sensor/sa1", sensor("sa1", log));
        assertEquals(created.toString(), 201, created.code);
        assertEquals("alice", OcciHttp.attribute(created, "rocmon.owner"));
        assertEquals(200, as(occi, alice, "GET", "/occi/sensor/sa1", null).code);
        assertTrue(as(occi, alice, "GET", "/occi/sensor/", null).body.contains("sa1"));

        // bob finds nothing of it
        OcciHttp.Answer hidden = as(occi, bob, "GET", "/occi/sensor/sa1", null);
        assertEquals(hidden.toString(), 404, hidden.code);
        assertFalse(hidden.body, hidden.body.contains("alice"));
        for (String collection : new String[] {"/occi/sensor/", "/occi/", "/occi/resource/"}) {
            OcciHttp.Answer list = as(occi, bob, "GET", collection, null);
            assertEquals(list.toString(), 200, list.code);
            assertFalse(list.toString(), list.body.contains("sa1"));
        }
        assertEquals(404, as(occi, bob, "DELETE", "/occi/sensor/sa1", null).code);
        assertEquals(404, as(occi, bob, "POST", "/occi/sensor/sa1?action=pause", null).code);
        assertEquals(409, as(occi, bob, "PUT", "/occi/sensor/sa1", sensor("sa1", log)).code);

        // the admin sees and reads it, owner unchanged
        OcciHttp.Answer seen = occi.get("/occi/sensor/sa1", "Accept", "application/json");
        assertEquals(seen.toString(), 200, seen.code);
        assertEquals("alice", OcciHttp.attribute(seen, "rocmon.owner"));
        assertTrue(occi.get("/occi/sensor/", "Accept", "application/json").body.contains("sa1"));

        // the node APIs take the node token (the front end deployed sa1 with it) or an admin, not alice
        Node.await("sa1 is deployed on the node", 15_000, () -> node.get("/sensor/sa1/").code == 200);
        assertEquals(200, node.get("/sensor/").code);
        assertEquals(200, node.get("/resource/").code);
        assertEquals(401, occi.get("/sensor/sa1/", "Authorization", "").code);
        assertEquals(403, occi.get("/sensor/sa1/", "Authorization", alice).code);
        assertEquals(200, occi.get("/sensor/sa1/", "Authorization", Node.basic("admin", node.adminPassword())).code);

        // a bearer token: issued once against Basic, works, stops working when revoked
        OcciHttp.Answer issued = occi.call("POST", "/auth/tokens", "application/json",
                "{\"label\":\"ci\"}".getBytes(StandardCharsets.UTF_8), "Authorization", alice);
        assertEquals(issued.toString(), 201, issued.code);
        String token = (String) issued.json().get("token");
        String id = (String) issued.json().get("id");
        assertNotNull(token);
        String bearer = "Bearer " + token;
        assertEquals(200, as(occi, bearer, "GET", "/occi/sensor/sa1", null).code);
        assertEquals(404, as(occi, "Bearer " + token, "GET", "/occi/sensor/nope", null).code);
        assertEquals("Bearer", occi.get("/auth/whoami", "Authorization", bearer).json().get("authentication"));
        assertFalse("the secret is shown once", occi.get("/auth/tokens", "Authorization", alice).body.contains(token));
        assertEquals("a token does not mint tokens", 403,
                occi.call("POST", "/auth/tokens", null, null, "Authorization", bearer).code);
        assertEquals("bob cannot revoke alice's token", 404,
                occi.call("DELETE", "/auth/tokens/" + id, null, null, "Authorization", bob).code);
        assertEquals(204, occi.call("DELETE", "/auth/tokens/" + id, null, null, "Authorization", bearer).code);
        OcciHttp.Answer revoked = as(occi, bearer, "GET", "/occi/sensor/sa1", null);
        assertEquals(revoked.toString(), 401, revoked.code);
        assertEquals(CHALLENGE, revoked.header("WWW-Authenticate"));

        // servlets of the shared context read the caller through the whiteboard's remote user
        ServiceRegistration<Servlet> echo = registerEcho();
        try {
            Node.await("the echo servlet is registered", 10_000,
                    () -> occi.get("/admin/itest-echo", "Authorization", alice).code == 200);
            assertEquals("alice BASIC", occi.get("/admin/itest-echo", "Authorization", alice).body);
        } finally {
            echo.unregister();
        }

        // alice deletes her own; the admin removes bob, whose password then fails
        assertEquals(204, as(occi, alice, "DELETE", "/occi/sensor/sa1", null).code);
        assertEquals(204, node.delete("/auth/users/bob").code);
        assertEquals(401, as(occi, bob, "GET", "/occi/sensor/", null).code);
    }

    /** A servlet on the shared context under /admin/ that answers {@code getRemoteUser() getAuthType()}. */
    private ServiceRegistration<Servlet> registerEcho() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/admin/itest-echo");
        props.put("osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=rocmon)");
        return context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().print(req.getRemoteUser() + " " + req.getAuthType());
            }
        }, props);
    }
}
