package org.rocmon.api.history;

/** How the values of one interval are combined into a point. */
public enum Aggregation {
    /** Smallest value. */
    MIN,
    /** Largest value. */
    MAX,
    /** Time-weighted average. */
    AVG,
    /** Sum of the values recorded. */
    SUM,
    /** Number of values recorded. */
    COUNT,
    /** Last value. */
    LAST
}
