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
 * The sending node dies ({@code kill -9}) while its sensor-to-sensor edge holds frames the far sensor has not
 * acknowledged: with the edge's disk buffer (the default) the restarted node sends them, under the epoch and
 * sequence numbers they had, so the far sensor logs every value exactly once and in order. Two real node
 * processes on loopback; the link between them is a relay the test cuts, so the frames pile up in the buffer.
 */
public class DurableEdgeIT {

    private static final int BEFORE_KILL = 40;
    private static final int CUT_AT = 20;
    private static final int AFTER_RESTART = 10;
    private static final double FORWARD_PERIOD = 0.05;

    private static MultiNode nodes;
    private static NodeProcess sender;
    private static NodeProcess receiver;

    @BeforeClass
    public static void startNodes() {
        nodes = new MultiNode("durable");
        sender = nodes.create("sender");
        receiver = nodes.create("receiver");
        nodes.startAll(List.of(sender, receiver));
    }

    @AfterClass
    public static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    public void framesBufferedWhenTheSenderIsKilledArriveOnceAfterItRestarts() throws Exception {
        Path log = nodes.files("kill").resolve("receiver.log");
        try (LinkProxy link = new LinkProxy(receiver.port)) {
            Sensors.define(receiver.node, "/sensor/k-far/", Sensors.sensor(List.of(Sensors.PUB + "Log"),
                    Sensors.attrs("occi.sensor.period", 0.5, Sensors.NS + "Log.filename", log.toString(),
                            Sensors.NS + "Log.in_msg", "n"), List.of("k-up")));
            Sensors.define(sender.node, "/sensor/k-edge/", Sensors.sensor(List.of(Sensors.PUB + "Log"),
                    Sensors.attrs("occi.sensor.period", 0.5, Sensors.NS + "Log.filename",
                            log.resolveSibling("sender.log").toString(), Sensors.NS + "Log.in_msg", "n"),
                    List.of("k-feeder")));
            Sensors.define(sender.node, "/sensor/k-edge/collector/k-up", Sensors.forward("k-up", FORWARD_PERIOD,
                    "https://127.0.0.1:" + link.port + "/sensor/k-far/", "n"));
            Node.await("the sender's edge connects", 15_000, () -> "connected".equals(edgeState()));

            try (TestCollector feeder = TestCollector.connect(sender.node, "k-edge", "k-feeder")) {
                for (int i = 1; i <= BEFORE_KILL; i++) {
                    if (i == CUT_AT) {
                        link.cut();
                    }
                    feed(feeder, i, i);
                }
            }
            Map<String, Object> before = Sensors.describe(sender.node, "k-edge");
            long buffered = Sensors.edgeCounter(before, "k-up", "edge", "buffered");
            assertTrue("the cut link left frames in the edge's buffer: " + before.get("edges"),
                    buffered >= BEFORE_KILL - CUT_AT);
            assertEquals("the edge keeps them on disk", 1, Sensors.edgeCounter(before, "k-up", "edge", "durable"));
            // two commit passes over the edge's file after the reading above (one may have been under way at it):
            // what was buffered is in the file
            long passes = Sensors.edgeCounter(before, "k-up", "edge", "commitPasses");
            assertTrue("the edge shows its file's commit passes: " + before.get("edges"), passes >= 0);
            Node.await("two commit passes over the edge's buffer file", 10_000, () -> Sensors.edgeCounter(
                    Sensors.describe(sender.node, "k-edge"), "k-up", "edge", "commitPasses") >= passes + 2);
            sender.kill();
            link.restore();
            sender.start();

            // the restored sensor opens its edge once the node's collector edges are up
            Node.await("the restarted sender reopens its edge", 30_000, () -> edgeState() != null);
            Map<String, Object> after = Sensors.describe(sender.node, "k-edge");
            assertEquals("the restarted sender took the unacknowledged frames back from its buffer", buffered,
                    Sensors.edgeCounter(after, "k-up", "edge", "recovered"));
            long forwarded = Sensors.edgeCounter(after, "k-up", "counters", "out");
            try (TestCollector feeder = TestCollector.connect(sender.node, "k-edge", "k-feeder")) {
                for (int k = 1; k <= AFTER_RESTART; k++) {
                    feed(feeder, BEFORE_KILL + k, forwarded + k);
                }
            }
        }
        int total = BEFORE_KILL + AFTER_RESTART;
        Node.await("the receiver logged " + total + " values (has " + Node.logLines(log).size() + ")", 45_000,
                () -> Node.logLines(log).size() >= total);
        Node.sleep(1_000); // a late duplicate would show up now
        List<Integer> values = new ArrayList<>();
        for (Map<String, Object> line : Node.logLines(log)) {
            values.add(((Number) line.get("value")).intValue());
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            expected.add(i);
        }
        assertEquals("every value once and in order across the kill", expected, values);
    }

    /** @return the state of the sender's edge, or null while the sensor has none (yet) */
    private static String edgeState() {
        Map<String, Object> d = Sensors.describe(sender.node, "k-edge");
        Object edges = d.get("edges");
        return edges instanceof Map && ((Map<?, ?>) edges).get("k-up") != null ? Sensors.edgeState(d, "k-up") : null;
    }

    /**
     * Sends value {@code i} and waits until the sender has handed {@code out} values to its edge since it started
     * (one per forwarding period), so no value is superseded before it is forwarded.
     */
    private static void feed(TestCollector feeder, int i, long out) {
        feeder.send(System.currentTimeMillis(), Map.of("n", i));
        Node.await("the sender forwards value " + i, 10_000, () -> Sensors.edgeCounter(
                Sensors.describe(sender.node, "k-edge"), "k-up", "counters", "out") >= out);
    }
}
