package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.rocmon.sensor.internal.alarm.SensorAlarms;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.control.ControlState;
import org.rocmon.sensor.internal.ingest.CollectorTrack;
import org.rocmon.sensor.internal.ingest.Frame;
import org.rocmon.sensor.internal.model.SensorSpec;
import org.rocmon.sensor.internal.pipeline.Counters;
import org.rocmon.sensor.internal.pipeline.Router;
import org.rocmon.sensor.internal.pipeline.Stage;
import org.rocmon.sensor.internal.pipeline.StageHost;
import org.rocmon.sensor.internal.pipeline.Subscriber;

/**
 * One running sensor: its stages wired by channel, its tick, the sequence state of its collectors, their open
 * WebSockets and its sensor-to-sensor edges. Structural changes ({@link #apply}, edges, {@link #close}) are
 * serialised by the manager; ingest and reads run concurrently with them.
 */
public final class Sensor {

    private final String id;
    private final StageHost host;
    private final Counters counters = new Counters();
    private final Router router = new Router(counters);
    private final SensorCollectors collectors;
    private final Map<String, ForwardEdge> edges = new ConcurrentHashMap<>();
    private final long definedAt;
    /** Where each collector comes from (its Rocmon-Source URL): the children a command or a query goes to. */
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    /** Its alarms and what the alarm check remembers (AlarmWatch). */
    private final SensorAlarms alarms;

    private volatile ControlState control = ControlState.RUNNING;
    /** Control state of each sensor-to-sensor collector, kept apart so it survives a replace and a restart. */
    private final Map<String, ControlState> edgeControl = new ConcurrentHashMap<>();
    private volatile ControlRecord lastControl;

    private volatile SensorSpec spec;
    private volatile List<Stage> stages = List.of();
    private volatile String degradedReason;
    private volatile boolean dirty;
    private volatile boolean closed;
    /** The write-ahead log that makes acks durable, or null (memory mode). */
    private volatile SensorJournal journal;
    private ScheduledFuture<?> ticks;
    private long tickPeriod;

    Sensor(String id, StageHost host, long definedAt) {
        this.id = id;
        this.host = host;
        this.definedAt = definedAt;
        this.collectors = new SensorCollectors(host.scheduler(), counters);
        this.alarms = new SensorAlarms(id);
    }

    public SensorAlarms alarms() {
        return alarms;
    }

    public String id() {
        return id;
    }

    public SensorSpec spec() {
        return spec;
    }

    public long definedAt() {
        return definedAt;
    }

    public List<Stage> stages() {
        return stages;
    }

    public Counters counters() {
        return counters;
    }

    public Router router() {
        return router;
    }

    /** @return its collectors: sequence state, WebSockets, withheld acks */
    public SensorCollectors collectors() {
        return collectors;
    }

    public Map<String, CollectorTrack> tracks() {
        return collectors.tracks();
    }

    Map<String, ForwardEdge> edges() {
        return edges;
    }

    public boolean connected(String collectorId) {
        return collectors.connected(collectorId);
    }

    /** @return stages by key, for the planner */
    Map<String, Stage> stagesByKey() {
        Map<String, Stage> m = new HashMap<>();
        for (Stage s : stages) {
            m.put(s.key(), s);
        }
        return m;
    }

    /** Installs a new description: new stages start, removed ones close, kept ones go on with their state. */
    void apply(SensorSpec newSpec, List<StagePlanner.Planned> plan, String degraded) {
        List<Stage> next = new ArrayList<>(plan.size());
        Set<Stage> kept = new java.util.HashSet<>();
        for (StagePlanner.Planned p : plan) {
            if (p.kept != null) {
                next.add(p.kept);
                kept.add(p.kept);
            } else {
                next.add(new Stage(id, p.key, p.opened, host, router, counters, collectors::releaseAcks));
            }
        }
        List<Stage> previous = stages;
        this.spec = newSpec;
        this.stages = List.copyOf(next);
        this.degradedReason = degraded;
        rewire();
        for (Stage s : previous) {
            if (!kept.contains(s)) {
                s.retire();
            }
        }
        schedule(newSpec.periodMillis);
        dirty = true;
        SensorJournal j = journal;
        if (j != null) {
            j.replay(router, 5_000); // what a previous run acknowledged and left unpublished, once its stages exist
        }
    }

    // ---- the ingest journal

    /** Attaches the journal (before the first {@link #apply}); acks then go out once their frame is committed. */
    void journal(SensorJournal j) {
        this.journal = j;
        if (j != null) {
            j.stages(this::stages);
            collectors.deferAcks(j::ackAfterCommit);
        }
    }

