package org.rocmon.collector.internal.resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.AsyncMetric;
import org.rocmon.api.mixin.Metric;

/**
 * One measuring round: all metrics in parallel, one frame out when all answered or the deadline passed. A call
 * still running at the deadline is not lost: when it completes, what it wrote goes out in a frame of its own.
 */
final class Round {

    // Logged as the collector's: a reader looks for what a collector did, not for how rounds are built.
    private static final Logger LOG = LoggerFactory.getLogger(RunningCollector.class);
    /** Longer than this to start an asynchronous measurement, and the metric counts as blocking. */
    private static final long BLOCKING_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int OVERDUE = 2;

    private final List<MetricSlot> slots;
    private final RoundOutput[] outputs;
    private final AtomicIntegerArray done;
    private final AtomicInteger remaining;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final long due;
    private final long timeoutMillis;
    private final RunningCollector collector;
    private final CollectorCounters counters;
    private final Pools pools;
    private volatile ScheduledFuture<?> deadline;

    Round(RunningCollector collector, Pools pools, List<MetricSlot> slots, long due, long timeoutMillis) {
        this.collector = collector;
        this.counters = collector.counters;
        this.pools = pools;
        this.slots = slots;
        this.outputs = new RoundOutput[slots.size()];
        this.done = new AtomicIntegerArray(slots.size());
        this.remaining = new AtomicInteger(slots.size() + 1); // +1 until all calls are submitted
        this.due = due;
        this.timeoutMillis = timeoutMillis;
    }

    void start() {
        for (int i = 0; i < slots.size(); i++) {
            MetricSlot slot = slots.get(i);
            if (!slot.tryAcquire()) {
                counters.skipped.incrementAndGet(); // still busy with an overdue call
                remaining.decrementAndGet();
                continue;
            }
            RoundOutput out = new RoundOutput(slot.outputs, ch -> collector.rejected(slot, ch));
            outputs[i] = out;
            int index = i;
            if (slot.instance.mixin() instanceof AsyncMetric && !slot.blocking) {
                // An asynchronous metric only starts its measurement: it runs on the tick, saving a hand-over
                // (and its scheduling delay) per check. One that blocks is moved to the workers for good.
                long began = System.nanoTime();
                call(index, slot, out);
                if (System.nanoTime() - began > BLOCKING_NANOS) {
                    slot.blocking = true;
                    LOG.warn("collector {}: mixin {} took {} ms to start an asynchronous measurement; its calls "
                            + "move to the worker threads", collector.id(), slot.mixin(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
                }
                continue;
            }
            try {
                pools.workers.execute(() -> call(index, slot, out));
            } catch (RejectedExecutionException e) {
                slot.release();
                outputs[i] = null;
                counters.errors.incrementAndGet();
                pools.rejectedCall();
                remaining.decrementAndGet();
            }
        }
        try {
            deadline = pools.scheduler.schedule(this::finish, timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: finish when the calls return
        }
        countDown();
    }

    private void call(int index, MetricSlot slot, RoundOutput out) {
        long lateness = System.currentTimeMillis() - due;
        pools.lateness.record(lateness);
        counters.maxLatenessMillis.accumulateAndGet(lateness, Math::max);
        Metric metric = slot.instance.mixin();
        if (metric instanceof AsyncMetric) {
            CompletionStage<?> stage;
            try {
                stage = ((AsyncMetric) metric).measureAsync(out);
            } catch (Throwable t) {
                complete(index, slot, out, t);
                return;
            }
            if (stage == null) {
                complete(index, slot, out, null);
            } else {
                // Runs on the thread that completes the stage (for plugins, the host's process I/O thread):
                // counting and handing the frame to the edge's buffer never block, and a hop to another
                // thread would cost a context switch per check.
                stage.whenComplete((result, failure) -> complete(index, slot, out, failure));
            }
            return;
        }
        Throwable failure = null;
        try {
            metric.measure(out);
        } catch (Throwable t) {
            failure = t;
        }
        complete(index, slot, out, failure);
        if (failure instanceof Error && !(failure instanceof LinkageError)
                && !(failure instanceof AssertionError)) {
            throw (Error) failure;
        }
    }

    private void complete(int index, MetricSlot slot, RoundOutput out, Throwable failure) {
        try {
            if (failure == null) {
                counters.measures.incrementAndGet();
            } else {
                out.invalidate();
                counters.errors.incrementAndGet();
                if (collector.errorLog.permit()) {
                    LOG.warn("collector {}: mixin {} failed to measure (further failures logged at most once a "
                            + "minute)", collector.id(), slot.mixin(), unwrap(failure));
                }
            }
            if (done.compareAndSet(index, RUNNING, DONE)) {
                return;
            }
            // The round went out without this call: deliver what it wrote on its own.
            Map<String, Measurement> written = out.take();
            if (failure == null && !written.isEmpty()) {
                counters.late.incrementAndGet();
                collector.deliver(written);
            }
        } finally {
            slot.release();
            if (done.get(index) == DONE) {
                countDown();
            }
        }
    }

    private void countDown() {
        if (remaining.decrementAndGet() == 0) {
            finish();
        }
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
        Map<String, Measurement> merged = new LinkedHashMap<>();
        for (int i = 0; i < outputs.length; i++) {
            RoundOutput out = outputs[i];
            if (out == null) {
                continue;
            }
            if (done.compareAndSet(i, RUNNING, OVERDUE)) {
                counters.timeouts.incrementAndGet();
                if (collector.errorLog.permit()) {
                    LOG.warn("collector {}: mixin {} did not answer within {} ms; its values will follow on their "
                            + "own", collector.id(), slots.get(i).mixin(), timeoutMillis);
                }
            } else if (done.get(i) == DONE) {
                merged.putAll(out.take());
            }
        }
        collector.roundClosed();
        collector.deliver(merged);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
