package org.rocmon.mixins.aggregator.stats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.testkit.MixinContexts;

public class KpiTest {

    private static Kpi open(Object... attributes) throws InvalidAttributeException {
        Kpi k = new Kpi();
        k.open(MixinContexts.of(Kpi.SCHEME, Kpi.TERM, KpiFixtureTest.SPECS, attributes));
        return k;
    }

    @Test
    public void everyFunctionOverTheLatestValueOfManySources() throws Exception {
        Random r = new Random(7);
        double[] last = new double[50];
        for (String f : new String[] {"avg", "min", "max", "sum", "count"}) {
            Kpi k = open("input", "x", "output", "y", "function", f);
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int s = i % last.length;
                last[s] = r.nextInt(1000) / 10.0;
                k.accept("x", Measurement.of(last[s], i).withSource("c" + s), (c, m) -> out.add(m.asDouble()));
            }
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (double v : last) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double expected = "avg".equals(f) ? sum / last.length : "min".equals(f) ? min : "max".equals(f) ? max
                    : "sum".equals(f) ? sum : last.length;
            assertEquals(f, expected, out.get(out.size() - 1), 1e-9);
            assertEquals(f, 1000, out.size());
        }
    }

    @Test
    public void aMemberThatNeverReportsHoldsTheKpiBackForThreePeriodsOnly() throws Exception {
        Kpi k = open("input", "x", "output", "y", "sources", "a,b");
        List<Measurement> out = new ArrayList<>();
        // MixinContexts' period is the sensor's default; three periods at least 3 s.
        k.accept("x", Measurement.of(4, 0).withSource("a"), (c, m) -> out.add(m));
        assertEquals(0, out.size());
        k.accept("x", Measurement.of(6, 1_000_000).withSource("a"), (c, m) -> out.add(m));
        assertEquals(1, out.size());
        assertEquals(6, out.get(0).asDouble(), 0);
    }

    @Test
    public void textIsRefusedAndNothingCountsWithoutValues() throws Exception {
        Kpi k = open("input", "x", "output", "y");
        assertThrows(IllegalArgumentException.class,
                () -> k.accept("x", Measurement.of("down", 1), (c, m) -> { }));
        assertNull(k.aggregate(1));
    }
}
