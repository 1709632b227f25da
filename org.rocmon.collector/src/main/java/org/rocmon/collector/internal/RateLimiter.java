package org.rocmon.collector.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Lets one log line through per interval, so a failing probe or an absent sensor cannot flood the log. */
public final class RateLimiter {

    private final long intervalMillis;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);

    /** @param intervalMillis minimum time between two permitted events */
    public RateLimiter(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** @return whether the caller may log now */
    public boolean permit() {
        long now = System.currentTimeMillis();
        long n = next.get();
        return now >= n && next.compareAndSet(n, now + intervalMillis);
    }

    /** Lets the next event through, e.g. after a recovery, so the next failure is logged at once. */
    public void reset() {
        next.set(Long.MIN_VALUE);
    }
}
