package org.rocmon.mixins.aggregator.stats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.testkit.MixinContexts;

public class CombineTest {

    private static Combine open(Object... attributes) throws InvalidAttributeException {
        Combine c = new Combine();
        c.open(MixinContexts.of(Combine.SCHEME, Combine.TERM, CombineFixtureTest.SPECS, attributes));
        return c;
    }

    @Test
    public void inputsArrivingAtDifferentTimesUseTheLastValueOfEach() throws Exception {
        Combine c = open("in1", "cpu", "in2", "mem", "formula", "cpu + mem", "output", "sum", "staleness", 10);
        List<Double> out = new ArrayList<>();
        c.accept("cpu", Measurement.of(1, 1_000), (ch, m) -> out.add(m.asDouble()));
        c.accept("cpu", Measurement.of(2, 2_000), (ch, m) -> out.add(m.asDouble()));
        assertEquals("nothing before every input has a value", List.of(), out);
        c.accept("mem", Measurement.of(10, 3_000), (ch, m) -> out.add(m.asDouble()));
        c.accept("mem", Measurement.of(20, 4_000), (ch, m) -> out.add(m.asDouble()));
        c.accept("cpu", Measurement.of(5, 13_500), (ch, m) -> out.add(m.asDouble()));
        assertEquals("the last cpu with each mem; then mem is 9.5 s old: still fresh", List.of(12.0, 22.0, 25.0),
                out);
        c.accept("cpu", Measurement.of(6, 14_001), (ch, m) -> out.add(m.asDouble()));
        assertEquals("mem went stale", 3, out.size());
        try {
            c.accept("mem", Measurement.of("n/a", 14_002), (ch, m) -> out.add(m.asDouble()));
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("mem"));
        }
    }

    @Test
    public void attributesAreCheckedAtOpen() {
        for (Object[] bad : new Object[][] {
            {"in1", "a", "in2", "a", "formula", "a", "output", "o"},
            {"in1", "a", "formula", "a", "output", "a"},
            {"in1", "a", "formula", "a +* 2", "output", "o"},
        }) {
            try {
                open(bad);
                fail("accepted " + java.util.Arrays.toString(bad));
            } catch (InvalidAttributeException e) {
                assertTrue(e.attribute(), e.attribute().startsWith("com.example.occi.monitoring.Combine."));
            }
        }
    }
}
