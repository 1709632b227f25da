package org.rocmon.run.itest;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collector played by the test that behaves like an edge across a sensor crash: it produces one frame (channel
 * {@code n}, value = its sequence number) at a steady rate whether or not the sensor is there, keeps every frame
 * until the sensor acknowledges it, and reconnects and re-sends what is unacknowledged after a loss, as
 * {@code docs/protocol.md} describes. Its frames are numbered 1..N, so the test can count what the sensor lost and
 * what it published twice.
 */
final class ResendingCollector implements AutoCloseable {

    private final Node node;
    private final String sensor;
    private final String id;
    private final long epoch = System.currentTimeMillis();
    private final ConcurrentSkipListMap<Long, String> unacked = new ConcurrentSkipListMap<>();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2);
    private volatile WebSocket socket;
    private volatile boolean greeted;
    private volatile long limit;
    /** Highest sequence number written to the current socket. */
    private long sent;

    /** Starts producing {@code limit} frames at {@code perSecond}, and sending them. */
    ResendingCollector(Node node, String sensor, String id, int perSecond, long limit) {
        this.node = node;
        this.sensor = sensor;
        this.id = id;
        this.limit = limit;
        threads.scheduleAtFixedRate(this::produce, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        threads.scheduleWithFixedDelay(this::pump, 0, 5, TimeUnit.MILLISECONDS);
    }

    private void produce() {
        long n = produced.get() + 1;
        if (n > limit) {
            return;
        }
        unacked.put(n, "{\"collector\":" + Json.quote(id) + ",\"epoch\":" + epoch + ",\"seq\":" + n + ",\"ts\":"
                + System.currentTimeMillis() + ",\"data\":{\"n\":" + n + "}}");
        produced.set(n);
    }

    /** Connects when there is no socket, then writes what it has not written on this socket yet, in order. */
    private void pump() {
        try {
            WebSocket ws = socket;
            if (ws == null) {
                greeted = false;
                try {
                    ws = node.httpClient().newWebSocketBuilder().header("Rocmon-Collector", id)
                            .header("Authorization", TestCollector.NODE_AUTHORIZATION)
                            .connectTimeout(Duration.ofSeconds(2)).buildAsync(node.ws(sensor), new Listener())
                            .get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    reconnects.incrementAndGet();
                    Thread.sleep(200);
                    return;
                }
                long until = System.currentTimeMillis() + 3_000;
                while (!greeted && System.currentTimeMillis() < until) {
                    Thread.sleep(5);
                }
                sent = acked.get(); // what the sensor did not acknowledge goes again
                socket = ws;
            }
            for (Map.Entry<Long, String> e : unacked.tailMap(sent, false).entrySet()) {
                ws.sendText(e.getValue(), true).get(5, TimeUnit.SECONDS);
                sent = e.getKey();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            lost();
        }
    }

    private void lost() {
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.abort();
            reconnects.incrementAndGet();
        }
    }

    long produced() {
        return produced.get();
    }

    long acked() {
        return acked.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    /** @return frames produced and not acknowledged yet */
    int unacknowledged() {
        return unacked.size();
    }

    @Override
    public void close() {
        threads.shutdownNow();
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> reply = Json.object(partial.toString());
                partial.setLength(0);
                if (reply.get("ack") instanceof Number a && reply.get("epoch") instanceof Number e) {
                    if (e.longValue() == epoch) {
                        long n = acked.accumulateAndGet(a.longValue(), Math::max);
                        unacked.headMap(n, true).clear();
                    }
                    greeted = true;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (socket == webSocket) {
                lost();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (socket == webSocket) {
                lost();
            }
        }
    }
}
