package org.rocmon.mixins.aggregator.threshold.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** The table of the Monitoring Plugins development guidelines, "Threshold and ranges", row by row. */
public class NagiosRangeTest {

    private static void alerts(String range, double... values) {
        NagiosRange r = NagiosRange.parse(range);
        for (double v : values) {
            assertTrue(range + " should alert on " + v, r.alerts(v));
        }
    }

    private static void quiet(String range, double... values) {
        NagiosRange r = NagiosRange.parse(range);
        for (double v : values) {
            assertFalse(range + " should not alert on " + v, r.alerts(v));
        }
    }

    @Test
    public void bareNumberIsZeroToN() {
        alerts("10", -0.001, 10.001, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        quiet("10", 0, 5, 10);
    }

    @Test
    public void openEndIsInfinity() {
        alerts("10:", 9.999, 0, -5);
        quiet("10:", 10, 1e300, Double.POSITIVE_INFINITY);
    }

    @Test
    public void tildeStartIsNegativeInfinity() {
        alerts("~:10", 10.5, 11);
        quiet("~:10", 10, -1e300, Double.NEGATIVE_INFINITY);
    }

    @Test
    public void startToEndIncludesBothEnds() {
        alerts("10:20", 9.99, 20.01);
        quiet("10:20", 10, 15, 20);
    }

    @Test
    public void atInvertsAndIncludesBothEnds() {
        alerts("@10:20", 10, 15, 20);
        quiet("@10:20", 9.99, 20.01);
    }

    @Test
    public void emptyStartIsZeroAndFractionsExponentsAndSignsWork() {
        alerts(":10", -1);
        quiet(":10", 0, 10);
        alerts("-5.5:1e1", -5.6, 10.1);
        quiet("-5.5:1e1", -5.5, 10);
        alerts("@~:0", -3, 0);
        quiet("@~:0", 0.1);
        quiet(" 5 ", 3);
    }

    @Test
    public void everythingRangeNeverAlertsAndItsInverseAlways() {
        quiet("~:", -1e300, 0, 1e300);
        alerts("@~:", -1e300, 0, 1e300);
        alerts("@5", 0, 5);
    }

    @Test
    public void refusesMalformedRanges() {
        for (String bad : new String[] {"", " ", "@", "abc", "10:5", "~", "10:~", "1:2:3", "0x10", "5%", "@@1",
            "1e999", "Infinity", "--1"}) {
            try {
                NagiosRange.parse(bad);
                fail("'" + bad + "' was taken");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("range"));
            }
        }
    }

    @Test
    public void equalEndsAreOneValue() {
        alerts("5:5", 4.9, 5.1);
        quiet("5:5", 5);
    }

    @Test
    public void hysteresisWidensTheAlertingValues() {
        NagiosRange upper = NagiosRange.parse("80");
        assertTrue(upper.alertsWithin(76, 5));
        assertFalse(upper.alertsWithin(75, 5));
        assertTrue(upper.alertsWithin(-0.5, 0));
        assertTrue(upper.alertsWithin(4.9, 5));
        NagiosRange inside = NagiosRange.parse("@10:20");
        assertTrue(inside.alertsWithin(8, 2));
        assertFalse(inside.alertsWithin(7.9, 2));
        assertTrue(inside.alertsWithin(22, 2));
        assertEquals("@10:20", inside.toString());
    }
}
