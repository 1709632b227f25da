package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Composite Probes example across three real node processes: compute nodes 1 and 2 each run a leaf sensor
 * ("system1", "system2") fed by a collector measuring its host (CPUPercent and LoadAverage every 0.5 s, resources
 * "host1" and "host2"); each leaf forwards its channels through sensor-to-sensor collectors to the cluster node,
 * where "cluster" computes statistics over all sources (Statistics, persource=false) and "cluster-load" per source
 * (persource=true).
 *
 * <p>Host CPU is not reproducible, so the exact check of the statistics runs on values the test feeds into the
 * leaves as a collector of its own ({@code cpu} and {@code load}, alongside the host's {@code hostcpu} and
 * {@code hostload}): the two leaves take turns, one value each, and every value must reach the cluster before the
 * next is sent, so the windows are known exactly. The host metrics are checked for fidelity: every host value the
 * cluster shows must be one a leaf logged, with the same timestamp, and both hosts must show up.
 */
public class HierarchyIT {

    private static final int ROUNDS = 12;
    private static final double FORWARD_PERIOD = 0.05;

    // One deployment for the class: the two tests read different channels of it.
    private static MultiNode nodes;
    private static NodeProcess cluster;
    private static final List<NodeProcess> computes = new ArrayList<>();
    private static final List<TestCollector> feeds = new ArrayList<>();
    private static Path files;

    @BeforeClass
    public static void deploy() {
        nodes = new MultiNode("hierarchy");
        List<NodeProcess> started = nodes.startAll("compute1", "compute2", "cluster");
        computes.add(started.get(0));
        computes.add(started.get(1));
        cluster = started.get(2);
        files = nodes.files("logs");
        String clusterUrl = cluster.url("/sensor/");

        // cpu: one window per pair of values, over both sources; its max is logged.
        Sensors.define(cluster.node, "/sensor/cluster/", Sensors.sensor(
                List.of(Sensors.AGG + "Statistics", Sensors.PUB + "Log"),
                Sensors.attrs("occi.sensor.period", 0.5,
                        Sensors.NS + "Statistics.input", "cpu",
                        Sensors.NS + "Statistics.statistics", "count,min,max,mean,sum",
                        Sensors.NS + "Statistics.outprefix", "cpu",
                        Sensors.NS + "Statistics.scheduler", "threshold",
                        Sensors.NS + "Statistics.count", 2,
                        Sensors.NS + "Statistics.persource", false,
                        Sensors.NS + "Log.filename", files.resolve("cluster-cpu-max.log").toString(),
                        Sensors.NS + "Log.in_msg", "cpu.max"),
                List.of("system1-up", "system2-up")));
        // load: one window of three values per source; the raw forwarded values are logged.
        Sensors.define(cluster.node, "/sensor/cluster-load/", Sensors.sensor(
                List.of(Sensors.AGG + "Statistics", Sensors.PUB + "Log"),
                Sensors.attrs("occi.sensor.period", 0.5,
                        Sensors.NS + "Statistics.input", "load",
                        Sensors.NS + "Statistics.statistics", "count,min,max,mean",
                        Sensors.NS + "Statistics.outprefix", "load",
                        Sensors.NS + "Statistics.scheduler", "threshold",
                        Sensors.NS + "Statistics.count", 3,
                        Sensors.NS + "Statistics.persource", true,
                        Sensors.NS + "Log.filename", files.resolve("cluster-load.log").toString(),
                        Sensors.NS + "Log.in_msg", "load"),
                List.of("system1-load", "system2-load")));

        for (int k = 1; k <= 2; k++) {
            Node leaf = computes.get(k - 1).node;
            String sys = "system" + k;
            Sensors.define(leaf, "/sensor/" + sys + "/", Sensors.sensor(List.of(Sensors.PUB + "Log"),
                    Sensors.attrs("occi.sensor.period", 0.5,
                            Sensors.NS + "Log.filename", leafLog(k).toString(),
                            Sensors.NS + "Log.in_msg", "hostcpu"),
                    List.of("feed" + k)));
            // The host's own probe: a resource collector on the same node, admitted by the leaf automatically.
            Sensors.define(leaf, "/resource/host" + k + "/collector/host" + k + "-probe", Sensors.collector(
                    "host" + k + "-probe", List.of("CPUPercent", "LoadAverage"),
                    Sensors.attrs("occi.collector.period", 0.5,
                            Sensors.NS + "CPUPercent.out", "hostcpu",
                            Sensors.NS + "LoadAverage.out", "hostload"),
                    sys));
            Sensors.define(leaf, "/sensor/" + sys + "/collector/" + sys + "-up",
                    Sensors.forward(sys + "-up", FORWARD_PERIOD, clusterUrl + "cluster/", "cpu,hostcpu,hostload"));
            Sensors.define(leaf, "/sensor/" + sys + "/collector/" + sys + "-load",
                    Sensors.forward(sys + "-load", FORWARD_PERIOD, clusterUrl + "cluster-load/", "load"));
        }
        for (int k = 1; k <= 2; k++) {
            String sys = "system" + k;
            Node leaf = computes.get(k - 1).node;
            Node.await(sys + "'s edges to the cluster connect", 15_000, () -> {
                Map<String, Object> d = Sensors.describe(leaf, sys);
                return "connected".equals(Sensors.edgeState(d, sys + "-up"))
                        && "connected".equals(Sensors.edgeState(d, sys + "-load"));
            });
            feeds.add(TestCollector.connect(leaf, sys, "feed" + k));
        }
    }

