package org.rocmon.http.sse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import org.junit.Test;

/**
 * The non-blocking write logic against a scripted output stream: offers hand a drain to the container's pool
 * ({@code AsyncContext.start}) and never write themselves; a socket that is not ready parks the drain until
 * {@code onWritePossible}; order is kept; a full queue drops the oldest. (Real Jetty: run/.../StreamIT.)
 */
public class SseResponseTest {

    private static final class Out extends ServletOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ready = true;
        WriteListener listener;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener l) {
            listener = l;
        }

        @Override
        public void write(int b) {
            if (!ready) {
                throw new IllegalStateException("write while not ready");
            }
            bytes.write(b);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private final List<Runnable> pool = new ArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger gone = new AtomicInteger();
    private final Out out = new Out();

    private SseResponse subscriber(int capacity) {
        AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "start":
                            pool.add((Runnable) args[0]);
                            return null;
                        case "complete":
                            completed.incrementAndGet();
                            return null;
                        default:
                            return null;
                    }
                });
        SseResponse s = new SseResponse(async, out, capacity, "first\n\n", gone::incrementAndGet);
        s.start();
        return s;
    }

    private void runPool() {
        List<Runnable> tasks = new ArrayList<>(pool);
        pool.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    public void offersAreWrittenOnThePoolNotOnTheCallersThread() throws Exception {
        SseResponse s = subscriber(8);
        out.listener.onWritePossible(); // what the container does after setWriteListener
        assertEquals("first\n\n", out.text());
        s.offer("a\n\n");
        s.offer("b\n\n");
        assertEquals("the offering thread wrote nothing", "first\n\n", out.text());
        assertEquals("one drain for both frames", 1, pool.size());
        runPool();
        assertEquals("first\n\na\n\nb\n\n", out.text());
        s.offer("c\n\n");
        assertEquals(1, pool.size());
        runPool();
        assertEquals("first\n\na\n\nb\n\nc\n\n", out.text());
    }

    @Test
    public void aSlowClientParksTheDrainUntilWritePossibleAndDropsTheOldest() throws Exception {
        SseResponse s = subscriber(2);
        out.listener.onWritePossible();
        out.ready = false;
        s.offer("1\n\n");
        runPool();
        s.offer("2\n\n");
        s.offer("3\n\n");
        assertTrue("parked: no new drain while the socket is busy", pool.isEmpty());
        assertEquals(1, s.dropped());
        out.ready = true;
        out.listener.onWritePossible();
        assertEquals("first\n\n2\n\n3\n\n", out.text());
    }

    @Test
    public void endCompletesOnceAndAnErrorUnsubscribes() throws Exception {
        SseResponse s = subscriber(8);
        out.listener.onWritePossible();
        s.offer("bye\n\n");
        s.end();
        runPool();
        assertEquals("first\n\nbye\n\n", out.text());
        assertEquals(1, completed.get());
        assertEquals(1, gone.get());
        s.offer("late\n\n");
        s.onError(new java.io.IOException("reset"));
        runPool();
        assertEquals("first\n\nbye\n\n", out.text());
        assertEquals(1, gone.get());
    }
}
