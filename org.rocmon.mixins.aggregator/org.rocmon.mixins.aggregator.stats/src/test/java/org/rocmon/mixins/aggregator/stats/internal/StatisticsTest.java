package org.rocmon.mixins.aggregator.stats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.testkit.MixinContexts;

public class StatisticsTest {

    private static Statistics open(Object... attributes) throws InvalidAttributeException {
        Statistics s = new Statistics();
        s.open(MixinContexts.of(Statistics.SCHEME, Statistics.TERM, StatisticsFixtureTest.SPECS, attributes));
        return s;
    }

    @Test
    public void percentilesMatchSortingOverALargeRandomWindow() throws Exception {
        Statistics s = open("input", "x", "outprefix", "x", "statistics", "p50,p99,median,mean,min,max,stddev");
        Random r = new Random(42);
        double[] xs = new double[10_001];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = r.nextGaussian() * 10 + 100;
            s.accept("x", Measurement.of(xs[i], i), (c, m) -> fail("periodic windows close only on tick"));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        s.tick(99_999, (c, m) -> out.put(c, m.asDouble()));
        double[] sorted = xs.clone();
        java.util.Arrays.sort(sorted);
        // n = 10001: rank (n-1)*p is a whole number for p50 and p99, so no interpolation is involved.
        assertEquals(sorted[5000], out.get("x.p50"), 0);
        assertEquals(sorted[5000], out.get("x.median"), 0);
        assertEquals(sorted[9900], out.get("x.p99"), 0);
        assertEquals(sorted[0], out.get("x.min"), 0);
        assertEquals(sorted[10_000], out.get("x.max"), 0);
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        double mean = sum / xs.length;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        assertEquals(mean, out.get("x.mean"), 1e-9);
        assertEquals(Math.sqrt(ss / (xs.length - 1)), out.get("x.stddev"), 1e-9);
    }

    @Test
    public void welfordStaysExactForLargeOffsets() throws Exception {
        // A naive sum-of-squares variance loses every digit here; Welford's update does not.
        Statistics s = open("input", "x", "outprefix", "x", "statistics", "variance");
        for (double x : new double[] {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}) {
            s.accept("x", Measurement.of(x, 1), (c, m) -> { });
        }
        List<Double> out = new ArrayList<>();
        s.tick(2, (c, m) -> out.add(m.asDouble()));
        assertEquals(30.0, out.get(0), 1e-6);
    }

    @Test
    public void singleValueGivesZeroVarianceAndNoRate() throws Exception {
        Statistics s = open("input", "x", "outprefix", "x", "statistics", "variance,rate,count");
        s.accept("x", Measurement.of(5, 1), (c, m) -> { });
        Map<String, Double> out = new LinkedHashMap<>();
        s.tick(2, (c, m) -> out.put(c, m.asDouble()));
        assertEquals(Map.of("x.variance", 0.0, "x.count", 1.0), out);
    }

    @Test
    public void rateFollowsTimestampsNotArrivalOrder() throws Exception {
        Statistics s = open("input", "x", "outprefix", "x", "statistics", "rate");
        s.accept("x", Measurement.of(30, 3000), (c, m) -> { });
        s.accept("x", Measurement.of(10, 1000), (c, m) -> { });
        s.accept("x", Measurement.of(20, 2000), (c, m) -> { });
        List<Double> out = new ArrayList<>();
        s.tick(4000, (c, m) -> out.add(m.asDouble()));
        assertEquals(List.of(10.0), out);
    }

    @Test
    public void thresholdSchedulerPerSourceClosesEachSourceOnItsOwnCount() throws Exception {
        Statistics s = open("input", "x", "outprefix", "o", "statistics", "sum", "scheduler", "threshold",
                "count", 2, "persource", "true");
        List<String> out = new ArrayList<>();
        s.accept("x", Measurement.of(1, 1).withSource("a"), (c, m) -> out.add(c + "=" + m.asString()));
        s.accept("x", Measurement.of(2, 2).withSource("b"), (c, m) -> out.add(c + "=" + m.asString()));
        s.accept("x", Measurement.of(3, 3).withSource("a"), (c, m) -> out.add(c + "=" + m.asString()));
        s.tick(4, (c, m) -> out.add("tick"));
        assertEquals(List.of("o.a.sum=4"), out);
    }

    @Test
    public void tooManySourcesAreRefusedNotStored() throws Exception {
        Statistics s = open("input", "x", "outprefix", "o", "persource", true);
        for (int i = 0; i < Statistics.MAX_SOURCES; i++) {
            s.accept("x", Measurement.of(1, 1).withSource("c" + i), (c, m) -> { });
        }
        try {
            s.accept("x", Measurement.of(1, 1).withSource("one-more"), (c, m) -> { });
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("one-more"));
        }
        int[] written = new int[1];
        s.tick(2, (c, m) -> written[0]++);
        assertEquals(Statistics.MAX_SOURCES, written[0]);
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new Statistics().close();
    }
}
