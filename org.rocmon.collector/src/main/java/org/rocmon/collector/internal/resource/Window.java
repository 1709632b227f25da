package org.rocmon.collector.internal.resource;

/**
 * The operation window of a collector: {@code occi.collector.timebase} (epoch seconds; negative suspends),
 * {@code timestart} and {@code timestop} (seconds after the timebase). Without a timebase the window is relative
 * to when the collector was defined.
 */
final class Window {

    private final Double timebase;
    private final Double timestart;
    private final Double timestop;
    private final long definedAt;

    Window(Double timebase, Double timestart, Double timestop, long definedAt) {
        this.timebase = timebase;
        this.timestart = timestart;
        this.timestop = timestop;
        this.definedAt = definedAt;
    }

    /** @return whether the collector measures at that time (epoch ms) */
    boolean active(long now) {
        if (timebase != null && timebase < 0) {
            return false;
        }
        double base = timebase != null ? timebase * 1000 : definedAt;
        if (timestart != null && now < base + timestart * 1000) {
            return false;
        }
        return timestop == null || now < base + timestop * 1000;
    }
}
