package org.rocmon.sensor.internal.control;

import java.util.Locale;

/** What a control command left an entity in. */
public enum ControlState {
    /** Ticks and takes data. */
    RUNNING,
    /** No ticks; collector WebSockets are closed and refused, so collectors keep their frames buffered. */
    STOPPED,
    /** No ticks; collectors stay connected but what they send is dropped and counted, like a suspension. */
    PAUSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the state, or RUNNING for anything unknown (a stored file from an older version) */
    public static ControlState of(String s) {
        for (ControlState c : values()) {
            if (c.wire().equals(s)) {
                return c;
            }
        }
        return RUNNING;
    }
}
