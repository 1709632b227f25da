package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The OCCI front end's control actions, cycle refusal and node health, with real node processes on loopback: a
 * front-end node ("front", whose own runtime is the local node) and an edge node that is registered while nobody
 * listens on its port, then started there.
 */
public class OcciActionsIT {

    private static MultiNode nodes;
    private static NodeProcess front;
    private static OcciHttp occi;

    @BeforeClass
    public static void startFrontEnd() {
        nodes = new MultiNode("occi-actions");
        front = nodes.start("front");
        occi = new OcciHttp(front.node);
        Node.await("GET /occi/-/ answers 200", 60_000, () -> occi.get("/occi/-/").code == 200);
    }

    @AfterClass
    public static void stopAll() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static String logSensor(String id, String node) {
        Path log = nodes.files(id).resolve(id + ".log");
        return "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\",\"mixins\":[\"" + Sensors.PUB + "Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":0.5,\"" + Sensors.NS + "Log.filename\":"
                + Json.quote(log.toString()) + ",\"" + Sensors.NS + "Log.in_msg\":\"x\""
                + (node == null ? "" : ",\"rocmon.node\":\"" + node + "\"") + "}}";
    }

    private static String s2s(String source, String target) {
        return "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\",\"attributes\":"
                + "{\"occi.collector.period\":0.5},\"source\":\"/occi/sensor/" + source + "\",\"target\":\"/occi/sensor/"
                + target + "\"}";
    }

    private static Object nodeState(Node node, String sensor) {
        Node.Response r = node.get("/sensor/" + sensor + "/");
        if (r.code != 200) {
            return "HTTP " + r.code;
        }
        Object status = Json.object(r.body).get("status");
        return status instanceof Map ? ((Map<?, ?>) status).get("state") : null;
    }

    private static Object state(String path) {
        return OcciHttp.attribute(occi.get(path), "rocmon.state");
    }

    @Test
    public void pauseAndResumeReachTheNodeAndShowInTheEntity() {
        OcciHttp.Answer s = occi.put("/occi/sensor/act1", logSensor("act1", null));
        assertEquals(s.toString(), 201, s.code);
        assertEquals(s.toString(), "deployed", OcciHttp.attribute(s, "rocmon.state"));

        OcciHttp.Answer p = occi.call("POST", "/occi/sensor/act1?action=pause&propagate=true", null, null);
        assertEquals(p.toString(), 200, p.code);
        assertEquals(p.toString(), "paused", OcciHttp.attribute(p, "rocmon.control"));
        Node.await("the node shows act1 paused", 10_000, () -> "paused".equals(nodeState(front.node, "act1")));
        assertEquals("paused", OcciHttp.attribute(occi.get("/occi/sensor/act1"), "rocmon.control"));

        OcciHttp.Answer r = occi.call("POST", "/occi/sensor/act1?action=resume", null, null);
        assertEquals(r.toString(), 200, r.code);
        Node.await("the node shows act1 running", 10_000, () -> "running".equals(nodeState(front.node, "act1")));
        assertEquals("running", OcciHttp.attribute(occi.get("/occi/sensor/act1"), "rocmon.control"));

        OcciHttp.Answer bad = occi.call("POST", "/occi/sensor/act1?action=explode", null, null);
        assertEquals(bad.toString(), 400, bad.code);
        assertTrue(bad.body, bad.body.contains("action#pause"));
        OcciHttp.Answer data = occi.get("/occi/sensor/act1?data");
        assertEquals(data.toString(), 200, data.code);
        assertTrue(data.body, data.body.contains("channels"));
        assertEquals(204, occi.delete("/occi/sensor/act1").code);
    }

    @Test
    public void aCollectorClosingACycleIsRefused() {
        for (String id : List.of("cy1", "cy2")) {
            OcciHttp.Answer s = occi.put("/occi/sensor/" + id, logSensor(id, null));
            assertEquals(s.toString(), 201, s.code);
        }
        OcciHttp.Answer up = occi.put("/occi/collector/cy12", s2s("cy1", "cy2"));
        assertEquals(up.toString(), 201, up.code);
        OcciHttp.Answer back = occi.put("/occi/collector/cy21", s2s("cy2", "cy1"));
        assertEquals(back.toString(), 400, back.code);
        assertTrue(back.body, back.body.contains("cy2 -> cy1 -> cy2"));
        assertEquals(404, occi.get("/occi/collector/cy21").code);
        assertTrue(front.node.get("/sensor/cy2/").body, !front.node.get("/sensor/cy2/").body.contains("cy21"));
        assertEquals(204, occi.delete("/occi/sensor/cy1").code);
        assertEquals(204, occi.delete("/occi/sensor/cy2").code);
    }

    @Test
    public void aNodeThatIsDownShowsDownAndItsSensorFailedUntilItStarts() {
        NodeProcess edge = nodes.create("edge");
        OcciHttp.Answer reg = occi.call("PUT", "/occi/node/edge", "application/json",
                ("{\"url\":\"" + edge.url("") + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(reg.toString(), 201, reg.code);
        OcciHttp.Answer s = occi.put("/occi/sensor/far1", logSensor("far1", "edge"));
        assertEquals(s.toString(), 201, s.code);
        assertEquals(s.toString(), "failed", OcciHttp.attribute(s, "rocmon.state"));
        Node.await("edge shows down", 20_000,
                () -> "down".equals(Json.object(occi.get("/occi/node/edge").body).get("health")));
        Map<String, Object> view = Json.object(occi.get("/occi/node/edge").body);
        assertEquals(view.toString(), 1, ((Number) view.get("entities")).intValue());
        Object reason = OcciHttp.attribute(occi.get("/occi/sensor/far1"), "rocmon.reason");
        assertTrue(String.valueOf(reason), String.valueOf(reason).contains("node edge is down"));

        edge.start();
        Node.await("edge shows up", 30_000,
                () -> "up".equals(Json.object(occi.get("/occi/node/edge").body).get("health")));
        Node.await("far1 is deployed on edge", 30_000, () -> "deployed".equals(state("/occi/sensor/far1")));
        assertEquals(200, edge.node.get("/sensor/far1/").code);
        assertEquals(204, occi.delete("/occi/sensor/far1").code);
    }
}
