package org.rocmon.api.history;

import java.util.List;

/** One recorded series: a (sensor, channel, source) and what it holds. */
public class SeriesDTO {

    /** Id of the sensor. */
    public String sensor;

    /** Name of the channel. */
    public String channel;

    /** Id of the source, or {@code null} for measurements that came without one. */
    public String source;

    /** Unit of the newest raw measurement, or {@code null}. */
    public String unit;

    /** Raw measurements held (at most the store's raw capacity). */
    public int raw;

    /** Epoch milliseconds of the newest measurement, or 0 when none is held. */
    public long last;

    /** The consolidated archives of this series, finest first. */
    public List<ArchiveDTO> archives;

    /** Retention of the consolidated archives in days, as the series was created. */
    public int retentionDays;
}
