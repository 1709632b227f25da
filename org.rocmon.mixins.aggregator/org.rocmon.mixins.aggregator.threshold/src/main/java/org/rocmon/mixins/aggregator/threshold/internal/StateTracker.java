package org.rocmon.mixins.aggregator.threshold.internal;

import org.rocmon.api.State;

/** The state a value leads to from the current one, given the ranges and the hysteresis margin. */
final class StateTracker {

    private final NagiosRange warning;
    private final NagiosRange critical;
    private final double hysteresis;

    /**
     * @param warning range, or null
     * @param critical range, or null
     * @param hysteresis margin, {@code >= 0}
     */
    StateTracker(NagiosRange warning, NagiosRange critical, double hysteresis) {
        this.warning = warning;
        this.critical = critical;
        this.hysteresis = hysteresis;
    }

    /**
     * @param current the state so far, or null before the first value
     * @param x the new value (infinities allowed: they are simply far outside)
     * @return the new state
     */
    State next(State current, double x) {
        State raw = classify(x, 0);
        if (current == null || raw.ordinal() >= current.ordinal()) {
            return raw;
        }
        // Improving: only as far as the widened ranges allow, and never worse than the current state.
        State held = classify(x, hysteresis);
        return held.ordinal() < current.ordinal() ? held : current;
    }

    private State classify(double x, double margin) {
        if (critical != null && critical.alertsWithin(x, margin)) {
            return State.CRITICAL;
        }
        if (warning != null && warning.alertsWithin(x, margin)) {
            return State.WARNING;
        }
        return State.OK;
    }
}
