package org.rocmon.api.history;

import java.util.List;

/** The answer to a {@link RangeQueryDTO}: the resolution used and one list of points per source. */
public class RangeDTO {

    /** Id of the sensor. */
    public String sensor;

    /** Name of the channel. */
    public String channel;

    /** Epoch milliseconds, as asked. */
    public long from;

    /** Epoch milliseconds, as asked. */
    public long to;

    /** Seconds per point actually used (may be coarser than asked when the finer archive no longer holds from). */
    public long resolution;

    /** The aggregation used. */
    public Aggregation aggregation;

    /** One entry per source, sorted by source. */
    public List<SourcePointsDTO> series;
}
