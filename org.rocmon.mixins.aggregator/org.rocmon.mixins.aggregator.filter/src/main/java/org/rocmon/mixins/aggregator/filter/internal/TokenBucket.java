package org.rocmon.mixins.aggregator.filter.internal;

/**
 * Tokens of a rate limit, refilled at ticks. It starts with one period's worth ({@code rate * period}, at least
 * one) and holds one token more than a period's worth, so the fraction of a token left over after a busy period
 * is not capped away: under a steady overload exactly {@code rate} per second get through even though the bucket
 * is refilled only once a period.
 */
final class TokenBucket {

    private final double perMilli;
    private final double capacity;
    private final long periodMillis;
    private double tokens;
    private long lastRefill = Long.MIN_VALUE;

    /**
     * @param perSecond tokens per second, {@code > 0}
     * @param periodMillis how often {@link #refill} is called
     */
    TokenBucket(double perSecond, long periodMillis) {
        this.perMilli = perSecond / 1000.0;
        this.periodMillis = Math.max(1, periodMillis);
        double perPeriod = perSecond * this.periodMillis / 1000.0;
        this.capacity = perPeriod + 1;
        this.tokens = Math.max(1, perPeriod);
    }

    /** @return whether a token was available (and is now taken) */
    boolean take() {
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Adds the tokens earned since the previous refill (one period for the first).
     *
     * @param now epoch milliseconds
     */
    void refill(long now) {
        long elapsed = lastRefill == Long.MIN_VALUE ? periodMillis : Math.max(0, now - lastRefill);
        // A clock step back must not make the bucket earn tokens twice, so time only counts forward.
        if (lastRefill == Long.MIN_VALUE || now > lastRefill) {
            lastRefill = now;
        }
        tokens = Math.min(capacity, tokens + elapsed * perMilli);
    }

    double tokens() {
        return tokens;
    }

    double capacity() {
        return capacity;
    }
}
