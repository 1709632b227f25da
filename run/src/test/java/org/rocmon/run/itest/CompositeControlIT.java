package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Control as Composite Probes defines it (issue 16), on real node processes: a DAG of sensors across three nodes,
 * root {@code r} (root node) fed by {@code m1} and {@code m2} (mid node), both fed by the same leaf {@code l} (leaf
 * node), {@code m1} also by {@code solo}, and {@code r} by {@code d} (leaf node). Every command reaches a descendant
 * through the root and the caller waits for its outcome; children first, with one child failing; the shared leaf
 * takes a command once. And the Combine aggregator in a running pipeline.
 */
public class CompositeControlIT {

    private static MultiNode nodes;
    private static NodeProcess leaf;
    private static NodeProcess mid;
    private static NodeProcess root;
    private static Path files;

    private static String logSensor(String id, String... links) {
        return Sensors.sensor(List.of(Sensors.PUB + "Log"), Sensors.attrs("occi.sensor.period", 1,
                Sensors.NS + "Log.filename", files.resolve(id + ".log").toString(), Sensors.NS + "Log.in_msg", "x"),
                List.of(links));
    }

    @BeforeClass
    public static void deploy() {
        nodes = new MultiNode("composite-control");
        List<NodeProcess> p = nodes.startAll("leaf", "mid", "root");
        leaf = p.get(0);
        mid = p.get(1);
        root = p.get(2);
        files = nodes.files("logs");
        Sensors.define(root.node, "/sensor/r/", logSensor("r", "m1-r", "m2-r", "d-r"));
        Sensors.define(mid.node, "/sensor/m1/", logSensor("m1", "l-m1", "solo-m1", "feed"));
        Sensors.define(mid.node, "/sensor/m2/", logSensor("m2", "l-m2"));
        Sensors.define(leaf.node, "/sensor/l/", logSensor("l", "feed"));
        Sensors.define(leaf.node, "/sensor/solo/", logSensor("solo", "feed"));
        Sensors.define(leaf.node, "/sensor/d/", logSensor("d", "feed"));
        Sensors.define(mid.node, "/sensor/m1/collector/m1-r", Sensors.forward("m1-r", 0.05, root.url("/sensor/r/"), "x"));
        Sensors.define(mid.node, "/sensor/m2/collector/m2-r", Sensors.forward("m2-r", 0.05, root.url("/sensor/r/"), "x"));
        Sensors.define(leaf.node, "/sensor/l/collector/l-m1", Sensors.forward("l-m1", 0.05, mid.url("/sensor/m1/"), "x"));
        Sensors.define(leaf.node, "/sensor/l/collector/l-m2", Sensors.forward("l-m2", 0.05, mid.url("/sensor/m2/"), "x"));
        Sensors.define(leaf.node, "/sensor/solo/collector/solo-m1",
                Sensors.forward("solo-m1", 0.05, mid.url("/sensor/m1/"), "x"));
        Sensors.define(leaf.node, "/sensor/d/collector/d-r", Sensors.forward("d-r", 0.05, root.url("/sensor/r/"), "x"));
        awaitSources(root.node, "r", "m1-r", "m2-r", "d-r");
        awaitSources(mid.node, "m1", "l-m1", "solo-m1");
        awaitSources(mid.node, "m2", "l-m2");
    }

    private static void awaitSources(Node node, String sensor, String... collectors) {
        Node.await(sensor + " knows where " + List.of(collectors) + " come from", 20_000, () -> {
            Object sources = Sensors.describe(node, sensor).get("sources");
            for (String c : collectors) {
                if (Json.find(sources, c) == null) {
                    return false;
                }
            }
            return true;
        });
    }

    @AfterClass
    public static void tearDown() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> command(Node.Response r) {
        return (Map<String, Object>) r.json().get("command");
    }

