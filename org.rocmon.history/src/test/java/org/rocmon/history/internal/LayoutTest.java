package org.rocmon.history.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;

/** The configuration is checked at activation, with messages naming the property. */
public class LayoutTest {

    @Test
    public void theDefaultsAreValid() {
        Layout l = Layout.of(10, new String[] {"10s:1d", "1m:30d", "1h:365d"}, 600, 1000, 1000, 10_000);
        assertEquals(List.of("10s:1d", "1m:30d", "1h:365d"),
                l.archives.stream().map(Object::toString).collect(Collectors.toList()));
        assertEquals(List.of("10s:1d", "1m:1d", "1h:1d"),
                l.archivesFor(1).stream().map(Object::toString).collect(Collectors.toList()));
    }

    @Test
    public void badValuesNameTheProperty() {
        refused("stepSeconds", () -> Layout.of(0, new String[] {"10s:1d"}, 600, 10, 10, 10));
        refused("archives", () -> Layout.of(10, new String[] {}, 600, 10, 10, 10));
        refused("archives", () -> Layout.of(10, new String[] {"15s:1d"}, 600, 10, 10, 10));
        refused("archives", () -> Layout.of(10, new String[] {"1m:1d", "10s:1h"}, 600, 10, 10, 10));
        refused("archives", () -> Layout.of(10, new String[] {"ten:1d"}, 600, 10, 10, 10));
        refused("heartbeatSeconds", () -> Layout.of(10, new String[] {"10s:1d"}, 5, 10, 10, 10));
        refused("rawValues", () -> Layout.of(10, new String[] {"10s:1d"}, 600, 0, 10, 10));
        refused("maxSeries", () -> Layout.of(10, new String[] {"10s:1d"}, 600, 10, 0, 10));
        refused("queueCapacity", () -> Layout.of(10, new String[] {"10s:1d"}, 600, 10, 10, 0));
    }

    private static void refused(String property, Runnable r) {
        try {
            r.run();
            fail("expected a refusal naming " + property);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(property));
        }
    }
}
