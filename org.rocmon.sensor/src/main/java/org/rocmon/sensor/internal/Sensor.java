package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
    private final Map<String, CollectorTrack> tracks = new ConcurrentHashMap<>();
    private final Map<String, CollectorConnection> sockets = new ConcurrentHashMap<>();
    private final Map<String, ForwardEdge> edges = new ConcurrentHashMap<>();
    private final Map<String, AckGate> gates = new ConcurrentHashMap<>();
    /** Gates holding an ack; polled every {@link #RELEASE_POLL_MILLIS} while not empty. */
    private final Set<AckGate> holding = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean releaseArmed = new AtomicBoolean();
    private final long definedAt;
    /** Where each collector comes from (its Rocmon-Source URL): the children a command or a query goes to. */
    private final Map<String, String> sources = new ConcurrentHashMap<>();

    private volatile ControlState control = ControlState.RUNNING;
    /** Control state of each sensor-to-sensor collector, kept apart so it survives a replace and a restart. */
    private final Map<String, ControlState> edgeControl = new ConcurrentHashMap<>();
    private volatile ControlRecord lastControl;

    private volatile SensorSpec spec;
    private volatile List<Stage> stages = List.of();
    private volatile String degradedReason;
    private volatile boolean dirty;
    private volatile boolean closed;
    private ScheduledFuture<?> ticks;
    private long tickPeriod;

    /**
     * The stage that drained releases withheld acks at once; this poll is the safety net for what no drain reports
     * (a stage that hung, was retired, or whose flag was set just after its last turn).
     */
    static final long RELEASE_POLL_MILLIS = 10;

    Sensor(String id, StageHost host, long definedAt) {
        this.id = id;
        this.host = host;
        this.definedAt = definedAt;
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

    public Map<String, CollectorTrack> tracks() {
        return tracks;
    }

    Map<String, ForwardEdge> edges() {
        return edges;
    }

    public boolean connected(String collectorId) {
        return sockets.containsKey(collectorId);
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
                next.add(new Stage(id, p.key, p.opened, host, router, counters, this::releaseAcks));
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
        Map<String, List<Subscriber>> table = new HashMap<>();
        Set<String> aggregatorOutputs = new LinkedHashSet<>();
        for (Stage s : stages) {
            for (String in : s.inputs()) {
                table.computeIfAbsent(in, k -> new ArrayList<>()).add(s);
            }
            if (s.isAggregator()) {
                aggregatorOutputs.addAll(s.outputs());
            }
        }
        for (ForwardEdge e : edges.values()) {
            for (String ch : e.channels().isEmpty() ? aggregatorOutputs : e.channels()) {
                table.computeIfAbsent(ch, k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, Subscriber[]> routes = new HashMap<>();
        table.forEach((k, v) -> routes.put(k, v.toArray(new Subscriber[0])));
        linkDownstream();
        router.rewire(routes);
    }

    /**
     * Tells each aggregator stage which stages its outputs reach, directly or through other aggregators: a frame
     * into an aggregator whose consumer is congested must wait for that consumer, or the producer would never slow.
     */
    private void linkDownstream() {
        List<Stage> all = stages;
        Map<Stage, List<Stage>> direct = new HashMap<>();
        for (Stage s : all) {
            List<Stage> fed = new ArrayList<>();
            if (s.isAggregator()) {
                for (Stage t : all) {
                    if (feeds(s, t)) {
                        fed.add(t);
                    }
                }
            }
            direct.put(s, fed);
        }
        for (Stage s : all) {
            Set<Stage> reached = new LinkedHashSet<>();
            List<Stage> todo = new ArrayList<>(direct.get(s));
            while (!todo.isEmpty()) {
                Stage t = todo.remove(todo.size() - 1);
                if (reached.add(t)) {
                    todo.addAll(direct.getOrDefault(t, List.of()));
                }
            }
            s.downstream(reached);
        }
    }

    /** Mixins may write sub-channels ({@code out.suffix}) of their outputs, so those count as fed too. */
    private static boolean feeds(Stage from, Stage to) {
        for (String out : from.outputs()) {
            for (String in : to.inputs()) {
                if (in.equals(out) || in.startsWith(out + ".")) {
                    return true;
                }
            }
        }
        return false;
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

    /** Records an open WebSocket; a previous one of the same collector is closed, since it is stale. */
    void connect(CollectorConnection c) {
        CollectorConnection old = sockets.put(c.collectorId(), c);
        tracks.computeIfAbsent(c.collectorId(), k -> new CollectorTrack()).connected(true);
        if (old != null && old != c) {
            old.close(1008, "replaced by a newer connection of the same collector");
        }
    }

    void disconnect(CollectorConnection c) {
        if (sockets.remove(c.collectorId(), c)) {
            CollectorTrack t = tracks.get(c.collectorId());
            if (t != null) {
                t.connected(false);
            }
        }
    }

    /** Closes the WebSocket of a collector no longer admitted. */
    void kick(String collectorId, String reason) {
        CollectorConnection c = sockets.remove(collectorId);
        if (c != null) {
            c.close(1008, reason);
        }
    }

    /** @return the ack to send on open: {@code {0,0}} when nothing was accepted yet, and never a withheld one */
    Ack ackFor(String collectorId) {
        Ack current = trackAck(collectorId);
        AckGate g = gates.get(collectorId);
        return g == null ? current : g.onOpen(current);
    }

    private Ack trackAck(String collectorId) {
        CollectorTrack t = tracks.get(collectorId);
        return t == null ? new Ack(0, 0) : new Ack(t.epoch(), t.lastSeq());
    }

    private AckGate gate(String collectorId) {
        AckGate g = gates.get(collectorId);
        return g != null ? g : gates.computeIfAbsent(collectorId, k -> new AckGate(k, trackAck(k)));
    }

    /** @return the ack to send now, or null when the gate withheld it */
    private Ack pass(AckGate gate, Ack ack, List<Subscriber> congested) {
        Ack out = gate.pass(ack, congested);
        if (out == null) {
            counters.withheld.increment();
            holding.add(gate);
            armRelease();
        }
        return out;
    }

    /**
     * Sends the acks whose stages have drained. Runs on a stage's thread right after it drained and on the timer;
     * cheap when nothing is withheld.
     */
    void releaseAcks() {
        if (holding.isEmpty()) {
            return;
        }
        for (AckGate g : holding) {
            Ack a = closed ? g.releaseNow() : g.release();
            if (a != null) {
                CollectorConnection c = sockets.get(g.collectorId());
                if (c != null) {
                    c.ack(a);
                }
            }
            if (!g.holding()) {
                holding.remove(g);
                if (g.holding()) { // held again meanwhile by a new frame
                    holding.add(g);
                }
            } else {
                CollectorConnection c = sockets.get(g.collectorId());
                if (c != null) {
                    c.checkPause(System.nanoTime());
                }
            }
        }
    }

    private void armRelease() {
        if (releaseArmed.compareAndSet(false, true)) {
            try {
                host.scheduler().schedule(this::pollRelease, RELEASE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                releaseArmed.set(false); // the node is shutting down
            }
        }
    }

    private void pollRelease() {
        try {
            releaseAcks();
        } finally {
            releaseArmed.set(false);
            if (!holding.isEmpty() && !closed) {
                armRelease();
            }
        }
    }

    /** @return whether an ack to that collector is being withheld, for the status */
    public boolean withholding(String collectorId) {
        AckGate g = gates.get(collectorId);
        return g != null && g.holding();
    }

    /**
     * Takes one frame into the pipeline.
     *
     * @param collectorId the connection's collector
     * @return the ack to send, or null for an unsequenced frame
     */
    Ack ingest(String collectorId, Frame frame) {
        if (frame.badValues() > 0) {
            counters.rejected.add(frame.badValues());
        }
        if (frame.collector() != null && !frame.collector().equals(collectorId)) {
            counters.rejected.increment();
            return null;
        }
        AckGate gate = frame.sequenced() ? gate(collectorId) : null; // before the track moves past this frame
        CollectorTrack track = tracks.computeIfAbsent(collectorId, k -> new CollectorTrack());
        Ack ack = null;
        if (frame.sequenced()) {
            if (track.offer(frame.epoch(), frame.seq()) == CollectorTrack.Verdict.DUPLICATE) {
                counters.duplicates.increment();
                return pass(gate, new Ack(track.epoch(), track.lastSeq()), null);
            }
            ack = new Ack(track.epoch(), track.lastSeq());
            dirty = true;
        } else {
            track.countBare();
        }
        long now = System.currentTimeMillis();
        int n = frame.size();
        if (closed || control != ControlState.RUNNING || suspension(now) != null) {
            counters.dropped.add(n);
            return ack == null ? null : pass(gate, ack, null);
        }
        counters.in.add(n);
        String[] channels = new String[n];
        org.rocmon.api.Measurement[] values = new org.rocmon.api.Measurement[n];
        for (int i = 0; i < n; i++) {
            channels[i] = frame.channel(i);
            values[i] = frame.measurement(i, collectorId, now);
        }
        List<Subscriber> congested = router.writeAll(channels, values, n);
        // a bare frame has no ack to withhold: its values were offered like any other and a full inbox drops them
        return ack == null ? null : pass(gate, ack, congested);
    }

    /** Restores sequence state from the store. */
    void restoreTrack(String collectorId, long epoch, long lastSeq) {
        tracks.put(collectorId, new CollectorTrack(epoch, lastSeq));
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

    /** Sets the control state; a stop closes the collectors' WebSockets, which then buffer until a start. */
    void control(ControlState state, ControlRecord record) {
        this.control = state;
        if (record != null) {
            this.lastControl = record;
        }
        if (state == ControlState.STOPPED) {
            for (CollectorConnection c : sockets.values()) {
                if (sockets.remove(c.collectorId(), c)) {
                    CollectorTrack t = tracks.get(c.collectorId());
                    if (t != null) {
                        t.connected(false);
                    }
                    c.close(1013, "sensor stopped by a control command");
                }
            }
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

    /** Stops everything the sensor runs: ticks, stages, WebSockets and edges. */
    void close() {
        synchronized (this) {
            closed = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
        }
        router.rewire(Map.of());
        for (Stage s : stages) {
            s.retire();
        }
        for (CollectorConnection c : sockets.values()) {
            c.close(1001, "sensor deleted");
        }
        sockets.clear();
        holding.clear();
        gates.clear();
        for (ForwardEdge e : edges.values()) {
            e.close();
        }
        edges.clear();
    }

    boolean isClosed() {
        return closed;
    }
}
