package org.rocmon.sensor.internal.http;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import org.rocmon.api.runtime.CollectorProtocol;
import org.rocmon.sensor.internal.Ack;
import org.rocmon.sensor.internal.CollectorConnection;
import org.rocmon.sensor.internal.Sensor;
import org.rocmon.sensor.internal.SensorManager;

/**
 * The sensor side of one collector's WebSocket. Frames are taken into the pipeline on Jetty's thread; acks are
 * coalesced: at most one send in flight, and when it completes the latest ack goes out, so acks never queue up
 * behind a slow client and are never later than one round trip.
 */
public final class CollectorSocket implements Session.Listener.AutoDemanding, CollectorConnection {

    private final SensorManager manager;
    private final Sensor sensor;
    private final String collectorId;
    private volatile Session session;
    private boolean sending;
    private Ack pending;

    CollectorSocket(SensorManager manager, Sensor sensor, String collectorId) {
        this.manager = manager;
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
        ack(manager.opened(sensor, this));
    }

    @Override
    public void onWebSocketText(String text) {
        Ack a = manager.frame(sensor, collectorId, text);
        if (a != null) {
            ack(a);
        }
    }

    /** The protocol is text only: a binary frame is junk, counted and released. */
    @Override
    public void onWebSocketBinary(java.nio.ByteBuffer payload, Callback callback) {
        manager.frame(sensor, collectorId, "");
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        manager.closed(sensor, this, code);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // onWebSocketClose follows and does the bookkeeping
    }

    private void ack(Ack a) {
        synchronized (this) {
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
