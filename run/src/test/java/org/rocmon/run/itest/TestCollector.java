package org.rocmon.run.itest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collector played by the test, speaking the wire protocol of {@code docs/protocol.md} by hand: it opens the
 * sensor's WebSocket naming its collector id, sends sequenced frames of known values with known timestamps and
 * follows the sensor's acks. Because the test chooses every value, the statistics downstream are exact.
 */
final class TestCollector implements AutoCloseable {

    final String id;
    private final long epoch = System.currentTimeMillis();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong acked = new AtomicLong(-1);
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    /** What a collector edge sends on the upgrade: the node token every test node shares. */
    static final String NODE_AUTHORIZATION = "Bearer " + RocmonOptions.NODE_TOKEN;

    private TestCollector(String id, URI sensor, HttpClient client, String authorization) {
        this.id = id;
        try {
            WebSocket.Builder b = client.newWebSocketBuilder().header("Rocmon-Collector", id)
                    .connectTimeout(Duration.ofSeconds(5));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            this.socket = b.buildAsync(sensor, new Listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("collector " + id + " cannot open " + sensor + ": " + e, e);
        }
        Node.await("the sensor's first ack to " + id, 10_000, () -> acked.get() >= 0);
    }

    /**
     * Opens a sensor's WebSocket ({@code wss://} trusting the node's CA, {@code ws://} with TLS off) as collector
     * {@code id} with the test nodes' node token, as an edge does, and waits for the sensor's greeting ack.
     */
    static TestCollector connect(Node node, String sensor, String id) {
        return connect(node, sensor, id, NODE_AUTHORIZATION);
    }

    /** @param authorization the {@code Authorization} of the upgrade, or null for none */
    static TestCollector connect(Node node, String sensor, String id, String authorization) {
        return new TestCollector(id, node.ws(sensor), node.httpClient(), authorization);
    }

    /**
     * Tries the upgrade as collector {@code id} and closes at once.
     *
     * @return 101 when the sensor admitted it, else the HTTP status of the refusal (e.g. 403), -1 on other failures
     */
    static int upgradeStatus(Node node, String sensor, String id) {
        return upgradeStatus(node, sensor, id, NODE_AUTHORIZATION);
    }

    /** As {@link #upgradeStatus(Node, String, String)} with that {@code Authorization}, or none when null. */
    static int upgradeStatus(Node node, String sensor, String id, String authorization) {
        try {
            WebSocket.Builder b = node.httpClient().newWebSocketBuilder().header("Rocmon-Collector", id);
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            WebSocket ws = b.buildAsync(node.ws(sensor), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (Exception e) {
            Throwable t = e;
            while (t != null && !(t instanceof WebSocketHandshakeException)) {
                t = t.getCause();
            }
            return t == null ? -1 : ((WebSocketHandshakeException) t).getResponse().statusCode();
        }
    }

    /**
     * Sends one sequenced frame.
     *
     * @param ts epoch ms the values were "taken"
     * @param data {@code {channel: number|boolean|string}}
     * @return its sequence number
     */
    long send(long ts, Map<String, ?> data) {
        long n = seq.incrementAndGet();
        StringBuilder json = new StringBuilder();
        json.append("{\"collector\":").append(Json.quote(id)).append(",\"epoch\":").append(epoch)
                .append(",\"seq\":").append(n).append(",\"ts\":").append(ts).append(",\"data\":{");
        boolean first = true;
        for (Map.Entry<String, ?> e : data.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append(Json.quote(e.getKey())).append(':');
            Object v = e.getValue();
            json.append(v instanceof String ? Json.quote((String) v) : String.valueOf(v));
        }
        json.append("}}");
        try {
            socket.sendText(json, true).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("collector " + id + " cannot send frame " + n + ": " + e, e);
        }
        return n;
    }

    /** Waits until the sensor acknowledged frame {@code n}: its values are in the sensor's pipeline. */
    void awaitAck(long n, long timeoutMs) {
        Node.await("the sensor acks frame " + n + " of " + id + " (acked " + acked.get() + ")", timeoutMs,
                () -> acked.get() >= n);
    }

    long acked() {
        return acked.get();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the sensor may be gone already; abort below releases the socket either way
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            synchronized (partial) {
                partial.append(data);
                if (last) {
                    Map<String, Object> reply = Json.object(partial.toString());
                    partial.setLength(0);
                    Object ack = reply.get("ack");
                    Object ackEpoch = reply.get("epoch");
                    if (ack instanceof Number && ackEpoch instanceof Number) {
                        long a = ((Number) ackEpoch).longValue() == epoch ? ((Number) ack).longValue() : 0;
                        acked.accumulateAndGet(a, Math::max);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
