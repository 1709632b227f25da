package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Nodes that join by themselves (issue 16), with real processes on loopback: a front end and four nodes that know
 * only the front end's URL and the deployment's node token. Their advertised URLs are not 127.0.0.1: one is
 * {@code https://localhost:<port>}, the others bind and advertise 127.0.0.2, 127.0.0.3 and 127.0.0.4 (Linux routes
 * all of 127/8 to the loopback interface), and their certificates, issued from the test's CA, must name them. The
 * front end places sensors and computes (hence collectors) across them by the load they report; one node is killed
 * (SIGKILL), marked down after the grace, and what it ran moves to the others and delivers again; then it restarts
 * on its data folder, rejoins, and the entities that moved away are removed from it. Last, the front end restarts and
 * every node announces itself again.
 */
public class JoinIT {

    private static final String OCCI_PID = "org.rocmon.occi.internal.frontend.OcciServlet";
    private static final long GRACE_MILLIS = 10_000;
    private static final String[] HOSTS = {"localhost", "127.0.0.2", "127.0.0.3", "127.0.0.4"};

    private static MultiNode nodes;
    private static NodeProcess front;
    private static OcciHttp occi;
    /** By node id: n1..n4. */
    private static final Map<String, NodeProcess> members = new LinkedHashMap<>();
    private static final Map<String, String> advertised = new LinkedHashMap<>();

    @BeforeClass
    public static void startNodes() {
        nodes = new MultiNode("join");
        front = nodes.create("front");
        front.config(OCCI_PID, Map.of("placement", "least-loaded", "placeLocally", "false", "joinGraceMillis",
                GRACE_MILLIS, "redeploy", "placed", "retryMillis", 1000));
        String frontendUrl = "https://localhost:" + front.port;
        List<NodeProcess> all = new ArrayList<>(List.of(front));
        for (int i = 0; i < HOSTS.length; i++) {
            String id = "n" + (i + 1);
            String host = HOSTS[i];
            NodeProcess n = nodes.create(id, port -> {
                Map<String, String> p = new LinkedHashMap<>();
                // localhost is 127.0.0.1 here: that node binds 127.0.0.1 and advertises the name.
                p.put(NodeProcess.HOST_PROPERTY, host.equals("localhost") ? "127.0.0.1" : host);
                p.put("rocmon.node.url", "https://" + host + ":" + port);
                p.put("rocmon.frontend.url", frontendUrl);
                p.put("rocmon.node.id", id);
                p.put("rocmon.join.heartbeatMillis", "1000");
                return p;
            });
            members.put(id, n);
            advertised.put(id, "https://" + host + ":" + n.port);
            all.add(n);
        }
        nodes.startAll(all);
        occi = new OcciHttp(front.node);
        Node.await("every node joined and is up", 120_000, () -> members.keySet().stream().allMatch(id -> {
            Map<String, Object> v = nodeView(id);
            return v != null && "up".equals(v.get("health"));
        }));
    }

    @AfterClass
    public static void stopAll() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static Map<String, Object> nodeView(String id) {
        OcciHttp.Answer a = occi.get("/occi/node/" + id);
        return a.code == 200 ? a.json() : null;
    }

