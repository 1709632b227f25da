package org.rocmon.sensor.internal.pipeline;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/** Logs a warning per key at most once per interval, so a misbehaving mixin or collector cannot flood the log. */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, AtomicLong> lastByKey = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs unless the same key was logged within the interval. */
    public void warn(String key, String message, Throwable t) {
        if (lastByKey.size() > 10_000) {
            lastByKey.clear(); // keys come from ids; bound the map rather than trust them
        }
        AtomicLong last = lastByKey.computeIfAbsent(key, k -> new AtomicLong(System.nanoTime() - intervalNanos - 1));
        long now = System.nanoTime();
        long prev = last.get();
        if (now - prev > intervalNanos && last.compareAndSet(prev, now)) {
            if (t == null) {
                log.warn("{} (further messages for {} suppressed for a while)", message, key);
            } else {
                log.warn("{}: {} (further messages for {} suppressed for a while)", message, t.toString(), key);
            }
        }
    }
}
