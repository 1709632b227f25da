package org.rocmon.mixins.aggregator.stats.internal;

import java.util.Arrays;

/**
 * The values of one open window. Count, sum, min, max, mean and variance are running figures (Welford's update),
 * so adding a value allocates nothing; the values themselves are kept only when a median or percentile is asked,
 * in an array reused from window to window and bounded by {@code maxSamples} (beyond it the oldest are
 * overwritten and counted as dropped).
 */
final class Window {

    private static final int INITIAL_CAPACITY = 64;

    private final boolean keepSamples;
    private final int maxSamples;

    private long count;
    private double sum;
    private double mean;
    private double m2;
    private double min;
    private double max;
    private double earliest;
    private long earliestTs;
    private double latest;
    private long latestTs;
    private String unit;

    private double[] samples;
    private int size;
    private int next;
    private long dropped;
    private boolean sorted;

    Window(boolean keepSamples, int maxSamples) {
        this.keepSamples = keepSamples;
        this.maxSamples = maxSamples;
        this.samples = keepSamples ? new double[Math.min(INITIAL_CAPACITY, maxSamples)] : null;
    }

    void add(double x, long ts, String valueUnit) {
        if (count == 0) {
            min = x;
            max = x;
            earliest = x;
            earliestTs = ts;
            latest = x;
            latestTs = ts;
        } else {
            if (x < min) {
                min = x;
            }
            if (x > max) {
                max = x;
            }
            // Ordered by timestamp, not arrival: sources may deliver late.
            if (ts < earliestTs) {
                earliest = x;
                earliestTs = ts;
            }
            if (ts >= latestTs) {
                latest = x;
                latestTs = ts;
            }
        }
        count++;
        sum += x;
        double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
        unit = valueUnit;
        if (keepSamples) {
            keep(x);
        }
    }

    private void keep(double x) {
        if (size == samples.length && size < maxSamples) {
            samples = Arrays.copyOf(samples, (int) Math.min(maxSamples, 2L * size));
        }
        if (size < samples.length) {
            samples[size++] = x;
        } else {
            samples[next] = x;
            next = next + 1 == size ? 0 : next + 1;
            dropped++;
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    long count() {
        return count;
    }

    String unit() {
        return unit;
    }

    /** @return values left out of the median and percentiles of this window */
    long dropped() {
        return dropped;
    }

    /**
     * @param s the statistic
     * @return its value, or NaN when this window cannot give it (a rate needs two distinct timestamps)
     */
    double value(Statistic s) {
        switch (s.kind) {
            case COUNT:
                return count;
            case SUM:
                return sum;
            case MEAN:
                return mean;
            case MIN:
                return min;
            case MAX:
                return max;
            case VARIANCE:
                return variance();
            case STDDEV:
                return Math.sqrt(variance());
            case RATE:
                return latestTs == earliestTs ? Double.NaN : (latest - earliest) * 1000.0 / (latestTs - earliestTs);
            case MEDIAN:
            case PERCENTILE:
                return percentile(s.percent);
            default:
                throw new IllegalStateException(s.kind.name());
        }
    }

    /** Sample variance (divided by n - 1, as Telegraf's basicstats does); 0 for a single value. */
    private double variance() {
        return count < 2 ? 0 : m2 / (count - 1);
    }

    /** Linear interpolation between closest ranks (numpy's default), so p50 equals the median. */
    private double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(samples, 0, size);
            sorted = true;
        }
        double h = (size - 1) * p / 100.0;
        int lo = (int) Math.floor(h);
        if (lo + 1 >= size) {
            return samples[size - 1];
        }
        return samples[lo] + (h - lo) * (samples[lo + 1] - samples[lo]);
    }

    /** Empties the window, keeping its sample array for the next one. */
    void reset() {
        count = 0;
        sum = 0;
        mean = 0;
        m2 = 0;
        unit = null;
        size = 0;
        next = 0;
        dropped = 0;
        sorted = false;
    }
}
