package org.rocmon.sensor.internal.pipeline;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.rocmon.api.Measurement;

/**
 * The channels of one sensor: keeps the last value of every channel and fans each written value out to the
 * subscribers of that channel. The routing table is an immutable map swapped as a whole on updates, and the last
 * values sit in per-channel volatile holders, so the hot path never locks.
 */
public final class Router {

    private static final Subscriber[] NONE = new Subscriber[0];

    /** Last value of one channel; a volatile field instead of a map put keeps writers off the map's bin locks. */
    private static final class Last {
        volatile Measurement value;
    }

    private final Counters counters;
    private final Map<String, Last> last = new ConcurrentHashMap<>();
    private volatile Map<String, Subscriber[]> routes = Map.of();

    public Router(Counters sensorCounters) {
        this.counters = sensorCounters;
    }

    private void remember(String channel, Measurement m) {
        Last l = last.get(channel);
        if (l == null) {
            l = last.computeIfAbsent(channel, k -> new Last());
        }
        l.value = m;
    }

    /**
     * @param channel channel name
     * @param measurement the value
     */
    public void write(String channel, Measurement measurement) {
        remember(channel, measurement);
        Subscriber[] subs = routes.getOrDefault(channel, NONE);
        if (subs.length == 0) {
            counters.unrouted.increment();
            return;
        }
        Delivery d = new Delivery(channel, measurement);
        for (Subscriber s : subs) {
            s.offer(d);
        }
    }

    /**
     * Writes several values at once: each subscriber gets its share in one call, in order.
     *
     * @param channels channel names
     * @param values the values, same length
     * @param n how many to write
     * @return the subscribers that were congested after taking their share, or null when none was (the common
     *         case allocates nothing)
     */
    public List<Subscriber> writeAll(String[] channels, Measurement[] values, int n) {
        return writeAll(channels, values, n, 0);
    }

    /**
     * @param pos journal position of the frame the values come from (or, for an aggregator's outputs, the lowest
     *        position they may depend on), 0 when none: the journal keeps the frame until no stage holds it
     * @see #writeAll(String[], Measurement[], int)
     */
    public List<Subscriber> writeAll(String[] channels, Measurement[] values, int n, long pos) {
        Map<String, Subscriber[]> table = routes;
        Map<Subscriber, List<Delivery>> groups = null;
        int unrouted = 0;
        for (int i = 0; i < n; i++) {
            remember(channels[i], values[i]);
            Subscriber[] subs = table.getOrDefault(channels[i], NONE);
            if (subs.length == 0) {
                unrouted++;
                continue;
            }
            if (groups == null) {
                groups = new IdentityHashMap<>();
            }
            Delivery d = new Delivery(channels[i], values[i], pos);
            for (Subscriber s : subs) {
                groups.computeIfAbsent(s, k -> new ArrayList<>()).add(d);
            }
        }
        if (unrouted > 0) {
            counters.unrouted.add(unrouted);
        }
        if (groups == null) {
            return null;
        }
        List<Subscriber> congested = null;
        for (Map.Entry<Subscriber, List<Delivery>> g : groups.entrySet()) {
            Subscriber s = g.getKey();
            s.offerAll(g.getValue());
            if (s.congested()) {
                if (congested == null) {
                    congested = new ArrayList<>(2);
                }
                congested.add(s);
            }
        }
        return congested;
    }

    /** @param table subscribers by channel; replaces the whole table at once */
    public void rewire(Map<String, Subscriber[]> table) {
        routes = Map.copyOf(table);
    }

    /** @return whether any subscriber reads the channel */
    public boolean routed(String channel) {
        return routes.containsKey(channel);
    }

    /** @return a snapshot of the last value of every channel seen */
    public Map<String, Measurement> lastValues() {
        Map<String, Measurement> m = new LinkedHashMap<>();
        last.forEach((k, v) -> {
            Measurement value = v.value;
            if (value != null) {
                m.put(k, value);
            }
        });
        return m;
    }
}
