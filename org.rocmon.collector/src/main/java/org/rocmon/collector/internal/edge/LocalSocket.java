package org.rocmon.collector.internal.edge;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.rocmon.api.runtime.LocalSensorLinks;

/**
 * A collector's "WebSocket" to a sensor of its own node: a {@link LocalSensorLinks} link behind the JDK's
 * {@link WebSocket} interface, so {@link WebSocketEdge} keeps one code path (buffer, sequence numbers, acks,
 * reconnection) for both. Frames go to the sensor on the sending thread; acks come back through the edge's
 * listener, one at a time. When the sensor withholds an ack for backpressure, the send completes only when the
 * next ack arrives or after {@link #MAX_PAUSE_MILLIS}, as a socket the sensor stopped reading would.
 */
final class LocalSocket implements WebSocket {

    static final long MAX_PAUSE_MILLIS = 1000;

    private final WebSocket.Listener listener;
    private final ScheduledExecutorService timer;
    private final Object deliver = new Object();
    private LocalSensorLinks.Link link;
    /** Messages the sensor sent before the listener was told the link is open. */
    private List<Runnable> early = new ArrayList<>();
    private CompletableFuture<WebSocket> paused;
    private volatile boolean outputClosed;
    private volatile boolean inputClosed;

    private LocalSocket(WebSocket.Listener listener, ScheduledExecutorService timer) {
        this.listener = listener;
        this.timer = timer;
    }

    /**
     * @return completes with the open socket (the listener's {@code onOpen} already called), or exceptionally with
     *         the link's refusal
     */
    static CompletableFuture<WebSocket> connect(LocalSensorLinks links, String sensorId, String collectorId,
            String source, WebSocket.Listener listener, ScheduledExecutorService timer) {
        LocalSocket socket = new LocalSocket(listener, timer);
        try {
            socket.link = links.open(sensorId, collectorId, source, socket.new Peer());
        } catch (LocalSensorLinks.LinkRefusedException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<Runnable> before;
        synchronized (socket.deliver) {
            listener.onOpen(socket);
            before = socket.early;
            socket.early = null;
            before.forEach(Runnable::run);
        }
        return CompletableFuture.completedFuture(socket);
    }

    private final class Peer implements LocalSensorLinks.Peer {
        @Override
        public void text(String message) {
            inOrder(() -> listener.onText(LocalSocket.this, message, true));
            resume();
        }

        @Override
        public void closed(int code, String reason) {
            inputClosed = true;
            outputClosed = true;
            inOrder(() -> listener.onClose(LocalSocket.this, code, reason));
            resume();
        }
    }

    private void inOrder(Runnable call) {
        synchronized (deliver) {
            if (early != null) {
                early.add(call);
            } else {
                call.run();
            }
        }
    }

    private void resume() {
        CompletableFuture<WebSocket> p;
        synchronized (this) {
            p = paused;
            paused = null;
        }
        if (p != null) {
            p.complete(this);
        }
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        if (outputClosed) {
            return CompletableFuture.failedFuture(new IOException("output closed"));
        }
        if (!last) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("frames are sent whole"));
        }
        if (link.frame(data.toString())) {
            return CompletableFuture.completedFuture(this);
        }
        CompletableFuture<WebSocket> wait = new CompletableFuture<>();
        synchronized (this) {
            paused = wait;
        }
        try {
            timer.schedule(() -> wait.complete(this), MAX_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            wait.complete(this);
        }
        return wait;
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the collector protocol is text"));
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        if (outputClosed) {
            return CompletableFuture.failedFuture(new IOException("output closed"));
        }
        inOrder(() -> listener.onPong(this, ByteBuffer.allocate(0)));
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        outputClosed = true;
        link.close();
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void request(long n) {
        // Acks are pushed as the sensor sends them; the listener handles each at once.
    }

    @Override
    public String getSubprotocol() {
        return "";
    }

    @Override
    public boolean isOutputClosed() {
        return outputClosed;
    }

    @Override
    public boolean isInputClosed() {
        return inputClosed;
    }

    @Override
    public void abort() {
        outputClosed = true;
        inputClosed = true;
        link.close();
        resume();
    }
}
