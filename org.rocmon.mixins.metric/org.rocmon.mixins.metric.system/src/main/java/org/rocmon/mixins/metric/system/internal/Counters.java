package org.rocmon.mixins.metric.system.internal;

/**
 * One sample of monotonically growing kernel counters and the monotonic time it was taken at, so that two
 * samples give per-second rates.
 */
final class Counters {

    final long[] values;
    final long nanos;

    Counters(long[] values, long nanos) {
        this.values = values;
        this.nanos = nanos;
    }

    /**
     * @param earlier a previous sample of the same counters
     * @param i which counter
     * @return the growth of counter {@code i} per second since {@code earlier}, or NaN when no time passed or the
     *         counter went back (a reset, a wrap or a device that was replaced): one skipped value beats a spike
     */
    double ratePerSecond(Counters earlier, int i) {
        double seconds = (nanos - earlier.nanos) / 1e9;
        long delta = values[i] - earlier.values[i];
        if (seconds <= 0 || delta < 0) {
            return Double.NaN;
        }
        return delta / seconds;
    }

    /** @return the growth of counter {@code i} since {@code earlier}, or -1 when it went back */
    long delta(Counters earlier, int i) {
        long delta = values[i] - earlier.values[i];
        return delta < 0 ? -1 : delta;
    }
}
