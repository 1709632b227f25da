package org.rocmon.occi.internal.frontend;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Control actions, pull relay, cycle refusal and node health of the front end, against fake nodes. */
public class FrontendControlTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Harness h;

    @Before
    public void setUp() throws Exception {
        h = new Harness(tmp.newFolder("occi").toPath());
    }

    private static String sensor(String id, String node) {
        return "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\",\"attributes\":{\"occi.sensor.period\":1"
                + (node == null ? "" : ",\"rocmon.node\":\"" + node + "\"") + "}}";
    }

    private static String s2s(String source, String target) {
        return "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\",\"attributes\":"
                + "{\"occi.collector.period\":1},\"source\":\"/occi/sensor/" + source + "\",\"target\":\"/occi/sensor/"
                + target + "\"}";
    }

    private JsonNode attributes(String path) {
        return Harness.json(h.get(path)).get("attributes");
    }

    @Test
    public void queryInterfaceAdvertisesTheControlActions() {
        JsonNode model = Harness.json(h.get("/occi/-/"));
        assertEquals(5, model.get("actions").size());
        assertEquals("init", model.get("actions").get(0).get("term").asText());
        assertEquals("http://schemas.ogf.org/occi/monitoring/action#", model.get("actions").get(0).get("scheme")
                .asText());
        for (JsonNode k : model.get("kinds")) {
            String term = k.get("term").asText();
            boolean controllable = "sensor".equals(term) || "collector".equals(term);
            assertEquals(term, controllable, k.has("actions"));
            if (controllable) {
                assertTrue(k.get("actions").toString().contains("http://schemas.ogf.org/occi/monitoring/action#pause"));
            }
        }
        List<String> v = OcciSchema.violations(model, "model");
        assertTrue(v.toString(), v.isEmpty());
        assertTrue(h.get("/occi/-/", "Accept", "text/plain").text()
                .contains("actions=\"http://schemas.ogf.org/occi/monitoring/action#init"));
    }

    @Test
    public void actionsGoToTheNodeAndShowAsControlState() {
        assertEquals(201, h.put("/occi/sensor/s1", sensor("s1", null)).status);
        assertNull(attributes("/occi/sensor/s1").get("rocmon.control"));
        h.nodes.clear();

        OcciResponse r = h.call("POST", "/occi/sensor/s1?action=pause&propagate=true", null, null);
        assertEquals(r.text(), 200, r.status);
        assertEquals("paused", Harness.json(r).get("attributes").get("rocmon.control").asText());
        assertEquals(List.of("POST " + Harness.LOCAL + "/sensor/s1/?action=pause&propagate=true"), h.nodes.calls());
        assertEquals("paused", attributes("/occi/sensor/s1").get("rocmon.control").asText());

        // By scheme + term, with propagate in a JSON action instance.
        h.nodes.clear();
        r = h.call("POST", "/occi/sensor/s1?action=http://schemas.ogf.org/occi/monitoring/action%23resume",
                "application/occi+json", "{\"action\":\"x\",\"attributes\":{\"propagate\":false}}");
        assertEquals(r.text(), 200, r.status);
        assertEquals(List.of("POST " + Harness.LOCAL + "/sensor/s1/?action=resume&propagate=false"), h.nodes.calls());
        assertEquals("running", attributes("/occi/sensor/s1").get("rocmon.control").asText());

        JsonNode bad = Harness.json(h.call("POST", "/occi/sensor/s1?action=explode", null, null));
        assertEquals("action", bad.get("attribute").asText());
        assertTrue(bad.get("available").toString().contains("action#stop"));
        assertEquals(400, h.call("POST", "/occi/sensor/s1?action=stop&propagate=maybe", null, null).status);
        JsonNode badPolicy = Harness.json(h.call("POST", "/occi/sensor/s1?action=stop&policy=random", null, null));
        assertEquals("policy", badPolicy.get("attribute").asText());

        // init and a policy go through to the node; init leaves the entity stopped until a start
        h.nodes.clear();
        r = h.call("POST", "/occi/sensor/s1?action=init&propagate=true&policy=parent-first", null, null);
        assertEquals(r.text(), 200, r.status);
        assertEquals(List.of("POST " + Harness.LOCAL + "/sensor/s1/?action=init&propagate=true&policy=parent-first"),
                h.nodes.calls());
        assertEquals("stopped", attributes("/occi/sensor/s1").get("rocmon.control").asText());
        assertEquals(404, h.call("POST", "/occi/sensor/nope?action=stop", null, null).status);

        // A replaced sensor keeps its control state; a client cannot set it directly.
        h.call("POST", "/occi/sensor/s1?action=stop", null, null);
        OcciResponse put = h.put("/occi/sensor/s1", sensor("s1", null).replace("\"occi.sensor.period\":1",
                "\"occi.sensor.period\":2,\"rocmon.control\":\"running\""));
        assertEquals(put.text(), 200, put.status);
        assertEquals("stopped", attributes("/occi/sensor/s1").get("rocmon.control").asText());
    }

    @Test
    public void collectorActionsGoToTheNodeThatRunsThem() {
        assertEquals(201, h.put("/occi/compute/g01", Harness.compute("g01")).status);
        assertEquals(201, h.put("/occi/sensor/s01", Harness.listing1("s01", 3)).status);
        assertEquals(201, h.put("/occi/collector/c01", Harness.listing2("c01", "g01", "s01")).status);
        assertEquals(201, h.put("/occi/sensor/s02", sensor("s02", null)).status);
        assertEquals(201, h.put("/occi/collector/up", s2s("s02", "s01")).status);
        h.nodes.clear();
        assertEquals(200, h.call("POST", "/occi/collector/c01?action=stop", null, null).status);
        assertEquals(200, h.call("POST", "/occi/collector/up?action=pause", null, null).status);
        assertEquals(List.of("POST " + Harness.LOCAL + "/resource/g01/collector/c01?action=stop",
                "POST " + Harness.LOCAL + "/sensor/s02/collector/up?action=pause"), h.nodes.calls());
        assertEquals("stopped", attributes("/occi/collector/c01").get("rocmon.control").asText());
        assertEquals(400, h.call("POST", "/occi/compute/g01?action=stop", null, null).status);
    }

    @Test
    public void anActionThatCannotReachTheNodeIsReportedAndChangesNothing() {
        assertEquals(201, h.put("/occi/sensor/s1", sensor("s1", null)).status);
        h.nodes.down = true;
        OcciResponse r = h.call("POST", "/occi/sensor/s1?action=pause", null, null);
        assertEquals(502, r.status);
        assertTrue(r.text(), r.text().contains("Connection refused"));
        assertNull(attributes("/occi/sensor/s1").get("rocmon.control"));
    }

    @Test
    public void pullAndStatusAreRelayedFromTheNode() {
        assertEquals(201, h.put("/occi/sensor/s1", sensor("s1", null)).status);
        h.nodes.clear();
        assertEquals(200, h.get("/occi/sensor/s1?data").status);
        assertEquals(200, h.get("/occi/sensor/s1?data&descendant=http://127.0.0.1:9/sensor/x/").status);
        assertEquals(200, h.get("/occi/sensor/s1?status").status);
        assertEquals(List.of("GET " + Harness.LOCAL + "/sensor/s1/data",
                "GET " + Harness.LOCAL + "/sensor/s1/data?descendant=http%3A%2F%2F127.0.0.1%3A9%2Fsensor%2Fx%2F",
                "GET " + Harness.LOCAL + "/sensor/s1/"), h.nodes.calls());
        h.nodes.down = true;
        assertEquals(502, h.get("/occi/sensor/s1?data").status);
    }

    @Test
    public void aCollectorClosingACycleOfSensorsIsRefusedWithThePath() {
        for (String s : new String[] {"a", "b", "c"}) {
            assertEquals(201, h.put("/occi/sensor/" + s, sensor(s, null)).status);
        }
        assertEquals(201, h.put("/occi/collector/ab", s2s("a", "b")).status);
        assertEquals(201, h.put("/occi/collector/bc", s2s("b", "c")).status);
        h.nodes.clear();
        OcciResponse r = h.put("/occi/collector/ca", s2s("c", "a"));
        assertEquals(r.text(), 400, r.status);
        JsonNode body = Harness.json(r);
        assertTrue(body.get("detail").asText(), body.get("detail").asText().contains("c -> a -> b -> c"));
        assertEquals("occi.core.target", body.get("attribute").asText());
        assertEquals(404, h.get("/occi/collector/ca").status);
        assertTrue("nothing deployed: " + h.nodes.calls(), h.nodes.calls().isEmpty());
        assertEquals(400, h.put("/occi/collector/self", s2s("a", "a")).status);
        // Moving an existing collector so that it closes a cycle is refused too; a DAG is fine.
        assertEquals(400, h.call("POST", "/occi/collector/bc", "application/json",
                "{\"target\":\"/occi/sensor/a\"}").status);
        assertEquals(201, h.put("/occi/collector/ac", s2s("a", "c")).status);
    }

    @Test
    public void aNodeThatIsDownShowsDownAndItsEntitiesFailedUntilItReturns() {
        String url = "http://127.0.0.1:2";
        assertEquals(201, h.call("PUT", "/occi/node/edge1", "application/json", "{\"url\":\"" + url + "\"}").status);
        assertEquals(201, h.put("/occi/sensor/s1", sensor("s1", "edge1")).status);
        assertEquals("deployed", attributes("/occi/sensor/s1").get("rocmon.state").asText());
        h.frontend.probe();
        JsonNode node = Harness.json(h.get("/occi/node/edge1"));
        assertEquals("up", node.get("health").asText());
        assertEquals(1, node.get("entities").asInt());

        h.nodes.downNodes.add(url);
        h.frontend.probe();
        node = Harness.json(h.get("/occi/node/edge1"));
        assertEquals("down", node.get("health").asText());
        assertTrue(node.toString(), node.get("lastError").asText().contains("refused"));
        JsonNode s = attributes("/occi/sensor/s1");
        assertEquals("failed", s.get("rocmon.state").asText());
        assertTrue(s.toString(), s.get("rocmon.reason").asText().contains("node edge1 is down"));
        assertEquals("up", Harness.json(h.get("/occi/node/local")).get("health").asText());
        // No deployment is tried on a node known to be down.
        h.nodes.clear();
        h.frontend.retry();
        assertFalse(h.nodes.calls().toString(), h.nodes.calls().stream().anyMatch(c -> c.contains(url)));

        h.nodes.downNodes.clear();
        h.frontend.probe();
        h.frontend.retry();
        assertEquals("deployed", attributes("/occi/sensor/s1").get("rocmon.state").asText());
        assertEquals("up", Harness.json(h.get("/occi/node/")).get("nodes").get(0).get("health").asText());
    }

    @Test
    public void aRedeployedSensorIsPausedAgain() {
        assertEquals(201, h.put("/occi/sensor/s1", sensor("s1", null)).status);
        assertEquals(200, h.call("POST", "/occi/sensor/s1?action=pause", null, null).status);
        h.nodes.downNodes.add(Harness.LOCAL);
        h.frontend.probe();
        assertEquals("failed", attributes("/occi/sensor/s1").get("rocmon.state").asText());
        h.nodes.downNodes.clear();
        h.nodes.clear();
        h.frontend.probe();
        h.frontend.retry();
        List<String> calls = h.nodes.calls();
        assertTrue(calls.toString(), calls.contains("POST " + Harness.LOCAL + "/sensor/s1/?action=pause&propagate=false"));
        assertEquals("paused", attributes("/occi/sensor/s1").get("rocmon.control").asText());
    }

    @Test
    public void leastLoadedPlacementPicksTheHealthyNodeWithFewestSensors() {
        h.frontend.placeOnLeastLoaded(true);
        assertEquals(201, h.put("/occi/sensor/s0", sensor("s0", null)).status);
        assertEquals("local", attributes("/occi/sensor/s0").get("rocmon.node").asText());
        assertEquals(201, h.call("PUT", "/occi/node/edge1", "application/json", "{\"url\":\"http://127.0.0.1:2\"}").status);
        assertEquals(201, h.call("PUT", "/occi/node/edge2", "application/json", "{\"url\":\"http://127.0.0.1:3\"}").status);
        h.nodes.downNodes.add("http://127.0.0.1:3");
        h.frontend.probe();
        // local has one sensor, edge1 none, edge2 is down.
        assertEquals(201, h.put("/occi/sensor/s1", sensor("s1", null)).status);
        assertEquals("edge1", attributes("/occi/sensor/s1").get("rocmon.node").asText());
        assertEquals(201, h.put("/occi/sensor/s2", sensor("s2", null)).status);
        assertEquals("edge1", attributes("/occi/sensor/s2").get("rocmon.node").asText());
        assertEquals(201, h.put("/occi/sensor/s3", sensor("s3", null)).status);
        assertEquals("local", attributes("/occi/sensor/s3").get("rocmon.node").asText());
        // An explicit node wins, and a replaced sensor stays where it is.
        assertEquals(201, h.put("/occi/sensor/s4", sensor("s4", "local")).status);
        assertEquals("local", attributes("/occi/sensor/s4").get("rocmon.node").asText());
        assertEquals(200, h.put("/occi/sensor/s1", sensor("s1", "edge1")).status);
        assertEquals("edge1", attributes("/occi/sensor/s1").get("rocmon.node").asText());
    }
}
