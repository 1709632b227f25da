package org.rocmon.bench.histogram;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LogHistogramTest {

    @Test
    public void smallValuesAreExact() {
        for (long v = 0; v < 64; v++) {
            assertEquals(v, LogHistogram.highestOf(LogHistogram.indexOf(v)));
        }
    }

    @Test
    public void bucketsContainTheirValuesWithinThreePercent() {
        for (long v = 64; v < 10_000_000L; v = v * 11 / 10 + 1) {
            long high = LogHistogram.highestOf(LogHistogram.indexOf(v));
            assertTrue(v + " <= " + high, v <= high);
            assertTrue(v + " within 3.2% of " + high, high - v <= v * 0.032);
            assertTrue(LogHistogram.indexOf(v) < LogHistogram.BUCKETS);
        }
    }

    @Test
    public void negativeAndHugeValuesAreClamped() {
        assertEquals(0, LogHistogram.indexOf(-5));
        assertEquals(LogHistogram.BUCKETS - 1, LogHistogram.indexOf(Long.MAX_VALUE));
    }

    @Test
    public void percentilesOfAUniformRange() {
        LogHistogram h = new LogHistogram();
        for (int v = 1; v <= 1000; v++) {
            h.record(v);
        }
        long[] s = h.snapshot();
        assertEquals(1000, LogHistogram.total(s));
        long p50 = LogHistogram.percentile(s, 50);
        long p99 = LogHistogram.percentile(s, 99);
        assertTrue("p50 " + p50, p50 >= 500 && p50 <= 516);
        assertTrue("p99 " + p99, p99 >= 990 && p99 <= 1023);
        assertEquals(-1, LogHistogram.percentile(new long[LogHistogram.BUCKETS], 50));
    }

    @Test
    public void windowIsTheDifferenceOfTwoSnapshotsAndSurvivesJson() {
        LogHistogram h = new LogHistogram();
        for (int i = 0; i < 100; i++) {
            h.record(5000);
        }
        long[] before = h.snapshot();
        for (int i = 0; i < 10; i++) {
            h.record(7);
        }
        long[] window = LogHistogram.minus(h.snapshot(), before);
        assertEquals(10, LogHistogram.total(window));
        assertEquals(7, LogHistogram.percentile(window, 99));
        assertEquals("[[7,10]]", LogHistogram.toJson(window));
        long[] parsed = LogHistogram.fromPairs(new long[][] {{7, 10}, {99999, 3}});
        assertEquals(10, LogHistogram.total(parsed));
    }
}
