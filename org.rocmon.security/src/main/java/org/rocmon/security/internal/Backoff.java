package org.rocmon.security.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed password attempts per user name and client address. The first {@link #FREE} failures cost nothing; each
 * further one locks that user name from that address for twice as long as the previous lock (1 s, 2 s, 4 s ... at
 * most {@link #MAX_LOCK_MS}), during which even the right password is refused with 429 and {@code Retry-After}.
 * Keyed by user and address, so a guesser neither locks the real user out from elsewhere nor, from one address,
 * other users. A success clears the count; an entry is forgotten after {@link #FORGET_MS} without failures.
 */
final class Backoff {

    static final int FREE = 5;
    static final long MAX_LOCK_MS = 60_000;
    static final long FORGET_MS = 15 * 60_000;
    private static final int MAX_ENTRIES = 10_000;

    private static final class Entry {
        final int failures;
        final long lockedUntil;
        final long last;

        Entry(int failures, long lockedUntil, long last) {
            this.failures = failures;
            this.lockedUntil = lockedUntil;
            this.last = last;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    Backoff(LongSupplier clock) {
        this.clock = clock;
    }

    /** @return milliseconds the key is still locked for, 0 when it may try */
    long lockedFor(String user, String address) {
        Entry e = entries.get(key(user, address));
        return e == null ? 0 : Math.max(0, e.lockedUntil - clock.getAsLong());
    }

    /** Counts a failure; @return the failures counted so far for this key */
    int failed(String user, String address) {
        long now = clock.getAsLong();
        if (entries.size() > MAX_ENTRIES) {
            entries.values().removeIf(e -> now - e.last > FORGET_MS);
            if (entries.size() > MAX_ENTRIES) {
                entries.clear(); // a flood of names: forgetting is better than growing without bound
            }
        }
        Entry e = entries.compute(key(user, address), (k, old) -> {
            int n = old == null || now - old.last > FORGET_MS ? 1 : old.failures + 1;
            long lock = n <= FREE ? 0 : Math.min(MAX_LOCK_MS, 1000L << Math.min(16, n - FREE - 1));
            return new Entry(n, now + lock, now);
        });
        return e.failures;
    }

    void succeeded(String user, String address) {
        entries.remove(key(user, address));
    }

    private static String key(String user, String address) {
        return user + "\u0000" + address;
    }
}
