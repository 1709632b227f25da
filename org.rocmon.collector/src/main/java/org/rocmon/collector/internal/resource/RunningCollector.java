package org.rocmon.collector.internal.resource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Measurement;
import org.rocmon.api.dto.StatusDTO;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.collector.internal.RateLimiter;

/**
 * One collector on a resource and its schedule: every period it starts a {@link Round} that calls each metric once
 * and hands one frame to the edge. Mutated only by {@link CollectorManager} under its lock; rounds read volatile
 * snapshots. Its JSON is {@link CollectorView}'s business, its counters {@link CollectorCounters}'.
 */
final class RunningCollector {

    private static final Logger LOG = LoggerFactory.getLogger(RunningCollector.class);
    /** Consecutive failed connection attempts after which an edge that was not refused counts as failing. */
    static final long EDGE_FAILURES = 3;

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
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> firstTick;
    /** Period and anchors of the current schedule: round k after the first is due at phaseAnchor + k * period. */
    private volatile Map<String, Long> schedule = Map.of();
    /** Sensor on this node that admitted us, to revoke on delete. */
    String admittedSensor;

    private final AtomicBoolean roundOpen = new AtomicBoolean();
    private final Map<String, Measurement> last = new ConcurrentHashMap<>();
    final CollectorCounters counters = new CollectorCounters();
    /** Metric failures and timeouts, shared by the rounds of this collector. */
    final RateLimiter errorLog = new RateLimiter(60_000);
    private final RateLimiter rejectLog = new RateLimiter(60_000);

    RunningCollector(CollectorSpec spec, Pools pools) {
        this.spec = spec;
        this.pools = pools;
    }

    CollectorSpec spec() {
        return spec;
    }

    String id() {
        return spec.id;
    }

    List<MetricSlot> slots() {
        return slots;
    }

    Map<String, Long> schedule() {
        return schedule;
    }

    ObjectNode lastControl() {
        return lastControl;
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
        stop(false);
    }

    /**
     * @param release the collector stays (this process lets go of it): a durable edge keeps its unacknowledged
     *        frames for the collector's next run, instead of discarding them
     */
    void stop(boolean release) {
        stopped = true;
        cancelTick();
        for (MetricSlot s : slots) {
            s.retire();
        }
        slots = List.of();
        CollectorEdge e = edge;
        edge = null;
        if (e != null && release) {
            e.release();
        } else if (e != null) {
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
                counters.paused.incrementAndGet();
                return;
            }
            CollectorSpec current = spec;
            if (!current.window.active(System.currentTimeMillis())) {
                state = "suspended";
                counters.suspended.incrementAndGet();
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
                counters.skipped.incrementAndGet();
                return;
            }
            counters.rounds.incrementAndGet();
            new Round(this, pools, now, due, Math.min(current.periodMillis, pools.maxTimeoutMillis)).start();
        } catch (RuntimeException e) {
            // Never let an exception cancel the periodic task.
            LOG.error("collector {}: round failed", spec.id, e);
            roundOpen.set(false);
        }
    }

    void rejected(MetricSlot slot, String channel) {
        counters.rejected.incrementAndGet();
        if (rejectLog.permit()) {
            LOG.warn("collector {}: mixin {} wrote channel '{}' that is not among its outputs {}; value rejected",
                    spec.id, slot.mixin(), channel, slot.outputs);
        }
    }

    /** The round ended: the next one may start. */
    void roundClosed() {
        roundOpen.set(false);
    }

    void deliver(Map<String, Measurement> values) {
        if (values.isEmpty()) {
            return;
        }
        last.putAll(values);
        CollectorEdge e = edge;
        if (e != null && !stopped) {
            e.send(values);
            counters.frames.incrementAndGet();
        }
    }

    /**
     * @return state, reason and counters as shown. A collector that measures but whose edge keeps failing (the
     *         sensor refuses it, or cannot be reached) is {@code degraded}, with the edge's reason: it cannot deliver.
     */
    StatusDTO status() {
        StatusDTO dto = new StatusDTO();
        dto.state = state();
        dto.reason = "running".equals(control) || !dto.state.equals(control) ? reason
                : control + " by a control command";
        CollectorEdge e = edge;
        if ("running".equals(dto.state) && e != null) {
            String failing = failing(e.status());
            if (failing != null) {
                dto.state = "degraded";
                dto.reason = failing;
            }
        }
        counters.putInto(dto.counters);
        return dto;
    }

    /** @return why the edge cannot deliver, or null while it is connected or may still connect */
    static String failing(StatusDTO edge) {
        if (edge == null || "connected".equals(edge.state) || "closed".equals(edge.state)) {
            return null;
        }
        long refusal = edge.counters.getOrDefault("refusal", 0L);
        long failures = edge.counters.getOrDefault("failures", 0L);
        if (refusal == 0 && failures < EDGE_FAILURES) {
            return null;
        }
        return "cannot deliver to its sensor: " + (edge.reason == null ? failures + " failed attempts" : edge.reason);
    }

    /** @return the last value of each channel */
    Map<String, Measurement> lastValues() {
        return Map.copyOf(last);
    }
}
