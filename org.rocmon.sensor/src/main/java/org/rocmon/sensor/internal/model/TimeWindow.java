package org.rocmon.sensor.internal.model;

/**
 * The OCCI timing window of a sensor or collector: a negative timebase suspends it; otherwise it is active from
 * timebase + timestart until timebase + timestop (seconds). Without a timebase the window is relative to the time
 * the entity was defined.
 */
public final class TimeWindow {

    /** Always active. */
    public static final TimeWindow ALWAYS = new TimeWindow(null, null, null);

    private final Double timebase;
    private final Double timestart;
    private final Double timestop;

    public TimeWindow(Double timebase, Double timestart, Double timestop) {
        this.timebase = timebase;
        this.timestart = timestart;
        this.timestop = timestop;
    }

    /**
     * @param nowMillis epoch ms
     * @param definedAtMillis when the entity was defined, the base when no timebase is given
     * @return null when active, else why it is suspended
     */
    public String suspension(long nowMillis, long definedAtMillis) {
        if (timebase != null && timebase < 0) {
            return "suspended: negative timebase";
        }
        double base = timebase != null ? timebase * 1000.0 : definedAtMillis;
        if (timestart != null && nowMillis < base + timestart * 1000.0) {
            return "suspended: before timestart";
        }
        if (timestop != null && nowMillis >= base + timestop * 1000.0) {
            return "suspended: after timestop";
        }
        return null;
    }

    public boolean isAlways() {
        return timebase == null && timestart == null && timestop == null;
    }
}