    @AfterClass
    public static void tearDown() {
        feeds.forEach(TestCollector::close);
        if (nodes != null) {
            nodes.close();
        }
    }

    private static boolean fromBothLeaves(Map<String, Map<String, Object>> seen) {
        return seen.values().stream().anyMatch(v -> "system1-up".equals(v.get("source")))
                && seen.values().stream().anyMatch(v -> "system2-up".equals(v.get("source")));
    }

    private static Path leafLog(int k) {
        return files.resolve("system" + k + "-hostcpu.log");
    }

    @Test
    public void clusterStatisticsMatchWhatTheLeavesSaw() {
        long t0 = System.currentTimeMillis() - 60_000;
        double[][] cpu = new double[3][ROUNDS + 1];
        double[][] load = new double[3][ROUNDS + 1];
        for (int i = 1; i <= ROUNDS; i++) {
            for (int k = 1; k <= 2; k++) {
                // Distinct, exactly representable values; the leaves alternate which one is larger.
                cpu[k][i] = k == 1 ? (i * 37) % 100 : (i * 53 + 11) % 100;
                load[k][i] = k == 1 ? i * 0.25 : 10 - i * 0.5;
                long ts = t0 + 10L * i + k;
                feeds.get(k - 1).send(ts, Map.of("cpu", cpu[k][i], "load", load[k][i]));
                String src = "system" + k;
                Node.await("round " + i + " of " + src + " reached the cluster", 10_000,
                        () -> arrived(Sensors.channels(cluster.node, "cluster").get("cpu"), src + "-up", ts)
                                && arrived(Sensors.channels(cluster.node, "cluster-load").get("load"),
                                        src + "-load", ts));
            }
        }

        // persource=false: each window is the pair (system1_i, system2_i); its max goes to the log.
        Path maxLog = files.resolve("cluster-cpu-max.log");
        Node.await("the cluster logged " + ROUNDS + " window maxima", 10_000,
                () -> Node.logLines(maxLog).size() >= ROUNDS);
        List<Double> maxima = new ArrayList<>();
        List<Double> expectedMaxima = new ArrayList<>();
        for (Map<String, Object> line : Node.logLines(maxLog)) {
            maxima.add(((Number) line.get("value")).doubleValue());
            assertEquals(line.toString(), "cpu.max", line.get("channel"));
        }
        for (int i = 1; i <= ROUNDS; i++) {
            expectedMaxima.add(Math.max(cpu[1][i], cpu[2][i]));
        }
        assertEquals("the cluster's CPU maximum of every window", expectedMaxima, maxima);
        Map<String, Map<String, Object>> c = Sensors.channels(cluster.node, "cluster");
        double a = cpu[1][ROUNDS];
        double b = cpu[2][ROUNDS];
        assertEquals("last window's count: " + c, 2.0, Sensors.number(c.get("cpu.count")), 0);
        assertEquals("last window's min", Math.min(a, b), Sensors.number(c.get("cpu.min")), 0);
        assertEquals("last window's max", Math.max(a, b), Sensors.number(c.get("cpu.max")), 0);
        assertEquals("last window's sum", a + b, Sensors.number(c.get("cpu.sum")), 0);
        assertEquals("last window's mean", (a + b) / 2, Sensors.number(c.get("cpu.mean")), 1e-9);

        // persource=true: windows of three values per leaf; the last one is rounds 10..12 of each.
        Map<String, Map<String, Object>> l = Sensors.channels(cluster.node, "cluster-load");
        for (int k = 1; k <= 2; k++) {
            String p = "load.system" + k + "-load.";
            double x = load[k][ROUNDS - 2];
            double y = load[k][ROUNDS - 1];
            double z = load[k][ROUNDS];
            assertEquals(p + "count: " + l.keySet(), 3.0, Sensors.number(l.get(p + "count")), 0);
            assertEquals(p + "min", Math.min(x, Math.min(y, z)), Sensors.number(l.get(p + "min")), 0);
            assertEquals(p + "max", Math.max(x, Math.max(y, z)), Sensors.number(l.get(p + "max")), 0);
            assertEquals(p + "mean", (x + y + z) / 3, Sensors.number(l.get(p + "mean")), 1e-9);
        }
        // What cluster-load logged is, per leaf, exactly the sequence that leaf was fed.
        Map<String, List<Double>> bySource = new HashMap<>();
        for (Map<String, Object> line : Node.logLines(files.resolve("cluster-load.log"))) {
            bySource.computeIfAbsent((String) line.get("source"), s -> new ArrayList<>())
                    .add(((Number) line.get("value")).doubleValue());
        }
        for (int k = 1; k <= 2; k++) {
            List<Double> expected = new ArrayList<>();
            for (int i = 1; i <= ROUNDS; i++) {
                expected.add(load[k][i]);
            }
            assertEquals("load values from system" + k, expected, bySource.get("system" + k + "-load"));
        }
    }

