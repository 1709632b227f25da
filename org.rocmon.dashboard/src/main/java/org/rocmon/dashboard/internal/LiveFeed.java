package org.rocmon.dashboard.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.json.RocmonJson;
import org.rocmon.http.sse.SseSink;

/**
 * The live values behind every open dashboard page. No sensor pushes to the dashboard (a publisher would have to
 * be attached to each sensor, as Stream is), so the feed polls: once per {@link #tick} (every second, on the
 * component's one timer thread) it asks each sensor some page watches for its latest value per channel
 * ({@code GET /sensor/{id}/data} on the sensor's node, once per sensor however many pages watch it) and sends every
 * page the values that are newer than the last it got, as {@code event: value}. A node that cannot be reached gives
 * {@code event: status} with {@code reachable: false} (and {@code true} when it answers again).
 */
final class LiveFeed {

    /** One watched channel: node id, sensor id, channel name. */
    static final class Channel {
        final String node;
        final String sensor;
        final String name;

        Channel(String node, String sensor, String name) {
            this.node = node;
            this.sensor = sensor;
            this.name = name;
        }

        String key() {
            return node + "/" + sensor + "/" + name;
        }
    }

    /** One page's stream. */
    static final class Subscription {
        final SseSink sink;
        final List<Channel> channels;
        final Map<String, String> nodeUrls;
        final boolean once;
        /** A once stream with a duration ends then, whatever it delivered; 0: when every channel had a value. */
        final long onceMillis;
        final long opened;
        final Map<String, Long> lastTs = new HashMap<>();
        final Map<String, Boolean> reachable = new HashMap<>();

        Subscription(SseSink sink, List<Channel> channels, Map<String, String> nodeUrls, boolean once,
                long opened) {
            this(sink, channels, nodeUrls, once, 0, opened);
        }

        Subscription(SseSink sink, List<Channel> channels, Map<String, String> nodeUrls, boolean once,
                long onceMillis, long opened) {
            this.sink = sink;
            this.channels = channels;
            this.nodeUrls = nodeUrls;
            this.once = once;
            this.onceMillis = onceMillis;
            this.opened = opened;
        }

        private boolean done(long now) {
            if (!once) {
                return false;
            }
            if (onceMillis > 0) {
                return now - opened >= onceMillis;
            }
            return lastTs.size() == channels.size() || now - opened >= ONCE_MILLIS;
        }
    }

    /**
     * A page in {@code once} mode (tests, screenshots: a headless browser waits for open requests) gets its stream
     * ended after every channel had a value, or after this; {@code once=<seconds>} ends it after that long.
     */
    static final long ONCE_MILLIS = 5_000;

    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private final NodeApi api;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    LiveFeed(NodeApi api) {
        this.api = api;
    }

    void add(Subscription s) {
        subscriptions.add(s);
    }

    void remove(Subscription s) {
        subscriptions.remove(s);
    }

    int size() {
        return subscriptions.size();
    }

    /** Ends every stream (the component goes away). */
    void close() {
        for (Subscription s : subscriptions) {
            s.sink.end();
        }
        subscriptions.clear();
    }

    /** One round: fetch each watched sensor once, then hand each page what is new for it. */
    void tick(long now) {
        Map<String, NodeApi.Reply> data = new LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            for (Channel c : s.channels) {
                String url = s.nodeUrls.get(c.node);
                data.computeIfAbsent(url + "\u0000" + c.sensor,
                        k -> api.node(url, "/sensor/" + c.sensor + "/data"));
            }
        }
        for (Subscription s : subscriptions) {
            deliver(s, data, now);
        }
    }

    private void deliver(Subscription s, Map<String, NodeApi.Reply> data, long now) {
        StringBuilder frames = new StringBuilder();
        for (Channel c : s.channels) {
            NodeApi.Reply r = data.get(s.nodeUrls.get(c.node) + "\u0000" + c.sensor);
            if (r == null) {
                continue;
            }
            boolean up = r.status != 0;
            Boolean was = s.reachable.put(c.node, up);
            if (!Objects.equals(was, up)) {
                ObjectNode st = MAPPER.createObjectNode();
                st.put("node", c.node);
                st.put("reachable", up);
                if (!up) {
                    st.put("detail", "node " + c.node + " is unreachable: " + r);
                }
                frames.append(frame("status", st));
            }
            if (!r.ok()) {
                continue;
            }
            JsonNode m = r.body.path("channels").path(c.name);
            if (!m.isObject() || !m.has("ts")) {
                continue;
            }
            long ts = m.path("ts").asLong();
            Long last = s.lastTs.get(c.key());
            if (last != null && ts <= last) {
                continue;
            }
            s.lastTs.put(c.key(), ts);
            ObjectNode v = ((ObjectNode) m).deepCopy();
            v.put("key", c.key());
            v.put("node", c.node);
            v.put("sensor", c.sensor);
            v.put("channel", c.name);
            frames.append(frame("value", v));
        }
        if (frames.length() > 0) {
            s.sink.offer(frames.toString());
        }
        if (s.done(now)) {
            s.sink.offer("event: end\ndata: {}\n\n");
            s.sink.end();
            subscriptions.remove(s);
        }
    }

    static String frame(String event, JsonNode data) {
        try {
            return "event: " + event + "\ndata: " + MAPPER.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the channels of {@code ch} parameters {@code node/sensor/channel} (the channel may hold slashes) */
    static List<Channel> parse(String[] values) {
        List<Channel> list = new ArrayList<>();
        if (values == null) {
            return list;
        }
        for (String v : values) {
            String[] p = v.split("/", 3);
            if (p.length < 3 || p[0].isEmpty() || p[1].isEmpty() || p[2].isEmpty()) {
                throw new IllegalArgumentException(v);
            }
            list.add(new Channel(p[0], p[1], p[2]));
        }
        return list;
    }
}
