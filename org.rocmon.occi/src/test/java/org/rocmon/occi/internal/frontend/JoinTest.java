package org.rocmon.occi.internal.frontend;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.http.Problem;

/** Nodes that join by themselves: the join requests, heartbeats, the grace, redeployment and the rejoin. */
public class JoinTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Harness h;
    private JoinRequests join;

    @Before
    public void setUp() throws Exception {
        h = new Harness(tmp.newFolder("occi").toPath());
        h.frontend.configureNodes(10_000, "placed", "least-loaded", false);
        join = new JoinRequests(h.frontend);
    }

    private static JsonNode json(String s) {
        try {
            return Harness.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String announcement(String url, long heartbeat, int maxSensors, int sensors) {
        return "{\"url\":\"" + url + "\",\"heartbeatMillis\":" + heartbeat + ",\"capacity\":{\"maxSensors\":"
                + maxSensors + ",\"maxCollectors\":0},\"load\":{\"sensors\":" + sensors
                + ",\"resources\":0,\"collectors\":0}}";
    }

    private void refused(String id, String body, int status, String attribute) {
        try {
            join.announce(id, json(body));
            fail("accepted " + id + " " + body);
        } catch (Problem p) {
            assertEquals(p.detail(), status, p.status());
            assertEquals(p.detail(), attribute, p.attribute());
        }
    }

    private JsonNode attributes(String path) {
        return Harness.json(h.get(path)).get("attributes");
    }

    private String node(String id, String kind) {
        return attributes("/occi/" + kind + "/" + id).get("rocmon.node").asText();
    }

    @Test
    public void badJoinRequestsNameTheField() {
        String good = announcement("https://127.0.0.2:9001", 1000, 0, 0);
        refused("bad id!", good, 400, "id");
        refused("local", good, 409, "id");
        refused("n1", "{\"heartbeatMillis\":1000}", 400, "url");
        refused("n1", announcement("ftp://127.0.0.2:9001", 1000, 0, 0), 400, "url");
        refused("n1", announcement("https://127.0.0.2:9001/x", 1000, 0, 0), 400, "url");
        refused("n1", "{\"url\":\"https://127.0.0.2:9001\"}", 400, "heartbeatMillis");
        refused("n1", announcement("https://127.0.0.2:9001", 6000, 0, 0), 400, "heartbeatMillis");
        refused("n1", announcement("https://127.0.0.2:9001", 1000, -1, 0), 400, "capacity.maxSensors");
        refused("n1", good.replace("\"sensors\":0", "\"sensors\":\"many\""), 400, "load.sensors");
        refused("n1", good.replace("{\"maxSensors\"", "[{\"maxSensors\"").replace("0},\"load", "0}],\"load"), 400,
                "capacity");
        assertFalse(h.frontend.nodeViews().containsKey("n1"));
    }

    @Test
    public void aNodeJoinsHeartbeatsAndIsAskedToAnnounceAgainWhenUnknown() throws Problem {
        assertEquals(201, join.announce("n1", json(announcement("https://127.0.0.2:9001", 1000, 4, 1))).status);
        assertEquals(200, join.announce("n1", json(announcement("https://127.0.0.2:9001", 1000, 4, 1))).status);
        assertEquals(204, join.heartbeat("n1", json("{\"load\":{\"sensors\":3}}")).status);
        JsonNode view = Harness.MAPPER.valueToTree(h.frontend.nodeViews().get("n1"));
        assertEquals("joined", view.get("origin").asText());
        assertEquals("https://127.0.0.2:9001", view.get("url").asText());
        assertEquals("up", view.get("health").asText());
        assertEquals(3, view.get("load").get("sensors").asInt());
        assertEquals(4, view.get("capacity").get("maxSensors").asInt());
        try {
            join.heartbeat("nobody", json("{}"));
            fail();
        } catch (Problem p) {
            assertEquals(404, p.status());
        }
        // Registering a joined node by hand too is refused.
        assertEquals(409, h.call("PUT", "/occi/node/n1", "application/json", "{\"url\":\"http://127.0.0.1:2\"}").status);
    }

    @Test
    public void leastLoadedUsesWhatNodesReportAndTheirCapacity() throws Problem {
        join.announce("n1", json(announcement("https://localhost:9001", 1000, 0, 5)));
        join.announce("n2", json(announcement("https://127.0.0.2:9002", 1000, 0, 0)));
        join.announce("n3", json(announcement("https://127.0.0.3:9003", 1000, 1, 1)));
        assertEquals(201, h.put("/occi/sensor/s1", "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\","
                + "\"attributes\":{\"occi.sensor.period\":1}}").status);
        assertEquals("n2", node("s1", "sensor"));
        assertEquals(201, h.put("/occi/sensor/s2", "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\","
                + "\"attributes\":{\"occi.sensor.period\":1}}").status);
        // n2 runs 1 (placed), n1 reported 5, n3 is full (1 of 1 sensors).
        assertEquals("n2", node("s2", "sensor"));
        // A compute is placed as well; n3's sensor limit does not concern it.
        assertEquals(201, h.put("/occi/compute/g1", Harness.compute("g1")).status);
        assertEquals("n3", node("g1", "compute"));
    }

    @Test
    public void aSilentNodeIsMarkedDownItsPlacedEntitiesMoveAndItRejoinsCleanedUp() throws Problem {
        join.announce("a", json(announcement("https://127.0.0.2:9001", 1000, 0, 0)));
        join.announce("b", json(announcement("https://127.0.0.3:9002", 1000, 0, 0)));
        assertEquals(201, h.put("/occi/sensor/s", "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\","
                + "\"attributes\":{\"occi.sensor.period\":1}}").status);
        assertEquals("a", node("s", "sensor"));
        assertEquals(201, h.put("/occi/compute/g", Harness.compute("g")).status);
        assertEquals("b", node("g", "compute"));
        assertEquals(201, h.put("/occi/sensor/p", "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\","
                + "\"attributes\":{\"occi.sensor.period\":1,\"rocmon.node\":\"a\"}}").status);
        assertEquals(201, h.put("/occi/collector/c", Harness.listing2("c", "/occi/compute/g", "/occi/sensor/s")).status);

        // b keeps beating, a goes silent past the grace.
        h.clock.addAndGet(6_000);
        assertEquals(204, join.heartbeat("b", json("{}")).status);
        h.clock.addAndGet(6_000);
        h.nodes.clear();
        h.frontend.probe();
        assertEquals("b", node("s", "sensor"));
        assertEquals("a", node("p", "sensor"));
        assertEquals("failed", attributes("/occi/sensor/p").get("rocmon.state").asText());
        assertTrue(attributes("/occi/sensor/p").get("rocmon.reason").asText().contains("node a is down"));
        assertEquals("down", h.frontend.nodeViews().get("a").get("health"));
        h.frontend.retry();
        assertEquals("deployed", attributes("/occi/sensor/s").get("rocmon.state").asText());
        assertEquals("deployed", attributes("/occi/collector/c").get("rocmon.state").asText());
        assertTrue(h.nodes.calls().toString(), h.nodes.calls().contains("POST https://127.0.0.3:9002/sensor/s/"));
        String collector = h.nodes.bodies.get("POST https://127.0.0.3:9002/resource/g/collector/c");
        assertTrue(collector, collector.contains("wss://127.0.0.3:9002/sensor/s/"));
        assertFalse(h.nodes.calls().toString(),
                h.nodes.calls().stream().anyMatch(c -> c.startsWith("POST https://127.0.0.2")));
        try {
            join.heartbeat("a", json("{}"));
            fail();
        } catch (Problem p) {
            assertEquals(409, p.status());
        }

        // a restarts on its data: it still has s and p; it rejoins, s is removed from it, p deployed there again.
        h.nodes.gets.put("https://127.0.0.2:9001/sensor/", "[{\"id\":\"s\"},{\"id\":\"p\"}]");
        h.nodes.clear();
        assertEquals(200, join.announce("a", json(announcement("https://127.0.0.2:9001", 1000, 0, 2))).status);
        h.frontend.probe();
        h.frontend.retry();
        assertTrue(h.nodes.calls().toString(), h.nodes.calls().contains("DELETE https://127.0.0.2:9001/sensor/s/"));
        assertFalse(h.nodes.calls().contains("DELETE https://127.0.0.2:9001/sensor/p/"));
        assertTrue(h.nodes.calls().contains("POST https://127.0.0.2:9001/sensor/p/"));
        assertEquals("deployed", attributes("/occi/sensor/p").get("rocmon.state").asText());
        assertEquals("b", node("s", "sensor"));
        assertEquals("up", h.frontend.nodeViews().get("a").get("health"));
    }

    @Test
    public void nodeSettingsAreCheckedAtActivation() {
        for (String[] bad : new String[][] {{"10000", "sometimes", "local"}, {"10000", "placed", "random"},
            {"10", "placed", "local"}}) {
            try {
                NodeFleet.check(Long.parseLong(bad[0]), bad[1], bad[2]);
                fail(String.join(",", bad));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(bad[1].equals("sometimes") ? "redeploy"
                        : bad[2].equals("random") ? "placement" : "joinGraceMillis"));
            }
        }
    }
}
