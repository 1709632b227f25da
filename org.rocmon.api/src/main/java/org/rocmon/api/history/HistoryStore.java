package org.rocmon.api.history;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import org.rocmon.api.Measurement;

/**
 * Time series of measurements per (sensor, channel, source), kept on the node's disk with retention and
 * downsampling, surviving restarts.
 *
 * <p>Every series keeps two things:
 * <ul>
 * <li>a bounded <b>raw log</b> of the last {@link #rawCapacity()} measurements as they came (number, boolean or
 * text, with unit and state), for {@link #lastN};</li>
 * <li>for numeric values (booleans count as 1 and 0), <b>consolidated archives</b>: one per
 * {@link ArchiveDTO resolution}, each keeping minimum, maximum, average, last value, sum and count per interval for
 * its span, read by {@link #range}. Text values are kept in the raw log only.</li>
 * </ul>
 * Disk use is bounded: each series has a fixed size and the store holds at most a configured number of series.
 *
 * <p><b>Threading.</b> All methods may be called from any thread. {@link #append} never blocks: it hands the
 * measurement to the store's own writer (a bounded queue) and returns; what cannot be queued is dropped and
 * counted. Queries see what the writer has written, which is usually every value appended more than a few
 * milliseconds earlier.
 */
@ProviderType
public interface HistoryStore {

    /**
     * Records one measurement, asynchronously. The series is identified by the sensor, the channel and
     * {@link Measurement#source()} (a measurement without a source is its own series).
     *
     * @param sensor id of the sensor
     * @param channel name of the channel
     * @param measurement the value; its timestamp places it in the archives
     * @param retentionDays how long the consolidated archives of a <em>new</em> series keep data (archives longer
     *        than this are shortened, coarser ones dropped); an existing series keeps the retention it was created
     *        with; 0 or less means the store's full archive set
     * @return false when the value was dropped (queue full, or a new series beyond the store's bound)
     */
    boolean append(String sensor, String channel, Measurement measurement, int retentionDays);

    /**
     * @param sensor id of a sensor
     * @return the series recorded for it, sorted by channel then source; empty when none
     */
    List<SeriesDTO> series(String sensor);

    /**
     * The last raw measurements of a channel.
     *
     * @param sensor id of the sensor
     * @param channel name of the channel
     * @param source only that source, or empty for every source of the channel (merged by timestamp)
     * @param n how many, at most {@link #rawCapacity()}
     * @return up to {@code n} measurements, oldest first (the newest last); empty for an unknown series
     */
    List<Measurement> lastN(String sensor, String channel, Optional<String> source, int n);

    /**
     * Consolidated points of a channel over a time range.
     *
     * @param query what to read
     * @return one series of points per source; empty when the channel has no numeric history
     * @throws IllegalArgumentException when the query asks for what the archives cannot give (a resolution that
     *         is not one of {@link #archives()}, from after to, an unknown aggregation)
     */
    RangeDTO range(RangeQueryDTO query);

    /** @return the archives every new series gets (without a shorter retention), finest first */
    List<ArchiveDTO> archives();

    /** @return how many raw measurements each series keeps */
    int rawCapacity();

    /** @return the store's counters since it started */
    HistoryStatsDTO stats();
}
