package org.rocmon.collector.internal.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Measurement;
import org.rocmon.api.Monitoring;
import org.rocmon.api.dto.StatusDTO;
import org.rocmon.api.mixin.AsyncMetric;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.collector.internal.RateLimiter;
import org.rocmon.json.RocmonJson;

/**
 * One collector on a resource: every period it calls each metric once (on the worker pool, with a deadline), merges
 * what they wrote into one frame and hands it to its edge. Mutated only by {@link CollectorManager} under its lock;
 * rounds read volatile snapshots.
 */
final class RunningCollector {

    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private static final Logger LOG = LoggerFactory.getLogger(RunningCollector.class);
    /** Longer than this to start an asynchronous measurement, and the metric counts as blocking. */
    private static final long BLOCKING_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Pools pools;
    private volatile CollectorSpec spec;
    private volatile List<MetricSlot> slots = List.of();
    private volatile CollectorEdge edge;
    private volatile String state = "degraded";
    private volatile String reason = "not started";
    private volatile boolean stopped;
    /** What the last control command asked for: running, stopped or paused. */
    private volatile String control = "running";
    private volatile ObjectNode lastControl;
    private final AtomicLong paused = new AtomicLong();
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> firstTick;
    /** Period and anchors of the current schedule: round k after the first is due at phaseAnchor + k * period. */
    private volatile Map<String, Long> schedule = Map.of();
    /** Sensor on this node that admitted us, to revoke on delete. */
    String admittedSensor;

    private final AtomicBoolean roundOpen = new AtomicBoolean();
    private final Map<String, Measurement> last = new ConcurrentHashMap<>();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong measures = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong suspended = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong maxLatenessMillis = new AtomicLong();
    private final RateLimiter errorLog = new RateLimiter(60_000);
    private final RateLimiter rejectLog = new RateLimiter(60_000);

    RunningCollector(CollectorSpec spec, Pools pools) {
        this.spec = spec;
        this.pools = pools;
    }

    CollectorSpec spec() {
        return spec;
    }

    CollectorEdge edge() {
        return edge;
    }

    /** @return the state as shown: a control command's stop or pause masks running and suspended */
    String state() {
        String c = control;
        if (!"running".equals(c) && ("running".equals(state) || "suspended".equals(state))) {
            return c;
        }
        return state;
    }

    String control() {
        return control;
    }

    /**
     * Stop: no rounds at all. Pause: rounds come due but are skipped and counted. Either way the edge stays open,
     * so frames it still buffers reach the sensor.
     */
    void control(String requested, ObjectNode record) {
        control = requested;
        if (record != null) {
            lastControl = record;
        }
    }

    /**
     * Starts (or restarts) measuring with these metrics, retiring the ones it had. The first round runs at once;
     * later rounds fall on this collector's phase of the epoch-aligned period grid, so a node's collectors spread
     * over the period instead of firing together.
     */
    void run(CollectorSpec newSpec, List<MetricSlot> newSlots, CollectorEdge newEdge) {
        cancelTick();
        List<MetricSlot> old = slots;
        spec = newSpec;
        edge = newEdge;
        slots = List.copyOf(newSlots);
        for (MetricSlot s : old) {
            s.retire();
        }
        state = "running";
        reason = null;
        long period = newSpec.periodMillis;
        long phase = pools.nextPhase(period);
        // The tasks exist before the clock is read: creating them can take milliseconds the first time (lambda
        // bootstrap), which would otherwise shift every due time of this collector against its real schedule.
        long[] due = new long[2];
        AtomicLong index = new AtomicLong();
        Runnable once = () -> tick(due[0]);
        Runnable periodic = () -> tick(due[1] + index.getAndIncrement() * period);
        java.time.Instant clock = java.time.Instant.now();
        long now = clock.toEpochMilli();
        long delay = Math.floorMod(phase - now, period);
        if (delay < period / 2) {
            delay += period; // not right after the first round
        }
        due[0] = now;
        due[1] = now + delay;
        // Rounds fire on the millisecond they are due, not up to a millisecond after it.
        long nowNanos = clock.getEpochSecond() * 1_000_000_000L + clock.getNano();
        long delayNanos = due[1] * 1_000_000L - nowNanos;
        try {
            // The periodic task first, right after the clock was read: scheduling the first round can wake a
            // scheduler thread that takes this thread's core, and every later due time would carry that delay.
            tick = pools.scheduler.scheduleAtFixedRate(periodic, delayNanos, TimeUnit.MILLISECONDS.toNanos(period),
                    TimeUnit.NANOSECONDS);
            firstTick = pools.scheduler.schedule(once, 0, TimeUnit.MILLISECONDS);
            schedule = Map.of("periodMillis", period, "firstRoundAt", now, "phaseAnchor", due[1]);
        } catch (RejectedExecutionException e) {
            state = "stopped";
            reason = "the collector runtime is shutting down";
        }
    }

