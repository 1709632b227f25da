package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 12, points 5 and 6, against the real runtime: the node APIs ({@code /sensor}, {@code /resource}, the
 * collector WebSocket upgrade) and the data endpoints ({@code /history}, {@code /stream}, {@code /metrics}) take the
 * deployment's node token or an admin only; an impostor's WebSocket is refused at the upgrade while the real
 * collector keeps delivering; users are rate limited (429 with {@code Retry-After}), the node token is not.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeAuthIT {

    private static final String CHALLENGE = "Basic realm=\"rocmon\", Bearer realm=\"rocmon\"";
    private static final String WRONG_TOKEN = "Bearer rmn_another-deployment-0123456789abcdefghijklmn";
    private static final String PID = "org.rocmon.security";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    private static Node ready(BundleContext context) {
        Node node = new Node(context).awaitReady();
        Node.await("/auth, /history, /stream and /metrics are registered", 15_000,
                () -> node.get("/auth/whoami").code == 200 && node.get("/history/").code == 200
                        && node.get("/stream/").code == 200 && node.get("/metrics").code == 200);
        if (node.get("/auth/users/alice").code == 404) {
            assertEquals(201, node.post("/auth/users", "{\"name\":\"alice\",\"password\":\"alice-password\"}").code);
        }
        return node;
    }

    @Test
    public void nodeApisAndDataEndpointsTakeTheNodeTokenOrAnAdminOnly() {
        Node node = ready(context);
        OcciHttp http = new OcciHttp(node);
        String alice = Node.basic("alice", "alice-password");
        String admin = Node.basic("admin", node.adminPassword());
        for (String path : List.of("/sensor/", "/resource/", "/history/", "/stream/", "/metrics")) {
            OcciHttp.Answer anonymous = http.get(path, "Authorization", "");
            assertEquals(anonymous.toString(), 401, anonymous.code);
            assertEquals(CHALLENGE, anonymous.header("WWW-Authenticate"));
            assertTrue(anonymous.toString(), anonymous.header("Content-Type").startsWith("application/problem+json"));
            assertEquals(path, 401, http.get(path, "Authorization", WRONG_TOKEN).code);
            assertEquals(path, 401, http.get(path, "Authorization", Node.basic("admin", "wrong")).code);
            OcciHttp.Answer user = http.get(path, "Authorization", alice);
            assertEquals(user.toString(), 403, user.code);
            assertTrue(user.toString(), user.body.contains("admin role"));
            OcciHttp.Answer peer = http.get(path, "Authorization", node.nodeAuthorization());
            assertEquals(peer.toString(), 200, peer.code);
            assertEquals(path, 200, http.get(path, "Authorization", admin).code);
        }
        // writes too: nobody but a peer or an admin creates a sensor on the node
        assertEquals(401, MixinTests.post(node, "/sensor/intruded/", "application/json",
                "{\"id\":\"intruded\",\"kind\":\"x\"}".getBytes(), "Authorization", "").code);
        assertEquals(404, node.get("/sensor/intruded/").code);
        // the node token is not a user: the user-facing APIs refuse it
        OcciHttp.Answer occi = http.get("/occi/-/", "Authorization", node.nodeAuthorization());
        assertEquals(occi.toString(), 403, occi.code);
        assertEquals(403, http.get("/auth/whoami", "Authorization", node.nodeAuthorization()).code);
    }

    @Test
    public void anImpostorsWebSocketIsRefusedAndTheRealCollectorKeepsDelivering() {
        Node node = ready(context);
        Path log = node.data.resolve("impostor.log");
        assertEquals(201, node.post("/sensor/guarded/", Node.logSensor("guarded", "x", log, "real")).code);
        try (TestCollector real = TestCollector.connect(node, "guarded", "real")) {
            real.awaitAck(real.send(System.currentTimeMillis(), Map.of("x", 1)), 10_000);
            Node.await("the first value is logged", 10_000, () -> Node.logLines(log).size() == 1);

            // the same collector id without a credential, with another deployment's, a wrong password, a user
            assertEquals(401, TestCollector.upgradeStatus(node, "guarded", "real", null));
            assertEquals(401, TestCollector.upgradeStatus(node, "guarded", "real", WRONG_TOKEN));
            assertEquals(401, TestCollector.upgradeStatus(node, "guarded", "real", Node.basic("admin", "x")));
            assertEquals(403, TestCollector.upgradeStatus(node, "guarded", "real",
                    Node.basic("alice", "alice-password")));

            // refused at the upgrade: the real collector's socket is the same one and its values keep flowing
            long seq = 0;
            for (int i = 2; i <= 5; i++) {
                seq = real.send(System.currentTimeMillis(), Map.of("x", i));
            }
            real.awaitAck(seq, 10_000);
            Node.await("5 values logged", 10_000, () -> Node.logLines(log).size() == 5);
            List<Map<String, Object>> lines = Node.logLines(log);
            assertEquals(lines.toString(), 5.0, ((Number) lines.get(4).get("value")).doubleValue(), 0);
            assertEquals(Boolean.TRUE, collector(node, "guarded", "real").get("connected"));
        } finally {
            node.delete("/sensor/guarded/");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> collector(Node node, String sensor, String id) {
        Map<String, Object> status = node.get("/sensor/" + sensor + "/").json();
        Object collectors = status.get("collectors");
        if (collectors instanceof Map) {
            return (Map<String, Object>) ((Map<String, Object>) collectors).get(id);
        }
        for (Map<String, Object> c : (List<Map<String, Object>>) collectors) {
            if (id.equals(c.get("id"))) {
                return c;
            }
        }
        throw new AssertionError("no collector " + id + " in " + status);
    }

    @Test
    public void usersAreRateLimitedAndTheNodeTokenIsNot() throws Exception {
        Node node = ready(context);
        OcciHttp http = new OcciHttp(node);
        String alice = Node.basic("alice", "alice-password");
        Configuration config = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("rateLimit", 1.0);
        props.put("rateBurst", 5);
        config.update(props);
        try {
            // the new limit applies in place: the first 429 comes within the burst plus what refills meanwhile
            OcciHttp.Answer limited = null;
            for (int i = 0; i < 30 && limited == null; i++) {
                OcciHttp.Answer a = http.get("/auth/whoami", "Authorization", alice);
                if (a.code == 429) {
                    limited = a;
                } else {
                    assertEquals(a.toString(), 200, a.code);
                }
            }
            assertNotNull("alice was never limited", limited);
            assertTrue(limited.toString(), limited.header("Content-Type").startsWith("application/problem+json"));
            assertTrue(limited.toString(), limited.body.contains("too many requests from alice"));
            long retry = Long.parseLong(limited.header("Retry-After"));
            assertTrue("Retry-After " + retry, retry >= 1 && retry <= 2);
            // the node token is not limited, and neither is another user's budget touched by alice's
            for (int i = 0; i < 30; i++) {
                assertEquals(200, node.get("/sensor/").code);
            }
            assertEquals(200, http.get("/auth/whoami", "Authorization", Node.basic("admin", node.adminPassword()))
                    .code);
            // after Retry-After alice gets through again
            Node.sleep(retry * 1000 + 100);
            assertEquals(200, http.get("/auth/whoami", "Authorization", alice).code);
        } finally {
            config.delete();
        }
    }
}
