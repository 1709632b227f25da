package org.rocmon.mixins.aggregator.stats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class WindowTest {

    private static Statistic stat(String name) throws Exception {
        return Statistic.parseList(name, "a").get(0);
    }

    @Test
    public void interpolatesBetweenClosestRanks() throws Exception {
        Window w = new Window(true, 100);
        for (double x : new double[] {4, 1, 3, 2}) {
            w.add(x, 0, null);
        }
        assertEquals(2.5, w.value(stat("median")), 0);
        assertEquals(1.3, w.value(stat("p10")), 1e-12);
        assertEquals(4, w.value(stat("p100")), 0);
        assertEquals(1, w.value(stat("p0")), 0);
    }

    @Test
    public void growsUpToTheBoundThenDropsOldest() throws Exception {
        Window w = new Window(true, 100);
        for (int i = 0; i < 250; i++) {
            w.add(i, i, null);
        }
        assertEquals(150, w.dropped());
        assertEquals(150, w.value(stat("p0")), 0);
        assertEquals(249, w.value(stat("max")), 0);
        assertEquals(0, w.value(stat("min")), 0);
        w.reset();
        assertTrue(w.isEmpty());
        assertEquals(0, w.dropped());
        w.add(7, 1, "ms");
        assertEquals(7, w.value(stat("median")), 0);
        assertEquals("ms", w.unit());
    }
}
