package org.rocmon.process.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Counters of one runner; written by any thread, read by {@link #snapshot()}. */
final class RunnerStats {

    final LongAdder started = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder killed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder failedToStart = new LongAdder();

    private final String mechanism;
    private final IntSupplier running;
    private final IntSupplier queued;

    RunnerStats(String mechanism, IntSupplier running, IntSupplier queued) {
        this.mechanism = mechanism;
        this.running = running;
        this.queued = queued;
    }

    /**
     * @return started, running (now), queued (now), completed (results delivered, time-outs included), timedOut,
     *         killed (by cancellation or shutdown), rejected, failedToStart and mechanism
     */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", started.sum());
        m.put("running", running.getAsInt());
        m.put("queued", queued.getAsInt());
        m.put("completed", completed.sum());
        m.put("timedOut", timedOut.sum());
        m.put("killed", killed.sum());
        m.put("rejected", rejected.sum());
        m.put("failedToStart", failedToStart.sum());
        m.put("mechanism", mechanism);
        return m;
    }
}
