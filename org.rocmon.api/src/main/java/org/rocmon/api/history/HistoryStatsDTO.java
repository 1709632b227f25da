package org.rocmon.api.history;

/** Counters of a {@link HistoryStore} since it started. */
public class HistoryStatsDTO {

    /** Values taken by {@link HistoryStore#append}. */
    public long appended;

    /** Values written to their series. */
    public long written;

    /** Values dropped: the queue was full, a new series was beyond the bound, or writing failed. */
    public long dropped;

    /** Values waiting to be written. */
    public int queued;

    /** Series held. */
    public int series;

    /** Bytes the series' files take on disk. */
    public long diskBytes;
}
