package org.rocmon.collector.internal.resource;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a collector counts, since it was created: rounds run, calls answered or failed, frames handed to the edge.
 * Written from rounds and metric completions on any thread; read by its status.
 */
final class CollectorCounters {

    final AtomicLong rounds = new AtomicLong();
    final AtomicLong measures = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong suspended = new AtomicLong();
    final AtomicLong frames = new AtomicLong();
    final AtomicLong paused = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final AtomicLong maxLatenessMillis = new AtomicLong();

    /** @param into the status's counters, in the order {@code GET} shows them */
    void putInto(Map<String, Long> into) {
        into.put("rounds", rounds.get());
        into.put("measures", measures.get());
        into.put("errors", errors.get());
        into.put("timeouts", timeouts.get());
        into.put("rejected", rejected.get());
        into.put("skipped", skipped.get());
        into.put("suspended", suspended.get());
        into.put("frames", frames.get());
        into.put("paused", paused.get());
        into.put("late", late.get());
        into.put("maxLatenessMillis", maxLatenessMillis.get());
    }
}
