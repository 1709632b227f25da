package org.rocmon.sensor.internal.control;

/**
 * A control command as a sensor receives it.
 *
 * @param action what to do
 * @param propagate whether the sensor's sub-graph takes it too
 * @param policy how the sensor and its children are ordered
 * @param id the command's id: given by the parent that propagates it (so a sensor reached twice takes it once), or
 *        fresh
 * @param hops levels the command may still travel; at 1 it is not propagated further (cycle guard)
 * @param budgetMillis how long the sub-graph may take before a child without an outcome counts as failed
 */
public record Command(ControlAction action, boolean propagate, Policy policy, String id, int hops,
        long budgetMillis) {

    /** Default time a propagated command may take below a sensor. */
    public static final long DEFAULT_BUDGET_MILLIS = 30_000;
    /** Longest time a caller may ask a command to take or an answer to be held. */
    public static final long MAX_MILLIS = 120_000;
    /** What each level keeps for itself: a child gets the sensor's budget less this. */
    static final long PER_LEVEL_MILLIS = 1_000;

    /** @return the budget a child gets: less than ours, so our own wait ends after theirs */
    public long childBudget() {
        return Math.max(PER_LEVEL_MILLIS, budgetMillis - PER_LEVEL_MILLIS);
    }
}
