package org.rocmon.api.history;

/** What {@link HistoryStore#range} reads. */
public class RangeQueryDTO {

    /** Id of the sensor. */
    public String sensor;

    /** Name of the channel. */
    public String channel;

    /** Only this source, or {@code null} for every source of the channel. */
    public String source;

    /** Epoch milliseconds, inclusive. */
    public long from;

    /** Epoch milliseconds, inclusive; not before {@link #from}. */
    public long to;

    /**
     * Seconds per point: one of the {@link HistoryStore#archives() archive} resolutions, or 0 for the finest
     * archive that still holds {@link #from}.
     */
    public long resolution;

    /** How each interval is combined; {@code null} means {@link Aggregation#AVG}. */
    public Aggregation aggregation;
}
