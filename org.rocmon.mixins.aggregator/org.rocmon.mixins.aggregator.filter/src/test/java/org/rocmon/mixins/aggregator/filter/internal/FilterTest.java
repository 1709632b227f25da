package org.rocmon.mixins.aggregator.filter.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.testkit.MixinContexts;

public class FilterTest {

    private static <T extends Aggregator> T open(T mixin, String term, String[] specs, Object... attributes)
            throws Exception {
        mixin.open(MixinContexts.of(Select.SCHEME, term, specs, attributes));
        return mixin;
    }

    @Test
    public void selectForwardsTheSameInstance() throws Exception {
        Select s = open(new Select(), Select.TERM, FilterFixtureTest.SELECT, "input", "a", "output", "b");
        Measurement m = Measurement.of(1, 1);
        List<Measurement> out = new ArrayList<>();
        s.accept("a", m, (c, x) -> out.add(x));
        assertSame(m, out.get(0));
    }

    @Test
    public void selectKeepsMeasurementsWithoutSourceOnlyWhenNoSourcesAreListed() throws Exception {
        Select s = open(new Select(), Select.TERM, FilterFixtureTest.SELECT, "input", "a", "output", "b",
                "sources", "c1");
        s.accept("a", Measurement.of(1, 1), (c, x) -> fail("no source is not c1"));
    }

    @Test
    public void deadbandNaNIsAChangeOnceThenNot() throws Exception {
        Deadband d = open(new Deadband(), Deadband.TERM, FilterFixtureTest.DEADBAND, "input", "a", "output", "b",
                "deadband", 1);
        List<Double> out = new ArrayList<>();
        for (double x : new double[] {1, Double.NaN, Double.NaN, 1.5, 3}) {
            d.accept("a", Measurement.of(x, 1), (c, m) -> out.add(m.asDouble()));
        }
        assertEquals(List.of(1.0, Double.NaN, 1.5, 3.0), out);
    }

    @Test
    public void deadbandRefusesTooManySources() throws Exception {
        Deadband d = open(new Deadband(), Deadband.TERM, FilterFixtureTest.DEADBAND, "input", "a", "output", "b");
        for (int i = 0; i < Deadband.MAX_SOURCES; i++) {
            d.accept("a", Measurement.of(1, 1).withSource("s" + i), (c, m) -> { });
        }
        try {
            d.accept("a", Measurement.of(1, 1).withSource("new"), (c, m) -> fail());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("new"));
        }
    }

    @Test
    public void rateLimitPassesTheConfiguredRateOverManyPeriods() throws Exception {
        RateLimit r = open(new RateLimit(), RateLimit.TERM, FilterFixtureTest.RATELIMIT, "input", "a", "output",
                "b", "persecond", 2.5, "dropped", "d");
        int[] passed = new int[1];
        long[] dropped = new long[1];
        long now = 0;
        for (int period = 0; period < 100; period++) {
            for (int i = 0; i < 50; i++) {
                r.accept("a", Measurement.of(i, now), (c, m) -> passed[0]++);
            }
            now += 3000;
            r.tick(now, (c, m) -> dropped[0] += (long) m.asDouble());
        }
        // 2.5/s over 300 s: the initial 7.5 tokens and 99 refills of 7.5; no fraction is lost to the cap.
        assertEquals(750, passed[0]);
        assertEquals(5000 - 750, dropped[0]);
    }

    @Test
    public void tokenBucketIgnoresClockStepsBack() {
        TokenBucket b = new TokenBucket(1, 1000);
        assertTrue(b.take());
        assertFalse(b.take());
        b.refill(10_000);
        assertTrue(b.take());
        b.refill(5_000);
        assertFalse(b.take());
        b.refill(10_500);
        assertFalse(b.take());
        b.refill(11_000);
        assertTrue(b.take());
        assertEquals(2, b.capacity(), 0);
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new Select().close();
        new Deadband().close();
        new RateLimit().close();
    }
}
