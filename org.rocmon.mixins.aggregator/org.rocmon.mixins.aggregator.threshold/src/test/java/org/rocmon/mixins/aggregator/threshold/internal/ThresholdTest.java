package org.rocmon.mixins.aggregator.threshold.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.testkit.MixinContexts;

public class ThresholdTest {

    private static List<State> run(Threshold t, double... values) {
        List<State> out = new ArrayList<>();
        long ts = 0;
        for (double v : values) {
            t.accept("x", Measurement.of(v, ts++), (c, m) -> {
                assertEquals("y", c);
                assertEquals(m.state().name(), m.value());
                out.add(m.state());
            });
        }
        return out;
    }

    private static Threshold open(Object... attributes) throws Exception {
        Threshold t = new Threshold();
        t.open(MixinContexts.of(Threshold.SCHEME, Threshold.TERM, ThresholdFixtureTest.SPECS, attributes));
        return t;
    }

    @Test
    public void hoveringAtTheBoundaryDoesNotFlapWithHysteresis() throws Exception {
        Threshold t = open("input", "x", "output", "y", "warning", "80", "hysteresis", 2);
        assertEquals(List.of(State.OK, State.WARNING),
                run(t, 79, 81, 79.5, 80.5, 78.5, 81, 79));
    }

    @Test
    public void withoutHysteresisEveryCrossingIsWritten() throws Exception {
        Threshold t = open("input", "x", "output", "y", "warning", "80");
        assertEquals(List.of(State.OK, State.WARNING, State.OK, State.WARNING, State.OK),
                run(t, 79, 81, 79.5, 80.5, 78.5));
    }

    @Test
    public void criticalCanJumpStraightToOkWhenFarEnough() throws Exception {
        Threshold t = open("input", "x", "output", "y", "warning", "80", "critical", "90", "hysteresis", 5);
        assertEquals(List.of(State.OK, State.CRITICAL, State.OK), run(t, 1, 99, 70));
    }

    @Test
    public void infinityIsAValueNaNIsNot() throws Exception {
        Threshold t = open("input", "x", "output", "y", "critical", "10");
        assertEquals(List.of(State.CRITICAL), run(t, Double.POSITIVE_INFINITY));
        try {
            run(t, Double.NaN);
            org.junit.Assert.fail();
        } catch (IllegalArgumentException expected) {
            // counted by the runtime
        }
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new Threshold().close();
    }
}
