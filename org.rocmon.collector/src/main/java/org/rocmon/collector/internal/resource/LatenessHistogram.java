package org.rocmon.collector.internal.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late metric calls start against their collector's schedule, node-wide: lock-free counts in buckets whose
 * upper bounds grow by about 12 % from 1 ms to 10 minutes, so a percentile read from it is at most 12 % above the
 * truth. Counts are cumulative, so a benchmark can subtract two readings to get the figures of a window.
 */
final class LatenessHistogram {

    private static final double RATIO = 1.12;
    /** Upper bound (inclusive) of each bucket in milliseconds; the first is 0 ms (on time). */
    static final long[] BOUNDS = bounds();

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    private static long[] bounds() {
        java.util.List<Long> b = new java.util.ArrayList<>();
        b.add(0L);
        double v = 1;
        while (v <= 600_000) {
            long ceil = (long) Math.ceil(v);
            if (ceil > b.get(b.size() - 1)) {
                b.add(ceil);
            }
            v *= RATIO;
        }
        return b.stream().mapToLong(Long::longValue).toArray();
    }

    void record(long lateMillis) {
        long v = Math.max(0, lateMillis);
        counts.incrementAndGet(bucket(v));
        total.incrementAndGet();
        sum.addAndGet(v);
        max.accumulateAndGet(v, Math::max);
    }

    static int bucket(long v) {
        int lo = 0;
        int hi = BOUNDS.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (BOUNDS[mid] >= v) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo; // BOUNDS.length = beyond the last bound
    }

    long count() {
        return total.get();
    }

    /** @return the upper bound of the bucket holding the p-th percentile, or -1 without samples */
    long percentile(double p) {
        long n = total.get();
        if (n == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(p / 100.0 * n);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return i < BOUNDS.length ? BOUNDS[i] : max.get();
            }
        }
        return max.get();
    }

    /** @return summary and the raw non-empty buckets ({@code "<=ms": count}, "more" beyond the last bound) */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        long n = total.get();
        m.put("samples", n);
        m.put("meanMillis", n == 0 ? 0 : (double) sum.get() / n);
        m.put("p50Millis", percentile(50));
        m.put("p90Millis", percentile(90));
        m.put("p99Millis", percentile(99));
        m.put("maxMillis", max.get());
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (int i = 0; i < counts.length(); i++) {
            long c = counts.get(i);
            if (c > 0) {
                buckets.put(i < BOUNDS.length ? String.valueOf(BOUNDS[i]) : "more", c);
            }
        }
        m.put("buckets", buckets);
        return m;
    }
}
