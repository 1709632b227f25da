package org.rocmon.sensor.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.rocmon.sensor.internal.ingest.CollectorTrack;
import org.rocmon.sensor.internal.pipeline.Counters;
import org.rocmon.sensor.internal.pipeline.Subscriber;

/**
 * The collectors of one sensor: their sequence state, their open WebSockets and the acks withheld from them while
 * a stage they feed is congested. Safe for concurrent use; the sensor decides what a frame does, this class what
 * its ack does.
 */
public final class SensorCollectors {

    /**
     * The stage that drained releases withheld acks at once; this poll is the safety net for what no drain reports
     * (a stage that hung, was retired, or whose flag was set just after its last turn).
     */
    static final long RELEASE_POLL_MILLIS = 10;

    private final ScheduledExecutorService scheduler;
    private final Counters counters;
    private final Map<String, CollectorTrack> tracks = new ConcurrentHashMap<>();
    private final Map<String, CollectorConnection> sockets = new ConcurrentHashMap<>();
    private final Map<String, AckGate> gates = new ConcurrentHashMap<>();
    /** Gates holding an ack; polled every {@link #RELEASE_POLL_MILLIS} while not empty. */
    private final Set<AckGate> holding = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean releaseArmed = new AtomicBoolean();
    private volatile boolean closed;
    /** Where released acks go when they must wait for the journal's commit; null sends them at once. */
    private volatile BiConsumer<String, Ack> deferred;

    SensorCollectors(ScheduledExecutorService scheduler, Counters counters) {
        this.scheduler = scheduler;
        this.counters = counters;
    }

    public Map<String, CollectorTrack> tracks() {
        return tracks;
    }

    public boolean connected(String collectorId) {
        return sockets.containsKey(collectorId);
    }

    /** Records an open WebSocket; a previous one of the same collector is closed, since it is stale. */
    void connect(CollectorConnection c) {
        CollectorConnection old = sockets.put(c.collectorId(), c);
        track(c.collectorId()).connected(true);
        if (old != null && old != c) {
            old.close(1008, "replaced by a newer connection of the same collector");
        }
    }

    void disconnect(CollectorConnection c) {
        if (sockets.remove(c.collectorId(), c)) {
            markDisconnected(c.collectorId());
        }
    }

    /** Closes the WebSocket of a collector no longer admitted. */
    void kick(String collectorId, String reason) {
        CollectorConnection c = sockets.remove(collectorId);
        if (c != null) {
            c.close(1008, reason);
        }
    }

    /** Closes every WebSocket, e.g. on a stop: collectors then buffer until they may connect again. */
    void disconnectAll(int code, String reason) {
        for (CollectorConnection c : sockets.values()) {
            if (sockets.remove(c.collectorId(), c)) {
                markDisconnected(c.collectorId());
                c.close(code, reason);
            }
        }
    }

    private void markDisconnected(String collectorId) {
        CollectorTrack t = tracks.get(collectorId);
        if (t != null) {
            t.connected(false);
        }
    }

    CollectorTrack track(String collectorId) {
        return tracks.computeIfAbsent(collectorId, k -> new CollectorTrack());
    }

    /** Restores sequence state from the store. */
    void restoreTrack(String collectorId, long epoch, long lastSeq) {
        tracks.put(collectorId, new CollectorTrack(epoch, lastSeq));
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

    AckGate gate(String collectorId) {
        AckGate g = gates.get(collectorId);
        return g != null ? g : gates.computeIfAbsent(collectorId, k -> new AckGate(k, trackAck(k)));
    }

    /** @return the ack to send now, or null when the gate withheld it */
    Ack pass(AckGate gate, Ack ack, List<Subscriber> congested) {
        Ack out = gate.pass(ack, congested);
        if (out == null) {
            counters.withheld.increment();
            holding.add(gate);
            armRelease();
        }
        return out;
    }

    /** @return whether an ack to that collector is being withheld, for the status */
    public boolean withholding(String collectorId) {
        AckGate g = gates.get(collectorId);
        return g != null && g.holding();
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
                BiConsumer<String, Ack> d = deferred;
                if (d != null) {
                    d.accept(g.collectorId(), a);
                } else {
                    sendAck(g.collectorId(), a);
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

    /** @param sink takes every released ack from now on and sends it when it may (the journal, after a commit) */
    void deferAcks(BiConsumer<String, Ack> sink) {
        this.deferred = sink;
    }

    /** Sends an ack to the collector's open connection, if it has one. */
    void sendAck(String collectorId, Ack a) {
        CollectorConnection c = sockets.get(collectorId);
        if (c != null) {
            c.ack(a);
        }
    }

    private void armRelease() {
        if (releaseArmed.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::pollRelease, RELEASE_POLL_MILLIS, TimeUnit.MILLISECONDS);
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

    /**
     * The sensor is deleted, or its node stops: every WebSocket closes and nothing is withheld any more.
     *
     * @param release the node stops and the sensor stays: 1012 (service restart) tells the collectors to come back
     */
    void close(boolean release) {
        closed = true;
        for (CollectorConnection c : sockets.values()) {
            if (release) {
                c.close(1012, "the node is stopping");
            } else {
                c.close(1001, "sensor deleted");
            }
        }
        sockets.clear();
        holding.clear();
        gates.clear();
    }
}