    private static String state(Node node, String sensor) {
        Node.Response r = node.get("/sensor/" + sensor + "/");
        return r.code == 200 ? String.valueOf(Json.find(r.json().get("status"), "state")) : "HTTP " + r.code;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> propagated(Map<String, Object> command) {
        return (List<Map<String, Object>>) command.get("propagated");
    }

    @Test
    public void commandsGoChildrenFirstOncePerSensorAndReachAnyDescendant() {
        // 1. DAG: r -> m1, m2 -> l. The caller waits for the outcome; l takes the command once.
        Node.Response r = root.node.post("/sensor/r/?action=pause&propagate=true&wait=30s", "");
        assertEquals(r.toString(), 200, r.code);
        Map<String, Object> cmd = command(r);
        assertEquals(r.body, "succeeded", cmd.get("status"));
        assertEquals(true, cmd.get("applied"));
        for (String s : new String[] {"m1", "m2"}) {
            assertEquals(s, "paused", state(mid.node, s));
        }
        for (String s : new String[] {"l", "solo", "d"}) {
            assertEquals(s, "paused", state(leaf.node, s));
        }
        assertEquals("paused", state(root.node, "r"));
        String id = String.valueOf(cmd.get("command"));
        List<Object> leafAnswers = new ArrayList<>();
        for (String s : new String[] {"m1", "m2"}) {
            Node.Response rec = mid.node.get("/sensor/" + s + "/command/" + id);
            assertEquals(rec.toString(), 200, rec.code);
            for (Map<String, Object> child : propagated(command(rec))) {
                if (child.get("target").equals(leaf.url("/sensor/l/"))) {
                    leafAnswers.add(child.getOrDefault("duplicate", false));
                }
            }
        }
        assertEquals("l answered both parents, one of them as a duplicate: " + leafAnswers, 2, leafAnswers.size());
        assertTrue("exactly one duplicate: " + leafAnswers, leafAnswers.contains(true) && leafAnswers.contains(false));
        Node.Response onLeaf = leaf.node.get("/sensor/l/command/" + id);
        assertEquals(onLeaf.toString(), "succeeded", command(onLeaf).get("status"));

        r = root.node.post("/sensor/r/?action=resume&propagate=true&wait=30s", "");
        assertEquals(r.body, "succeeded", command(r).get("status"));
        assertEquals("running", state(leaf.node, "l"));

        // 2. children first, with one child failing: d is gone, so r is left untouched and says which child failed
        assertEquals(204, leaf.node.delete("/sensor/d/").code);
        r = root.node.post("/sensor/r/?action=stop&propagate=true&wait=30s", "");
        assertEquals(r.toString(), 200, r.code);
        cmd = command(r);
        assertEquals(r.body, "failed", cmd.get("status"));
        assertEquals(false, cmd.get("applied"));
        assertEquals(List.of(leaf.url("/sensor/d/")), cmd.get("failed"));
        assertTrue(r.body, String.valueOf(cmd.get("detail")).contains(leaf.url("/sensor/d/")));
        assertEquals("the parent is untouched", "running", state(root.node, "r"));
        assertEquals("the children that succeeded took it", "stopped", state(mid.node, "m1"));
        // best-effort: the parent takes it whatever the children say; the failure is still reported
        r = root.node.post("/sensor/r/?action=start&propagate=true&policy=best-effort&wait=30s", "");
        cmd = command(r);
        assertEquals(r.body, "failed", cmd.get("status"));
        assertEquals(true, cmd.get("applied"));
        assertEquals("running", state(mid.node, "m1"));

        // 3. every command, addressed to solo through the root (r -> m1 -> solo), waited for
        String[][] steps = {{"init", "stopped"}, {"start", "running"}, {"stop", "stopped"}, {"pause", "paused"},
            {"resume", "running"}};
        for (String[] step : steps) {
            r = root.node.post("/sensor/r/?action=" + step[0] + "&descendant=solo&wait=20s&command=solo-" + step[0],
                    "");
            assertEquals(r.toString(), 200, r.code);
            assertEquals(r.body, "solo", r.json().get("id"));
            assertEquals(r.body, "succeeded", command(r).get("status"));
            assertEquals(step[0], step[1], state(leaf.node, "solo"));
            Node.Response rec = root.node.get("/sensor/r/command/solo-" + step[0]);
            assertEquals("the root relays the record of the command it routed: " + rec, "succeeded",
                    command(rec).get("status"));
        }
        assertEquals("the root itself is untouched", "running", state(root.node, "r"));
        r = root.node.post("/sensor/r/?action=terminate&descendant=" + leaf.url("/sensor/solo/") + "&wait=20s", "");
        assertEquals(r.toString(), 200, r.code);
        assertEquals("terminated", r.json().get("state"));
        assertEquals("succeeded", command(r).get("status"));
        assertEquals("terminate ends the sensor", 404, leaf.node.get("/sensor/solo/").code);
        r = root.node.post("/sensor/r/?action=pause&descendant=ghost", "");
        assertEquals(r.toString(), 404, r.code);
        assertEquals("ghost", r.json().get("descendant"));
    }

    @Test
    public void combineMakesOneFigureFromSeveralMetricsInARunningPipeline() {
        String combine = Sensors.NS + "Combine.";
        String body = Sensors.sensor(List.of(Sensors.AGG + "Combine", Sensors.PUB + "Log"), Sensors.attrs(
                "occi.sensor.period", 1, combine + "in1", "cpu", combine + "in2", "mem", combine + "in3", "disk",
                combine + "formula", "0.5*cpu + 0.3*mem + 0.2*disk", combine + "output", "load",
                combine + "staleness", 60, Sensors.NS + "Log.filename", files.resolve("load.log").toString(),
                Sensors.NS + "Log.in_msg", "load"), List.of("host"));
        Sensors.define(root.node, "/sensor/load/", body);
        Path log = files.resolve("load.log");
        try (TestCollector host = TestCollector.connect(root.node, "load", "host")) {
            long t = System.currentTimeMillis();
            host.send(t, Map.of("cpu", 40));
            host.send(t + 10, Map.of("mem", 50));
            long seq = host.send(t + 20, Map.of("disk", 10, "net", 99));
            host.awaitAck(seq, 10_000);
            Node.await("the figure is logged", 10_000, () -> Node.logLines(log).size() >= 1);
            Node.sleep(300);
            List<Map<String, Object>> lines = Node.logLines(log);
            assertEquals("nothing before every input has a value: " + lines, 1, lines.size());
            assertEquals(37.0, ((Number) lines.get(0).get("value")).doubleValue(), 1e-9);
            host.awaitAck(host.send(t + 30, Map.of("cpu", 60)), 10_000);
            Node.await("a new cpu value gives a new figure", 10_000, () -> Node.logLines(log).size() >= 2);
            assertEquals(47.0, ((Number) Node.logLines(log).get(1).get("value")).doubleValue(), 1e-9);
        }
        body = body.replace("0.5*cpu + 0.3*mem + 0.2*disk", "0.5*cpu + 0.3*mem + 0.2*");
        Node.Response r = root.node.post("/sensor/load2/", body);
        assertEquals(r.toString(), 400, r.code);
        assertEquals(Sensors.NS + "Combine.formula", r.json().get("attribute"));
    }
}
