package org.rocmon.sensor.internal.http;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import org.rocmon.api.runtime.CollectorProtocol;
import org.rocmon.sensor.internal.Ack;
import org.rocmon.sensor.internal.CollectorConnection;
import org.rocmon.sensor.internal.Sensor;
import org.rocmon.sensor.internal.CollectorIngest;

/**
 * The sensor side of one collector's WebSocket. Frames are taken into the pipeline on Jetty's thread; acks are
 * coalesced: at most one send in flight, and when it completes the latest ack goes out, so acks never queue up
 * behind a slow client and are never later than one round trip. Acks come from Jetty's thread or, when the sensor
 * withheld them for backpressure, from the thread that released them; only the highest is kept, so a released
 * ack racing a newer one can never make the collector's view go backwards.
 *
 * <p>Reading is demand-driven: after a frame whose ack the sensor withheld, the socket stops reading until the ack
 * is released, so frames a collector already has in flight wait in TCP buffers instead of overflowing a congested
 * inbox. A pause lasts at most {@link #MAX_PAUSE_NANOS}, well within the edges' keepalive (pings are only read
 * while reading), after which reading resumes until the ack is released, and the inbox's bound, with counted drops,
 * is the only limit.
 */
public final class CollectorSocket implements Session.Listener, CollectorConnection {

    /**
     * What Jetty allocates to assemble each text message (it grows for a longer one). Collector frames are a few
     * hundred bytes, and the default input buffer size made this the leaves' largest allocation per frame
     * (bench/README.md, "Multi-process topology"). Network reads keep the connection's own buffer.
     */
    static final int MESSAGE_BUFFER_BYTES = 512;
    /** Longest a congested connection goes unread; edges give up on a silent socket after two 5 s keepalives. */
    static final long MAX_PAUSE_NANOS = 1_000_000_000L;

    private final CollectorIngest ingest;
    private final Sensor sensor;
    private final String collectorId;
    private volatile Session session;
    private boolean sending;
    private Ack pending;
    private Ack sent;
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile long pausedAt;
    /** Paused too long in this episode: read on (the inbox bound applies) until the withheld ack is released. */
    private volatile boolean overrun;

    CollectorSocket(CollectorIngest ingest, Sensor sensor, String collectorId) {
        this.ingest = ingest;
        this.sensor = sensor;
        this.collectorId = collectorId;
    }

    @Override
    public String collectorId() {
        return collectorId;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        s.setMaxTextMessageSize(CollectorProtocol.MAX_FRAME_BYTES);
        s.setMaxBinaryMessageSize(CollectorProtocol.MAX_FRAME_BYTES);
        s.setInputBufferSize(MESSAGE_BUFFER_BYTES);
        ack(ingest.opened(sensor, this));
        s.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        Ack a = ingest.frame(sensor, collectorId, text);
        if (a != null) {
            ack(a);
        } else if (!overrun && sensor.withholding(collectorId)) {
            pausedAt = System.nanoTime();
            paused.set(true);
            if (sensor.withholding(collectorId)) {
                return; // the release (ack) or the sensor's poll resumes reading
            }
            resume(); // released between the two checks, and its ack may not have seen the pause
            return;
        }
        demand();
    }

    /** The protocol is text only: a binary frame is junk, counted and released. */
    @Override
    public void onWebSocketBinary(java.nio.ByteBuffer payload, Callback callback) {
        ingest.frame(sensor, collectorId, "");
        callback.succeed();
        demand();
    }

    // Pings and pongs need no override: Jetty answers pings and demands again after control frames itself.

    private void demand() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.demand();
        }
    }

    private void resume() {
        if (paused.compareAndSet(true, false)) {
            demand();
        }
    }

    @Override
    public void checkPause(long nowNanos) {
        if (paused.get() && nowNanos - pausedAt > MAX_PAUSE_NANOS) {
            overrun = true;
            resume();
        }
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        ingest.closed(sensor, this, code);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // onWebSocketClose follows and does the bookkeeping
    }

    @Override
    public void ack(Ack a) {
        if (a == null) {
            return;
        }
        overrun = false;
        resume(); // any ack means what this connection waited for was released
        synchronized (this) {
            // an older ack than one queued or sent is stale; an equal one is a deliberate repeat (duplicate frame)
            if (pending != null && pending.after(a) || pending == null && sent != null && sent.after(a)) {
                return;
            }
            pending = a;
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNext();
    }

    private void sendNext() {
        Ack a;
        synchronized (this) {
            a = pending;
            pending = null;
            if (a == null) {
                sending = false;
                return;
            }
            sent = a;
        }
        Session s = session;
        if (s == null || !s.isOpen()) {
            synchronized (this) {
                sending = false;
            }
            return;
        }
        s.sendText(a.toJson(), Callback.from(this::sendNext, failure -> {
            synchronized (this) {
                sending = false;
            }
        }));
    }

    @Override
    public void close(int code, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(code, reason, Callback.NOOP);
        }
    }
}
