package org.rocmon.collector.internal.edge;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnection delay with jitter: the nominal delay doubles from {@code initial} up to {@code cap}, and
 * the actual delay is drawn from its upper half, so many edges cut off by one sensor restart do not reconnect in
 * lock step.
 */
final class Backoff {

    private final long initialMillis;
    private final long capMillis;

    Backoff(long initialMillis, long capMillis) {
        this.initialMillis = initialMillis;
        this.capMillis = capMillis;
    }

    /**
     * @param failures consecutive failures so far, 1 for the first
     * @return the delay before the next attempt, in milliseconds
     */
    long delay(int failures) {
        int shift = Math.max(0, Math.min(failures - 1, 20));
        long nominal = Math.min(capMillis, initialMillis << shift);
        long half = nominal / 2;
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }
}
