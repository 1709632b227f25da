package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;

/**
 * Benchmark of issue 4 (figures in bench/README.md): the throughput of a steady sensor, in 250 ms windows, while
 * another sensor has a mixin installed on demand, loses it and gets it back. Prints the windows; fails only if the
 * steady sensor's flow stops in any window (a swap must not stall the other pipelines).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MixinSwapBenchIT {

    private static final long WINDOW_MS = 250;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.nodeWithout();
    }

    @Test
    public void mixinSwapDoesNotStallOtherSensors() throws Exception {
        Node node = new Node(context).awaitReady();
        Path dir = Files.createTempDirectory(node.data, "swap-");
        assertEquals(201, node.post("/sensor/steady/", MixinTests.ewmaSensor("steady", dir.resolve("steady.log"),
                "f1", "[1.0,2.0)")).code);
        ServiceReference<CollectorEdges> ref = context.getServiceReference(CollectorEdges.class);
        CollectorEdges edges = context.getService(ref);
        AtomicBoolean feeding = new AtomicBoolean(true);
        try (CollectorEdge edge = edges.open("f1", node.ws("steady"), 100_000)) {
            Node.await("edge f1 connects", 10_000, () -> "connected".equals(edge.status().state));
            Thread feeder = new Thread(() -> {
                int i = 0;
                while (feeding.get()) {
                    long now = System.currentTimeMillis();
                    for (int k = 0; k < 10; k++) {
                        edge.send(Map.of("a", Measurement.of(i++ % 100, now)));
                    }
                    Node.sleep(5);
                }
            }, "swap-bench-feeder");
            feeder.start();
            List<long[]> windows = new ArrayList<>(); // {end ms since start, values taken by the Log stage}
            long start = System.currentTimeMillis();
            long last = logIn(node);
            String phase = "baseline";
            List<String> phases = new ArrayList<>();
            long swapAt = 3_000;
            long onDemandMs = -1;
            boolean removed = false;
            boolean reinstalled = false;
            while (System.currentTimeMillis() - start < 9_000) {
                long t = System.currentTimeMillis() - start;
                if (t >= swapAt && onDemandMs < 0) {
                    phase = "swap";
                    long t0 = System.nanoTime();
                    Node.Response r = node.post("/sensor/other/", MixinTests.ewmaSensor("other",
                            dir.resolve("other.log"), "f2", "[2.0,3.0)"));
                    onDemandMs = (System.nanoTime() - t0) / 1_000_000;
                    assertEquals(r.toString(), 201, r.code);
                } else if (t >= swapAt + 1_500 && !removed) {
                    for (Bundle b : MixinTests.bundles(context, MixinTests.EWMA_BUNDLE)) {
                        if (b.getVersion().getMajor() == 2) {
                            b.uninstall();
                        }
                    }
                    removed = true;
                } else if (t >= swapAt + 3_000 && !reinstalled) {
                    context.installBundle(MixinTests.mixinsFolder(context).resolveSibling("fixtures")
                            .resolve("org.rocmon.run.fixtures.ewma2-2.0.0.jar").toUri().toString()).start();
                    reinstalled = true;
                } else if (t >= swapAt + 4_500) {
                    phase = "after";
                }
                Node.sleep(WINDOW_MS);
                long now = logIn(node);
                windows.add(new long[] {System.currentTimeMillis() - start, now - last});
                phases.add(phase);
                last = now;
            }
            feeding.set(false);
            feeder.join(5_000);
            Node.await("the other sensor healed", 10_000, () -> "running".equals(MixinTests.state(node, "other")));

            StringBuilder report = new StringBuilder("BENCH swap: POST naming EWMA [2,3) (installed on demand) took "
                    + onDemandMs + " ms; steady sensor values per " + WINDOW_MS + " ms window:");
            double[] sums = new double[3];
            int[] counts = new int[3];
            long min = Long.MAX_VALUE;
            for (int i = 1; i < windows.size(); i++) { // the first window includes the connection's start
                int p = List.of("baseline", "swap", "after").indexOf(phases.get(i));
                sums[p] += windows.get(i)[1];
                counts[p]++;
                min = Math.min(min, windows.get(i)[1]);
                report.append(' ').append(phases.get(i).charAt(0)).append(windows.get(i)[1]);
            }
            report.append(String.format("%nBENCH swap: mean per window baseline %.0f, during swap %.0f, after %.0f",
                    sums[0] / Math.max(1, counts[0]), sums[1] / Math.max(1, counts[1]),
                    sums[2] / Math.max(1, counts[2])));
            System.out.println(report);
            assertTrue("the steady sensor never stalled: " + report, min > 0);
        } finally {
            feeding.set(false);
            context.ungetService(ref);
            node.delete("/sensor/steady/");
            node.delete("/sensor/other/");
        }
    }

    /** @return how many values the steady sensor's Log stage took so far */
    @SuppressWarnings("unchecked")
    private static long logIn(Node node) {
        Map<String, Object> d = node.get("/sensor/steady/").json();
        for (Object o : (List<Object>) d.get("stages")) {
            Map<String, Object> st = (Map<String, Object>) o;
            if (String.valueOf(st.get("mixin")).endsWith("#Log")) {
                return MixinTests.counter(st, "in");
            }
        }
        return 0;
    }
}
