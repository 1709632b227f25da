package org.rocmon.bench.histogram;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latency histogram with fixed log-linear buckets: values below 64 are exact, larger ones fall into 32
 * sub-buckets per power of two (at most about 3% wide), up to 2<sup>40</sup>. Recording is lock-free, so many
 * client threads may share one instance; snapshots are plain arrays that can be subtracted, so a measurement
 * window is the difference of two snapshots and warm-up never pollutes the percentiles.
 */
public final class LogHistogram {

    private static final int EXACT = 64;
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 40;
    /** Number of buckets. */
    public static final int BUCKETS = EXACT + (MAX_EXPONENT - 6 + 1) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** @param value a non-negative value; negative values (clock skew) count as 0, huge ones in the last bucket */
    public void record(long value) {
        counts.incrementAndGet(indexOf(value));
    }

    /** @return a copy of the bucket counts */
    public long[] snapshot() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /**
     * @param value a value
     * @return its bucket
     */
    public static int indexOf(long value) {
        if (value < EXACT) {
            return value < 0 ? 0 : (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB - 1);
        return EXACT + (exponent - 6) * SUB + sub;
    }

    /**
     * @param index a bucket
     * @return the highest value that falls into it
     */
    public static long highestOf(int index) {
        if (index < EXACT) {
            return index;
        }
        int exponent = 6 + (index - EXACT) / SUB;
        int sub = (index - EXACT) % SUB;
        long low = (long) (SUB + sub) << (exponent - SUB_BITS);
        return low + (1L << (exponent - SUB_BITS)) - 1;
    }

    /**
     * @param counts bucket counts
     * @return their sum
     */
    public static long total(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /**
     * @param counts bucket counts
     * @param percentile 0 to 100
     * @return the highest value of the bucket holding that percentile, or -1 when empty
     */
    public static long percentile(long[] counts, double percentile) {
        long total = total(counts);
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return highestOf(i);
            }
        }
        return highestOf(counts.length - 1);
    }

    /**
     * @param later a later snapshot
     * @param earlier an earlier snapshot of the same histogram
     * @return what was recorded in between
     */
    public static long[] minus(long[] later, long[] earlier) {
        long[] diff = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            diff[i] = later[i] - (earlier == null ? 0 : earlier[i]);
        }
        return diff;
    }

    /**
     * Sparse JSON form, small enough to write every tick: {@code [[bucket,count],...]} for non-empty buckets.
     *
     * @param counts bucket counts
     * @return the JSON array
     */
    public static String toJson(long[] counts) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.append(out.length() == 1 ? "" : ",").append('[').append(i).append(',').append(counts[i]).append(']');
            }
        }
        return out.append(']').toString();
    }

    /**
     * @param pairs the sparse form's pairs, as parsed from {@link #toJson(long[])}
     * @return the bucket counts
     */
    public static long[] fromPairs(long[][] pairs) {
        long[] counts = new long[BUCKETS];
        for (long[] pair : pairs) {
            if (pair.length == 2 && pair[0] >= 0 && pair[0] < BUCKETS) {
                counts[(int) pair[0]] += pair[1];
            }
        }
        return counts;
    }
}
