package org.rocmon.http.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/**
 * One SSE response, written with the Servlet non-blocking API. Producers only {@link #offer} frames into the bounded
 * {@link EventQueue}; the writing happens on the container's threads: {@link AsyncContext#start} hands a drain to
 * Jetty's pool when frames arrive, and {@link #onWritePossible} resumes it when a slow client's socket frees up.
 * This class starts no thread, and a producer never waits for a client.
 */
public final class SseResponse implements SseSink, WriteListener, AsyncListener {

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final EventQueue queue;
    private final Runnable onGone;
    /** A drain is pending: started on the pool, or waiting for onWritePossible. */
    private final AtomicBoolean scheduled = new AtomicBoolean(true);
    private volatile boolean closed;
    private volatile boolean ending;
    private boolean flushNeeded;

    /**
     * @param first a frame to send at once, so that the client gets the headers without waiting for data
     * @param onGone called once when the client went away or the stream ended
     */
    public SseResponse(AsyncContext async, ServletOutputStream out, int capacity, String first, Runnable onGone) {
        this.async = async;
        this.out = out;
        this.queue = new EventQueue(capacity);
        this.onGone = onGone;
        queue.offer(first);
    }

    /** Registers the listeners; the container then calls {@link #onWritePossible} to write the first frame. */
    public void start() {
        async.addListener(this);
        out.setWriteListener(this);
    }

    @Override
    public void offer(String frame) {
        if (closed) {
            return;
        }
        queue.offer(frame);
        schedule();
    }

    @Override
    public void end() {
        ending = true;
        schedule();
    }

    public long dropped() {
        return queue.dropped();
    }

    private void schedule() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            try {
                async.start(this::drainOnPool);
            } catch (IllegalStateException e) {
                gone(); // the response is already complete
            }
        }
    }

    private void drainOnPool() {
        try {
            drain();
        } catch (IOException | IllegalStateException e) {
            gone();
        }
    }

    @Override
    public void onWritePossible() throws IOException {
        drain();
    }

    /** Writes while the socket takes it; returns when it would block (the container calls back) or all is sent. */
    private synchronized void drain() throws IOException {
        while (!closed) {
            if (!out.isReady()) {
                return; // onWritePossible follows; the drain stays scheduled
            }
            if (flushNeeded) {
                flushNeeded = false;
                out.flush();
                continue;
            }
            String batch = queue.takeAll();
            if (batch != null) {
                out.write(batch.getBytes(StandardCharsets.UTF_8));
                flushNeeded = true;
                continue;
            }
            if (ending) {
                gone();
                return;
            }
            scheduled.set(false);
            // a frame offered between takeAll and the reset above found the drain still scheduled: take it now
            if (queue.isEmpty() && !ending || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        gone();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        gone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        gone();
    }

    @Override
    public void onError(AsyncEvent event) {
        gone();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

    private void gone() {
        if (closed) {
            return;
        }
        closed = true;
        onGone.run();
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed by the container (client gone)
        }
    }
}
