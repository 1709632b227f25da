package org.rocmon.mixins.aggregator.stats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

import org.rocmon.api.mixin.InvalidAttributeException;

public class StatisticTest {

    @Test
    public void parsesNamesCaseInsensitivelyInOrder() throws Exception {
        List<Statistic> list = Statistic.parseList(" Mean,p99.9 , median,P5", "a");
        assertEquals("[mean, p99.9, median, p5]", list.toString());
        assertEquals(99.9, list.get(1).percent, 0);
        assertEquals(50, list.get(2).percent, 0);
        assertTrue(list.get(1).needsSamples());
        assertFalse(list.get(0).needsSamples());
    }

    @Test
    public void refusesUnknownAndOutOfRangeNames() {
        for (String bad : new String[] {"avg", "p", "p100.5", "p-1", "mean;max", "", "p1000"}) {
            try {
                Statistic.parseList(bad, "x.statistics");
                fail(bad);
            } catch (InvalidAttributeException e) {
                assertEquals("x.statistics", e.attribute());
            }
        }
    }
}