    SensorJournal journal() {
        return journal;
    }

    /** @return the ack as this connection may send it now: null while it waits for the journal's commit */
    private Ack now(String collectorId, Ack a) {
        SensorJournal j = journal;
        if (a == null || j == null) {
            return a;
        }
        j.ackAfterCommit(collectorId, a);
        return null;
    }

    /** @return the ack to send on a collector's open, or null when the journal sends it after its next commit */
    Ack openAck(String collectorId) {
        return now(collectorId, collectors.ackFor(collectorId));
    }

    /** Marks the sensor degraded without touching its stages (e.g. a stored sensor whose mixin is missing). */
    void degrade(SensorSpec newSpec, String reason) {
        if (this.spec == null) {
            this.spec = newSpec;
            schedule(newSpec.periodMillis);
        }
        this.degradedReason = reason;
    }

    String degradedReason() {
        return degradedReason;
    }

    /** Rebuilds the routing table from the stages' inputs and the edges' channels. */
    void rewire() {
        router.rewire(Wiring.wire(stages, edges.values(), alarms.inbound()));
    }

    private synchronized void schedule(long periodMillis) {
        if (closed || (ticks != null && periodMillis == tickPeriod)) {
            return;
        }
        if (ticks != null) {
            ticks.cancel(false);
        }
        tickPeriod = periodMillis;
        ticks = host.scheduler().scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long now = System.currentTimeMillis();
        if (control != ControlState.RUNNING || suspension(now) != null) {
            return;
        }
        for (Stage s : stages) {
            s.requestTick(now);
        }
    }

    /** @return null when active, else why the window suspends the sensor */
    public String suspension(long now) {
        SensorSpec s = spec;
        return s == null ? null : s.window.suspension(now, definedAt);
    }

    /** @return running, suspended or degraded, and why */
    public String[] state() {
        if (closed) {
            return new String[] {"stopped", "deleted"};
        }
        ControlState c = control;
        if (c != ControlState.RUNNING) {
            ControlRecord r = lastControl;
            return new String[] {c.wire(), c.wire() + " by a control command"
                    + (r != null && r.hasFailures() ? "; propagation failed below (see control)" : "")};
        }
        String reason = degradedReason;
        if (reason != null) {
            return new String[] {"degraded", reason};
        }
        for (Stage s : stages) {
            if (!"running".equals(s.state())) {
                return new String[] {"degraded", "mixin " + s.mixinId() + " is " + s.state()};
            }
        }
        String suspended = suspension(System.currentTimeMillis());
        if (suspended != null) {
            return new String[] {"suspended", suspended};
        }
        return new String[] {"running", null};
    }

