package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 15.3: the sensor's node is killed ({@code kill -9}) mid-stream while a collector sends at a steady rate, and
 * restarted on the same data folder. With the sensor's durable acks (the default, {@code ackDurability=disk}) every
 * frame it acknowledged is published after the restart (replayed from its ingest journal), and the collector re-sends
 * what was not acknowledged: nothing is lost; values published twice are at most those in flight at the kill
 * (reported). A real node process on loopback; the collector is the test's own, so every value is numbered.
 */
public class SensorCrashIT {

    private static final int RATE = 50;
    private static final int FRAMES = 600;
    /** Frames produced before the kill: about three seconds of the stream. */
    private static final int KILL_AT = 150;
    /** Duplicates allowed: what two seconds of the stream can have in flight (acked, not yet trimmed). */
    private static final int MAX_DUPLICATES = 2 * RATE;

    private static MultiNode nodes;
    private static NodeProcess sink;

    @BeforeClass
    public static void startNode() {
        nodes = new MultiNode("sensorcrash");
        sink = nodes.create("sink");
        nodes.startAll(List.of(sink));
    }

    @AfterClass
    public static void stopNode() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    public void aKilledSensorLosesNothingItAcknowledged() throws Exception {
        Path log = nodes.files("crash").resolve("sink.log");
        Sensors.define(sink.node, "/sensor/crash/", Node.logSensor("crash", "n", log, "crash-c"));
        long killedAt;
        long acknowledgedAtKill;
        long downMillis;
        try (ResendingCollector c = new ResendingCollector(sink.node, "crash", "crash-c", RATE, FRAMES)) {
            Node.await("the collector has produced " + KILL_AT + " frames", 30_000, () -> c.produced() >= KILL_AT);
            acknowledgedAtKill = c.acked();
            killedAt = c.produced();
            long t0 = System.currentTimeMillis();
            sink.kill();
            sink.start();
            downMillis = System.currentTimeMillis() - t0;
            Map<String, Object> status = Sensors.describe(sink.node, "crash");
            assertEquals("the restarted sensor acknowledges from its journal: " + status.get("status"), "disk",
                    ((Map<?, ?>) ((Map<?, ?>) status.get("status")).get("acks")).get("mode"));
            Node.await("every frame produced and acknowledged (acked " + c.acked() + ")", 120_000,
                    () -> c.produced() == FRAMES && c.acked() == FRAMES);
            System.out.println("SensorCrashIT: killed after " + killedAt + " frames (" + acknowledgedAtKill
                    + " acknowledged), down " + downMillis + " ms, reconnects " + c.reconnects());
        }
        Node.await("the sink logged every value (has " + Node.logLines(log).size() + ")", 60_000,
                () -> distinct(log).size() >= FRAMES);
        Node.sleep(1_000); // a late duplicate would show up now
        Map<Integer, Integer> seen = distinct(log);
        int lost = 0;
        for (int i = 1; i <= FRAMES; i++) {
            if (!seen.containsKey(i)) {
                lost++;
            }
        }
        int duplicated = 0;
        for (int n : seen.values()) {
            duplicated += n - 1;
        }
        System.out.println("SensorCrashIT: " + FRAMES + " frames at " + RATE + "/s, kill -9 of the sensor node: lost "
                + lost + ", published twice " + duplicated);
        assertEquals("values lost across the kill", 0, lost);
        assertTrue("values published twice are at most those in flight: " + duplicated,
                duplicated <= MAX_DUPLICATES);
    }

    /** @return how many times each value was logged */
    private static Map<Integer, Integer> distinct(Path log) {
        Map<Integer, Integer> seen = new TreeMap<>();
        for (Map<String, Object> line : Node.logLines(log)) {
            seen.merge(((Number) line.get("value")).intValue(), 1, Integer::sum);
        }
        return seen;
    }
}
