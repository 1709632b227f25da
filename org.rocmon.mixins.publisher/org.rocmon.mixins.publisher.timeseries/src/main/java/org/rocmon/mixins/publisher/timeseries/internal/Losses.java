package org.rocmon.mixins.publisher.timeseries.internal;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts measurements a publisher had to give up, by reason. Publishers have no outputs, so a loss reaches the
 * sensor's error counter as one exception per tick in which it grew, not one per measurement (that would flood the
 * log exactly when the destination is in trouble).
 */
final class Losses {

    private final Map<String, Long> byReason = new TreeMap<>();
    private long total;
    private long reported;

    void add(String reason, long count) {
        if (count > 0) {
            byReason.merge(reason, count, Long::sum);
            total += count;
        }
    }

    long total() {
        return total;
    }

    /** @return a description of the losses since the last report, or {@code null} when there were none */
    String takeReport() {
        if (total == reported) {
            return null;
        }
        long grown = total - reported;
        reported = total;
        return grown + " measurement(s) dropped since the last tick (" + total + " in all: " + byReason + ")";
    }

    /**
     * Throws what went wrong in one tick: the delivery failure if any, with the loss report added.
     *
     * @param who e.g. {@code "InfluxDB of sensor s01"}
     * @param failure the delivery failure of this tick, or {@code null}
     */
    void rethrow(String who, IOException failure) throws IOException {
        String report = takeReport();
        if (failure == null && report == null) {
            return;
        }
        if (failure == null) {
            throw new IOException(who + ": " + report);
        }
        if (report == null) {
            throw failure;
        }
        throw new IOException(failure.getMessage() + "; " + report, failure);
    }
}
