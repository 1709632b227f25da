package org.rocmon.bench.client;

import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import org.rocmon.bench.histogram.LogHistogram;

/**
 * One collector edge of the load: in saturating mode it keeps its window full, sending again from the thread
 * that delivered each ack; in paced mode the client's ticker calls {@link #sendOne()}.
 */
public final class CollectorConnection implements Session.Listener.AutoDemanding {

    private final FrameWriter writer;
    private final long epoch;
    private final AckWindow window;
    private final boolean saturate;
    private final LogHistogram rttMicros;
    private final LongAdder sendFailures;
    private volatile Session session;
    private volatile boolean running = true;

    CollectorConnection(String id, long epoch, int channels, int window, boolean saturate, LogHistogram rttMicros,
            LongAdder sendFailures) {
        this.writer = new FrameWriter(id, epoch, channels);
        this.epoch = epoch;
        this.window = new AckWindow(window);
        this.saturate = saturate;
        this.rttMicros = rttMicros;
        this.sendFailures = sendFailures;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        if (saturate) {
            pump();
        }
    }

    @Override
    public void onWebSocketText(String message) {
        long ack = AckWindow.parseAck(message, epoch);
        if (ack > 0) {
            synchronized (this) {
                window.ack(ack, System.nanoTime(), rttMicros);
            }
            if (saturate) {
                pump();
            }
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        session = null;
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        session = null;
    }

    /** Fills the window. */
    void pump() {
        Session s = session;
        if (s == null) {
            return;
        }
        synchronized (this) {
            while (running && window.canSend()) {
                send(s);
            }
        }
    }

    /** Sends one frame if the window allows (paced mode). */
    synchronized void sendOne() {
        Session s = session;
        if (s != null && running && window.canSend()) {
            send(s);
        }
    }

    private void send(Session s) {
        long seq = window.next(System.nanoTime());
        s.sendText(writer.frame(seq, System.currentTimeMillis()), new Callback() {
            @Override
            public void fail(Throwable cause) {
                sendFailures.increment();
            }
        });
    }

    void stop() {
        running = false;
    }

    boolean connected() {
        Session s = session;
        return s != null && s.isOpen();
    }

    synchronized long acked() {
        return window.acked();
    }

    synchronized long sent() {
        return window.sent();
    }

    void close() {
        Session s = session;
        if (s != null) {
            s.close();
        }
    }
}
