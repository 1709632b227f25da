package org.rocmon.security.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per user: one token bucket per user name, refilled at {@code rate} requests per second up to
 * {@code burst}; a request takes one token, and with none left it is refused with 429 and how many seconds until
 * one is back. Per user, not per address or token: all of a user's clients share one budget. Buckets of users idle
 * long enough to be full again are forgotten, so the map stays as small as the set of active users.
 */
final class RateLimits {

    private static final int MAX_USERS = 10_000;

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private volatile double rate;
    private volatile int burst;

    /**
     * @param rate requests per second per user; 0 or less: no limit
     * @param burst requests a user may make at once after being idle (at least 1)
     * @param clock milliseconds
     */
    RateLimits(double rate, int burst, LongSupplier clock) {
        this.clock = clock;
        configure(rate, burst);
    }

    void configure(double rate, int burst) {
        this.rate = rate;
        this.burst = Math.max(1, burst);
        buckets.clear();
    }

    boolean enabled() {
        return rate > 0;
    }

    /** @return 0 when the user may go on (a token was taken), else seconds until the next token, at least 1 */
    long take(String user) {
        double r = rate;
        if (r <= 0) {
            return 0;
        }
        int b = burst;
        long now = clock.getAsLong();
        if (buckets.size() >= MAX_USERS) {
            buckets.entrySet().removeIf(e -> full(e.getValue(), now, r, b));
        }
        Bucket bucket = buckets.computeIfAbsent(user, k -> new Bucket(b, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(b, bucket.tokens + Math.max(0, now - bucket.last) * r / 1000.0);
            bucket.last = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / r));
        }
    }

    private static boolean full(Bucket bucket, long now, double r, int b) {
        synchronized (bucket) {
            return bucket.tokens + Math.max(0, now - bucket.last) * r / 1000.0 >= b;
        }
    }
}
