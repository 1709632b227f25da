package org.rocmon.sensor.internal.alarm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.junit.Test;

import org.rocmon.http.Problem;

public class CadenceAndSettingsTest {

    @Test
    public void theIntervalIsLearntFromFramesAndQuietCountsFromTheLastOne() {
        Cadence c = new Cadence(1_000);
        c.observe(0, 0);
        assertEquals(0, c.interval());
        assertEquals("never seen: counted from the first check", 500, c.quiet(1_500));
        c.observe(1, 2_000);
        c.observe(2, 4_000);
        assertEquals(2_000, c.interval());
        c.observe(4, 6_000); // two frames in one check
        assertEquals(1_750, c.interval());
        assertEquals(3_000, c.quiet(9_000));
        c.observe(10, 6_001); // a flushed buffer says nothing of the period
        assertEquals((3 * 1_750 + Cadence.MIN_INTERVAL_MILLIS) / 4, c.interval());
    }

    @Test
    public void aSensorOverridesTheDefaultsAndBadValuesNameTheAttribute() throws Problem {
        AlarmSettings s = AlarmSettings.DEFAULTS.with(Map.of(AlarmSettings.PERIODS, 5, AlarmSettings.GRACE, "0.5",
                AlarmSettings.LINK_GRACE, 3));
        assertEquals(new AlarmSettings(5, 500, 3_000, true), s);
        assertEquals(AlarmSettings.DEFAULTS, AlarmSettings.DEFAULTS.with(Map.of()));
        assertEquals(false, AlarmSettings.DEFAULTS.with(Map.of(AlarmSettings.ENABLED, false)).enabled());
        Problem p = assertThrows(Problem.class, () -> AlarmSettings.DEFAULTS.with(Map.of(AlarmSettings.GRACE, "soon")));
        assertEquals(AlarmSettings.GRACE, p.attribute());
        p = assertThrows(Problem.class, () -> AlarmSettings.DEFAULTS.with(Map.of(AlarmSettings.PERIODS, 0)));
        assertEquals(AlarmSettings.PERIODS, p.attribute());
        assertEquals("an accepted sensor never fails the check", AlarmSettings.DEFAULTS,
                AlarmSettings.DEFAULTS.withOrDefaults(Map.of(AlarmSettings.ENABLED, "maybe")));
    }
}