    @Test
    public void hostMetricsReachTheClusterUnchanged() {
        // Watch the cluster's last host values for a few collector periods and remember each one seen.
        Map<String, Map<String, Object>> seen = new HashMap<>();
        List<Double> loads = new ArrayList<>();
        long end = System.currentTimeMillis() + 5_000;
        // at least 5 s, and until a value of each leaf was seen (two values of one leaf are not enough)
        while (System.currentTimeMillis() < end || !fromBothLeaves(seen)) {
            Map<String, Map<String, Object>> ch = Sensors.channels(cluster.node, "cluster");
            Map<String, Object> v = ch.get("hostcpu");
            if (v != null) {
                seen.putIfAbsent(v.get("source") + "@" + Sensors.ts(v), v);
            }
            Map<String, Object> hl = ch.get("hostload");
            if (hl != null) {
                loads.add(Sensors.number(hl));
            }
            Node.sleep(40);
            assertTrue("host CPU of both leaves reaches the cluster within 20 s: " + seen.keySet(),
                    System.currentTimeMillis() < end + 15_000);
        }
        boolean fromLeaf1 = false;
        boolean fromLeaf2 = false;
        for (Map<String, Object> v : seen.values()) {
            String source = (String) v.get("source");
            int k = "system1-up".equals(source) ? 1 : "system2-up".equals(source) ? 2 : 0;
            assertTrue("a host value comes from a leaf's forwarding collector: " + v, k > 0);
            fromLeaf1 |= k == 1;
            fromLeaf2 |= k == 2;
            double value = Sensors.number(v);
            long ts = Sensors.ts(v);
            Path log = leafLog(k);
            Node.await("system" + k + " logged host CPU " + value + " at " + ts, 5_000, () -> {
                for (Map<String, Object> line : Node.logLines(log)) {
                    if (((Number) line.get("ts")).longValue() == ts
                            && ((Number) line.get("value")).doubleValue() == value) {
                        return true;
                    }
                }
                return false;
            });
            assertTrue("CPU percent in 0..100: " + v, value >= 0 && value <= 100);
        }
        assertTrue("host CPU from compute node 1 reached the cluster", fromLeaf1);
        assertTrue("host CPU from compute node 2 reached the cluster", fromLeaf2);
        assertFalse("host load averages reached the cluster", loads.isEmpty());
        for (double x : loads) {
            assertTrue("a load average is not negative: " + x, x >= 0);
        }
    }

    private static boolean arrived(Map<String, Object> value, String source, long ts) {
        return value != null && source.equals(value.get("source")) && Sensors.ts(value) == ts;
    }
}
