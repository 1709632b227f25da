package org.rocmon.api.history;

/** One consolidated point: the aggregation of the interval {@code (ts - resolution, ts]}. */
public class PointDTO {

    /** Epoch milliseconds of the end of the interval. */
    public long ts;

    /** The aggregated value. */
    public double value;
}
