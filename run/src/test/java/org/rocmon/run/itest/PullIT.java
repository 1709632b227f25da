package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The pull of local data (issue 6) over a three-level hierarchy of real node processes: leaf -> mid -> root, each
 * sensor on its own node, linked by sensor-to-sensor collectors. Any sensor answers with its latest value per
 * channel (timestamp and source), and the root answers for its grand-child by routing the query down.
 */
public class PullIT {

    private static MultiNode nodes;
    private static List<NodeProcess> procs;
    private static TestCollector feed;

    private static String url(int i, String sensor) {
        return procs.get(i).url("/sensor/" + sensor + "/");
    }

    @BeforeClass
    public static void deploy() {
        nodes = new MultiNode("pull");
        procs = nodes.startAll("leaf", "mid", "root");
        Path files = nodes.files("logs");
        Node leaf = procs.get(0).node;
        Node mid = procs.get(1).node;
        Node root = procs.get(2).node;
        Sensors.define(root, "/sensor/root/", Node.logSensor("root", "x", files.resolve("root.log"), "mid-up"));
        Sensors.define(mid, "/sensor/mid/", Node.logSensor("mid", "x", files.resolve("mid.log"), "leaf-up"));
        Sensors.define(leaf, "/sensor/leaf/", Node.logSensor("leaf", "x", files.resolve("leaf.log"), "feed"));
        Sensors.define(mid, "/sensor/mid/collector/mid-up", Sensors.forward("mid-up", 0.05, url(2, "root"), "x"));
        Sensors.define(leaf, "/sensor/leaf/collector/leaf-up",
                Sensors.forward("leaf-up", 0.05, url(1, "mid"), "x"));
        feed = TestCollector.connect(leaf, "leaf", "feed");
        feed.awaitAck(feed.send(1_000L, Map.of("x", 41.5)), 10_000);
        Node.await("the value reaches the root", 20_000, () -> {
            Map<String, Object> x = Sensors.channels(root, "root").get("x");
            return x != null && Sensors.number(x) == 41.5;
        });
    }

    @AfterClass
    public static void tearDown() {
        if (feed != null) {
            feed.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> x(Map<String, Object> data) {
        return (Map<String, Object>) ((Map<String, Object>) data.get("channels")).get("x");
    }

    @Test
    public void aSensorAnswersWithItsLatestValues() {
        Node.Response r = procs.get(2).node.get("/sensor/root/data");
        assertEquals(r.toString(), 200, r.code);
        Map<String, Object> d = r.json();
        assertEquals(url(2, "root"), d.get("sensor"));
        assertEquals(41.5, ((Number) x(d).get("value")).doubleValue(), 0);
        assertEquals("mid-up", x(d).get("source"));
        assertTrue(((Number) x(d).get("ts")).longValue() > 0);
    }

    @Test
    public void theRootAnswersForItsGrandChildThroughTheHierarchy() {
        for (String name : new String[] {"leaf", url(0, "leaf")}) {
            Node.Response r = procs.get(2).node.get("/sensor/root/data?descendant="
                    + URLEncoder.encode(name, StandardCharsets.UTF_8));
            assertEquals(r.toString(), 200, r.code);
            Map<String, Object> d = r.json();
            assertEquals(url(0, "leaf"), d.get("sensor"));
            assertEquals(41.5, ((Number) x(d).get("value")).doubleValue(), 0);
            assertEquals("feed", x(d).get("source"));
            assertEquals(1_000L, ((Number) x(d).get("ts")).longValue());
        }
        Node.Response r = procs.get(2).node.get("/sensor/root/data?descendant=mid");
        assertEquals(url(1, "mid"), r.json().get("sensor"));
        r = procs.get(2).node.get("/sensor/root/data?descendant=ghost");
        assertEquals(r.toString(), 404, r.code);
        assertTrue(r.body, String.valueOf(r.json().get("detail")).contains("ghost"));
        assertEquals(r.body, "ghost", r.json().get("descendant"));
    }
}