    private static String sensor(String id) {
        Path log = nodes.files(id).resolve(id + ".log");
        return "{\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":[\"" + Sensors.PUB + "Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":0.5,\"" + Sensors.NS + "Log.filename\":"
                + Json.quote(log.toString()) + ",\"" + Sensors.NS + "Log.in_msg\":\"b\"}}";
    }

    private static String compute() {
        return "{\"kind\":\"http://schemas.ogf.org/occi/infrastructure#compute\","
                + "\"attributes\":{\"occi.compute.hostname\":\"localhost\"}}";
    }

    private static String collector(String source, String target) {
        return "{\"kind\":\"" + Node.COLLECTOR_KIND + "\",\"mixins\":[\"" + Sensors.METRIC + "IsReachable\"],"
                + "\"attributes\":{\"occi.collector.period\":0.5,\"" + Sensors.NS + "IsReachable.hostname\":"
                + "\"127.0.0.1\",\"" + Sensors.NS + "IsReachable.out\":\"b\"},"
                + "\"source\":\"/occi/compute/" + source + "\",\"target\":\"/occi/sensor/" + target + "\"}";
    }

    private static Object attribute(String kind, String id, String name) {
        return OcciHttp.attribute(occi.get("/occi/" + kind + "/" + id), name);
    }

    private static long lines(String sensor) {
        Path log = nodes.files(sensor).resolve(sensor + ".log");
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean allDeployed(List<String> paths) {
        return paths.stream().allMatch(p -> "deployed".equals(OcciHttp.attribute(occi.get(p), "rocmon.state")));
    }

    /** Waits until each sensor's Log file has grown by {@code more} lines. */
    private static void awaitValues(List<String> sensors, int more, String what) {
        Map<String, Long> before = new LinkedHashMap<>();
        sensors.forEach(s -> before.put(s, lines(s)));
        Node.await(what, 90_000, () -> sensors.stream().allMatch(s -> lines(s) >= before.get(s) + more));
    }

    /** A join request with the given Authorization (or none). */
    private static int join(String id, String authorization, String body) throws IOException {
        HttpURLConnection c = front.node.open(front.url("/join/" + id));
        c.setRequestMethod("PUT");
        c.setConnectTimeout(5_000);
        c.setReadTimeout(15_000);
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        c.setRequestProperty("Content-Type", "application/json");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int code = c.getResponseCode();
        c.disconnect();
        return code;
    }

    @Test
    public void nodesJoinAreUsedMoveWhenOneDiesAndRejoin() throws Exception {
        // Every node is known by the URL it advertises, none derived from 127.0.0.1.
        for (String id : members.keySet()) {
            Map<String, Object> v = nodeView(id);
            assertEquals(v.toString(), "joined", v.get("origin"));
            assertEquals(v.toString(), advertised.get(id), v.get("url"));
            assertFalse(v.toString(), String.valueOf(v.get("url")).contains("127.0.0.1"));
        }

        // An impostor without the node credential cannot join; a bad request names the field.
        String announcement = "{\"url\":\"https://127.0.0.9:1\",\"heartbeatMillis\":1000}";
        assertEquals(401, join("impostor", null, announcement));
        assertEquals(401, join("impostor", "Bearer rmn_not-the-deployment-token-at-all-0123456789", announcement));
        assertEquals(401, join("impostor", Node.basic("admin", "wrong-password"), announcement));
        OcciHttp.Answer alice = occi.call("POST", "/auth/users", "application/json",
                "{\"name\":\"alice\",\"password\":\"alice-password-1\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(alice.toString(), 201, alice.code);
        assertEquals(403, join("impostor", Node.basic("alice", "alice-password-1"), announcement));
        assertEquals(400, join("impostor", front.node.nodeAuthorization(), "{\"url\":\"ftp://x\",\"heartbeatMillis\":1000}"));
        assertEquals(null, nodeView("impostor"));

        // The front end places four sensors and four computes across the nodes; collector ci: gi -> s(i+1).
        List<String> paths = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            OcciHttp.Answer s = occi.put("/occi/sensor/s" + i, sensor("s" + i));
            assertEquals(s.toString(), 201, s.code);
            paths.add("/occi/sensor/s" + i);
        }
        for (int i = 1; i <= 4; i++) {
            OcciHttp.Answer g = occi.put("/occi/compute/g" + i, compute());
            assertEquals(g.toString(), 201, g.code);
            paths.add("/occi/compute/g" + i);
        }
        for (int i = 1; i <= 4; i++) {
            OcciHttp.Answer c = occi.put("/occi/collector/c" + i, collector("g" + i, "s" + (i % 4 + 1)));
            assertEquals(c.toString(), 201, c.code);
            paths.add("/occi/collector/c" + i);
        }
        Set<Object> sensorNodes = new HashSet<>();
        Set<Object> computeNodes = new HashSet<>();
        for (int i = 1; i <= 4; i++) {
            sensorNodes.add(attribute("sensor", "s" + i, "rocmon.node"));
            computeNodes.add(attribute("compute", "g" + i, "rocmon.node"));
        }
        assertEquals("sensors on every node: " + sensorNodes, members.keySet(), sensorNodes);
        assertEquals("computes on every node: " + computeNodes, members.keySet(), computeNodes);
        Node.await("everything deployed", 60_000, () -> allDeployed(paths));
        List<String> sensors = List.of("s1", "s2", "s3", "s4");
        awaitValues(sensors, 4, "values reach every sensor");

        // The collectors aim at the sensors' advertised URLs and announce their own node's (Rocmon-Source).
        for (int i = 1; i <= 4; i++) {
            String computeNode = (String) attribute("compute", "g" + i, "rocmon.node");
            String sensorNode = (String) attribute("sensor", "s" + (i % 4 + 1), "rocmon.node");
            Node.Response c = members.get(computeNode).node.get("/resource/g" + i + "/collector/c" + i);
            assertEquals(c.toString(), 200, c.code);
            String target = String.valueOf(Json.object(c.body).get("target"));
            assertTrue(c.body, target.startsWith(advertised.get(sensorNode).replace("https://", "wss://")
                    + "/sensor/s" + (i % 4 + 1) + "/"));
            Node.Response s = members.get(sensorNode).node.get("/sensor/s" + (i % 4 + 1) + "/");
            assertTrue(s.body, s.body.contains(advertised.get(computeNode) + "/resource/g" + i + "/collector/c" + i));
        }

        // Kill the node that runs s2.
        String victim = (String) attribute("sensor", "s2", "rocmon.node");
        List<String> hosted = new ArrayList<>();
        for (String p : paths) {
            if (!p.startsWith("/occi/collector/") && victim.equals(OcciHttp.attribute(occi.get(p), "rocmon.node"))) {
                hosted.add(p);
            }
        }
        long killed = System.currentTimeMillis();
        members.get(victim).kill();
        Node.await(victim + " is marked down", 60_000, () -> "down".equals(nodeView(victim).get("health")));
        long seenDown = System.currentTimeMillis();
        long down = seenDown - killed;
        // Not before the grace: the front end had heard nothing from it for longer than that (same clock).
        long lastHeartbeat = ((Number) nodeView(victim).get("lastHeartbeat")).longValue();
        assertTrue("marked down " + (seenDown - lastHeartbeat) + " ms after its last heartbeat",
                seenDown - lastHeartbeat > GRACE_MILLIS);
        assertTrue(nodeView(victim).toString(), String.valueOf(nodeView(victim).get("lastError"))
                .startsWith("no heartbeat for"));
        Node.await("what " + victim + " ran moved and is deployed again", 90_000, () -> allDeployed(paths)
                && hosted.stream().noneMatch(p -> victim.equals(OcciHttp.attribute(occi.get(p), "rocmon.node"))));
        System.out.println("JoinIT: " + victim + " killed, marked down after " + down + " ms; moved: " + hosted
                + " after " + (System.currentTimeMillis() - killed) + " ms");
        awaitValues(sensors, 4, "values reach every sensor again without " + victim);
        Map<String, Object> moved = new LinkedHashMap<>();
        for (String p : hosted) {
            moved.put(p, OcciHttp.attribute(occi.get(p), "rocmon.node"));
        }

        // The node restarts on its data folder and rejoins; what moved stays where it went and is removed from it.
        members.get(victim).start();
        Node.await(victim + " is up again", 60_000, () -> "up".equals(nodeView(victim).get("health")));
        Node.await(victim + " no longer runs what moved away", 60_000, () -> {
            Node.Response s = members.get(victim).node.get("/sensor/");
            Node.Response r = members.get(victim).node.get("/resource/");
            return s.code == 200 && r.code == 200 && hosted.stream().map(p -> p.substring(p.lastIndexOf('/') + 1))
                    .noneMatch(id -> s.body.contains("\"" + id + "\"") || r.body.contains("\"" + id + "\""));
        });
        for (Map.Entry<String, Object> m : moved.entrySet()) {
            assertEquals(m.getKey(), m.getValue(), OcciHttp.attribute(occi.get(m.getKey()), "rocmon.node"));
            assertNotEquals(victim, m.getValue());
        }
        awaitValues(sensors, 4, "values still reach every sensor after " + victim + " rejoined");

        // The rejoined node runs nothing now (once its report says so): the next sensor goes there.
        Node.await(victim + " reports no load", 30_000, () -> {
            Object load = nodeView(victim).get("load");
            return load instanceof Map && Double.valueOf(0).equals(((Map<?, ?>) load).get("sensors"))
                    && Double.valueOf(0).equals(((Map<?, ?>) load).get("resources"));
        });
        OcciHttp.Answer s5 = occi.put("/occi/sensor/s5", sensor("s5"));
        assertEquals(s5.toString(), 201, s5.code);
        assertEquals(victim, OcciHttp.attribute(s5, "rocmon.node"));
        Node.await("s5 deployed on " + victim, 30_000, () -> allDeployed(List.of("/occi/sensor/s5"))
                && members.get(victim).node.get("/sensor/s5/").code == 200);

        // The front end restarts: it keeps joined nodes in memory only, so each node learns at its next heartbeat
        // (404) that it must announce itself again; then everything is deployed where it was.
        front.stop();
        front.start();
        Node.await("every node announced itself to the restarted front end", 120_000, () -> members.keySet()
                .stream().allMatch(id -> {
                    Map<String, Object> v = nodeView(id);
                    return v != null && "up".equals(v.get("health")) && "joined".equals(v.get("origin"));
                }));
        paths.add("/occi/sensor/s5");
        Node.await("everything deployed again after the front end restarted", 90_000, () -> allDeployed(paths));
        assertEquals(victim, attribute("sensor", "s5", "rocmon.node"));
        for (Map.Entry<String, Object> m : moved.entrySet()) {
            assertEquals(m.getKey(), m.getValue(), OcciHttp.attribute(occi.get(m.getKey()), "rocmon.node"));
        }
        awaitValues(sensors, 4, "values reach every sensor after the front end restarted");
        assertTrue(members.get(victim).log(), members.get(victim).log().contains("announce itself again"));
    }
}