    /** Keeps the definition but runs nothing until the manager can open its metrics again. */
    void degrade(CollectorSpec newSpec, String why) {
        cancelTick();
        spec = newSpec;
        List<MetricSlot> old = slots;
        slots = List.of();
        for (MetricSlot s : old) {
            s.retire();
        }
        state = "degraded";
        reason = why;
    }

    /** Stops the schedule, closes metrics (each once its running call returns) and the edge. */
    void stop() {
        stopped = true;
        cancelTick();
        for (MetricSlot s : slots) {
            s.retire();
        }
        slots = List.of();
        CollectorEdge e = edge;
        edge = null;
        if (e != null) {
            e.close();
        }
        state = "stopped";
        reason = null;
    }

    private void cancelTick() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (firstTick != null) {
            firstTick.cancel(false);
            firstTick = null;
        }
    }

    /** @param due when this round was due (epoch ms): lateness is counted from it */
    private void tick(long due) {
        try {
            if (stopped || !"running".equals(state) && !"suspended".equals(state)) {
                return;
            }
            String c = control;
            if ("stopped".equals(c)) {
                return;
            }
            if ("paused".equals(c)) {
                paused.incrementAndGet();
                return;
            }
            CollectorSpec current = spec;
            if (!current.window.active(System.currentTimeMillis())) {
                state = "suspended";
                suspended.incrementAndGet();
                return;
            }
            List<MetricSlot> now = slots;
            for (MetricSlot s : now) {
                if (!s.instance.available()) {
                    // The manager's repair loop reopens it once a provider is back.
                    degrade(current, "mixin " + s.mixin() + " is no longer installed");
                    LOG.warn("collector {}/{}: {}", current.resourceId, current.id, reason);
                    return;
                }
            }
            state = "running";
            if (!roundOpen.compareAndSet(false, true)) {
                skipped.incrementAndGet();
                return;
            }
            rounds.incrementAndGet();
            new Round(now, due, Math.min(current.periodMillis, pools.maxTimeoutMillis)).start();
        } catch (RuntimeException e) {
            // Never let an exception cancel the periodic task.
            LOG.error("collector {}: round failed", spec.id, e);
            roundOpen.set(false);
        }
    }

    private void rejected(MetricSlot slot, String channel) {
        rejected.incrementAndGet();
        if (rejectLog.permit()) {
            LOG.warn("collector {}: mixin {} wrote channel '{}' that is not among its outputs {}; value rejected",
                    spec.id, slot.mixin(), channel, slot.outputs);
        }
    }

    /**
     * One measuring round: all metrics in parallel, one frame out when all answered or the deadline passed. A call
     * still running at the deadline is not lost: when it completes, what it wrote goes out in a frame of its own.
     */
    private final class Round {
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
        private volatile ScheduledFuture<?> deadline;

        Round(List<MetricSlot> slots, long due, long timeoutMillis) {
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
                    skipped.incrementAndGet(); // still busy with an overdue call
                    remaining.decrementAndGet();
                    continue;
                }
                RoundOutput out = new RoundOutput(slot.outputs, ch -> rejected(slot, ch));
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
                                + "move to the worker threads", spec.id, slot.mixin(),
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
                    }
                    continue;
                }
                try {
                    pools.workers.execute(() -> call(index, slot, out));
                } catch (RejectedExecutionException e) {
                    slot.release();
                    outputs[i] = null;
                    errors.incrementAndGet();
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
            maxLatenessMillis.accumulateAndGet(lateness, Math::max);
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
                    measures.incrementAndGet();
                } else {
                    out.invalidate();
                    errors.incrementAndGet();
                    if (errorLog.permit()) {
                        LOG.warn("collector {}: mixin {} failed to measure (further failures logged at most once a "
                                + "minute)", spec.id, slot.mixin(), unwrap(failure));
                    }
                }
                if (done.compareAndSet(index, RUNNING, DONE)) {
                    return;
                }
                // The round went out without this call: deliver what it wrote on its own.
                Map<String, Measurement> written = out.take();
                if (failure == null && !written.isEmpty()) {
                    late.incrementAndGet();
                    deliver(written);
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
                    timeouts.incrementAndGet();
                    if (errorLog.permit()) {
                        LOG.warn("collector {}: mixin {} did not answer within {} ms; its values will follow on their "
                                + "own", spec.id, slots.get(i).mixin(), timeoutMillis);
                    }
                } else if (done.get(i) == DONE) {
                    merged.putAll(out.take());
                }
            }
            roundOpen.set(false);
            deliver(merged);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private void deliver(Map<String, Measurement> values) {
        if (values.isEmpty()) {
            return;
        }
        last.putAll(values);
        CollectorEdge e = edge;
        if (e != null && !stopped) {
            e.send(values);
            frames.incrementAndGet();
        }
    }

    StatusDTO status() {
        StatusDTO dto = new StatusDTO();
        dto.state = state();
        dto.reason = "running".equals(control) || !dto.state.equals(control) ? reason
                : control + " by a control command";
        dto.counters.put("rounds", rounds.get());
        dto.counters.put("measures", measures.get());
        dto.counters.put("errors", errors.get());
        dto.counters.put("timeouts", timeouts.get());
        dto.counters.put("rejected", rejected.get());
        dto.counters.put("skipped", skipped.get());
        dto.counters.put("suspended", suspended.get());
        dto.counters.put("frames", frames.get());
        dto.counters.put("paused", paused.get());
        dto.counters.put("late", late.get());
        dto.counters.put("maxLatenessMillis", maxLatenessMillis.get());
        return dto;
    }

    Map<String, Measurement> lastValues() {
        return Map.copyOf(last);
    }

    /** @return the description and status shown by GET /resource/{rid}/collector/{cid} */
    ObjectNode describe() {
        CollectorSpec s = spec;
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", s.id);
        n.put("kind", Monitoring.COLLECTOR_KIND);
        if (s.title != null) {
            n.put("title", s.title);
        }
        if (s.summary != null) {
            n.put("summary", s.summary);
        }
        ArrayNode mixins = n.putArray("mixins");
        s.mixins.forEach(mixins::add);
        n.set("attributes", MAPPER.valueToTree(s.attributes));
        n.putArray("actions");
        n.put("source", s.resourceId);
        n.put("target", s.target);
        n.put("location", "/resource/" + s.resourceId + "/collector/" + s.id);
        n.put("sensor", s.resolved.uri.toString());
        n.set("status", MAPPER.valueToTree(status()));
        n.set("schedule", MAPPER.valueToTree(schedule));
        CollectorEdge e = edge;
        if (e != null) {
            n.set("edge", MAPPER.valueToTree(e.status()));
        }
        ArrayNode metrics = n.putArray("metrics");
        for (MetricSlot slot : slots) {
            ObjectNode m = metrics.addObject();
            m.put("mixin", slot.mixin());
            if (slot.instance.info() != null) {
                m.put("version", slot.instance.info().version);
                m.put("bundle", slot.instance.info().bundle);
            }
            ArrayNode outs = m.putArray("outputs");
            new ArrayList<>(slot.outputs).stream().sorted().forEach(outs::add);
            m.put("busy", slot.busy());
            if (slot.blocking) {
                m.put("blocking", true);
            }
        }
        ObjectNode lc = lastControl;
        if (lc != null) {
            n.set("control", lc.deepCopy());
        }
        ObjectNode values = n.putObject("values");
        new java.util.TreeMap<>(last).forEach((k, v) -> values.set(k, RocmonJson.tree(v)));
        return n;
    }
}