    /** @return channels an aggregator writes that nothing reads */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (Stage s : stages) {
            if (!s.isAggregator()) {
                continue;
            }
            for (String out : s.outputs()) {
                if (!router.routed(out)) {
                    w.add("channel \"" + out + "\" written by " + s.mixinId() + " is read by no stage");
                }
            }
        }
        return w;
    }

    // ---- collectors

    /** @return whether an ack to that collector is being withheld, for the status */
    public boolean withholding(String collectorId) {
        return collectors.withholding(collectorId);
    }

    /**
     * Takes one frame into the pipeline.
     *
     * @param collectorId the connection's collector
     * @return the ack to send, or null for an unsequenced frame
     */
    Ack ingest(String collectorId, Frame frame, String text) {
        if (frame.badValues() > 0) {
            counters.rejected.add(frame.badValues());
        }
        if (frame.collector() != null && !frame.collector().equals(collectorId)) {
            counters.rejected.increment();
            return null;
        }
        AckGate gate = frame.sequenced() ? collectors.gate(collectorId) : null; // before the track moves on
        CollectorTrack track = collectors.track(collectorId);
        Ack ack = null;
        if (frame.sequenced()) {
            if (track.offer(frame.epoch(), frame.seq()) == CollectorTrack.Verdict.DUPLICATE) {
                counters.duplicates.increment();
                return now(collectorId, collectors.pass(gate, new Ack(track.epoch(), track.lastSeq()), null));
            }
            ack = new Ack(track.epoch(), track.lastSeq());
            dirty = true;
        } else {
            track.countBare();
        }
        long now = System.currentTimeMillis();
        int n = frame.size();
        SensorJournal j = journal;
        if (closed || control != ControlState.RUNNING || suspension(now) != null) {
            counters.dropped.add(n);
            if (ack != null && j != null) {
                j.accepted(collectorId, ack);
            }
            return ack == null ? null : now(collectorId, collectors.pass(gate, ack, null));
        }
        counters.in.add(n);
        String[] channels = new String[n];
        org.rocmon.api.Measurement[] values = new org.rocmon.api.Measurement[n];
        for (int i = 0; i < n; i++) {
            channels[i] = frame.channel(i);
            values[i] = frame.measurement(i, collectorId, now);
        }
        List<Subscriber> congested;
        if (ack != null && j != null) {
            synchronized (j) { // stored and in the inboxes at once, as the journal's trim sees them
                congested = router.writeAll(channels, values, n, j.append(collectorId, text, ack));
            }
        } else {
            congested = router.writeAll(channels, values, n);
        }
        // a bare frame has no ack to withhold: its values were offered like any other and a full inbox drops them
        return ack == null ? null : now(collectorId, collectors.pass(gate, ack, congested));
    }

    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    void markDirty() {
        dirty = true;
    }

    // ---- control

    public ControlState control() {
        return control;
    }

    public ControlRecord lastControl() {
        return lastControl;
    }

    /** Shows a command that is under way (children first) as the last one, without changing the state. */
    void record(ControlRecord record) {
        this.lastControl = record;
    }

    /** Sets the control state; a stop closes the collectors' WebSockets, which then buffer until a start. */
    void control(ControlState state, ControlRecord record) {
        this.control = state;
        if (record != null) {
            this.lastControl = record;
        }
        if (state == ControlState.STOPPED) {
            collectors.disconnectAll(1013, "sensor stopped by a control command");
        }
        dirty = true;
    }

    /** @return false when there is no such edge */
    boolean controlEdge(String edgeId, ControlState state) {
        ForwardEdge e = edges.get(edgeId);
        if (e == null) {
            return false;
        }
        restoreEdgeControl(edgeId, state);
        e.control(state);
        dirty = true;
        return true;
    }

    /** Sets an edge's control state before the edge exists (restore). */
    void restoreEdgeControl(String edgeId, ControlState state) {
        if (state == ControlState.RUNNING) {
            edgeControl.remove(edgeId);
        } else {
            edgeControl.put(edgeId, state);
        }
    }

    Map<String, ControlState> edgeControl() {
        return edgeControl;
    }

    /** Records where a collector comes from; null forgets it. */
    void source(String collectorId, String url) {
        if (url == null) {
            return;
        }
        if (!url.equals(sources.put(collectorId, url))) {
            dirty = true;
        }
    }

    public Map<String, String> sources() {
        return sources;
    }

    // ---- edges

    /** @return the edge it replaces, to close */
    ForwardEdge putEdge(ForwardEdge e) {
        e.control(edgeControl.getOrDefault(e.spec().id, ControlState.RUNNING));
        ForwardEdge old = edges.put(e.spec().id, e);
        rewire();
        dirty = true;
        return old;
    }

    ForwardEdge removeEdge(String edgeId) {
        edgeControl.remove(edgeId);
        ForwardEdge e = edges.remove(edgeId);
        if (e != null) {
            rewire();
            dirty = true;
        }
        return e;
    }

    public Map<String, Object> edgeStatus() {
        Map<String, Object> m = new LinkedHashMap<>();
        edges.forEach((k, v) -> m.put(k, v.status()));
        return m;
    }

    /** Stops everything the sensor runs: ticks, stages, WebSockets and edges; the sensor is gone. */
    void close() {
        close(false);
    }

    /**
     * @param release the sensor stays (this process lets go of it): its durable edges keep their unacknowledged
     *        frames for its next run
     */
    void close(boolean release) {
        synchronized (this) {
            closed = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
        }
        SensorJournal j = journal;
        if (j == null) {
            router.rewire(Map.of());
        } else {
            synchronized (j) { // every stored frame either reached the stages or reaches none and stays stored
                router.rewire(Map.of());
                j.freeze();
            }
            if (release) { // before the stages retire: let them finish what they took, keep what they could not
                long end = System.nanoTime() + 2_000_000_000L;
                while (stages.stream().anyMatch(s -> s.queuedLow() != Long.MAX_VALUE) && System.nanoTime() < end) {
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
                }
                j.close();
            } else {
                j.delete();
            }
        }
        for (Stage s : stages) {
            s.retire();
        }
        collectors.close(release);
        for (ForwardEdge e : edges.values()) {
            e.close(release);
        }
        edges.clear();
    }

    boolean isClosed() {
        return closed;
    }
}
