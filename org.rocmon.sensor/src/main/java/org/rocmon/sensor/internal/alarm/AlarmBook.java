package org.rocmon.sensor.internal.alarm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarms of one sensor: those it raised itself (one per condition, keyed by kind and source), those its child
 * sensors reported (by the sensor-to-sensor collector they came through), and a bounded list of recent ones that
 * ended. Collects what changed until {@link #drain()}. Thread-safe.
 */
public final class AlarmBook {

    /** Hops an alarm may travel up: a misconfigured cycle of sensors must not circulate it forever. */
    static final int MAX_VIA = 16;

    /** What changed since the last drain, and what is open now. */
    public record Changes(List<Alarm> raised, List<Alarm> cleared, List<Alarm> open) {
    }

    private final String sensor;
    private final int recentMax;
    private final Map<String, Alarm> own = new LinkedHashMap<>();
    private final Map<String, Map<String, Alarm>> below = new LinkedHashMap<>();
    private final Deque<Alarm> recent = new ArrayDeque<>();
    private final List<Alarm> raised = new ArrayList<>();
    private final List<Alarm> cleared = new ArrayList<>();

    /**
     * @param sensor id of the sensor the book belongs to
     * @param recentMax how many ended alarms to keep
     */
    public AlarmBook(String sensor, int recentMax) {
        this.sensor = sensor;
        this.recentMax = Math.max(0, recentMax);
    }

    /**
     * Makes the sensor's own alarms match the conditions found now: new conditions raise, vanished ones clear, a
     * condition whose severity changed is restated (and reported as raised again, with its first start).
     *
     * @param conditions the alarms the sensor's state calls for, each with {@code start = now}
     */
    public synchronized void sync(Collection<Alarm> conditions, long now) {
        Set<String> present = new HashSet<>();
        for (Alarm c : conditions) {
            present.add(c.key());
            Alarm existing = own.get(c.key());
            if (existing == null) {
                own.put(c.key(), c);
                raised.add(c);
            } else if (!existing.severity.equals(c.severity)) {
                Alarm restated = existing.restated(c.severity, c.text);
                own.put(c.key(), restated);
                raised.add(restated);
            }
        }
        own.entrySet().removeIf(e -> {
            if (present.contains(e.getKey())) {
                return false;
            }
            end(e.getValue(), now);
            return true;
        });
    }

    /**
     * Takes a child sensor's open alarms, as it last reported them through one collector: those no longer
     * reported end here too.
     *
     * @param via the sensor-to-sensor collector they came through
     */
    public synchronized void fromChild(String via, Collection<Alarm> open, long now) {
        Map<String, Alarm> next = new LinkedHashMap<>();
        for (Alarm a : open) {
            if (a.open() && !sensor.equals(a.sensor) && a.via.size() < MAX_VIA && !a.via.contains(via)) {
                next.put(a.id, a.through(via));
            }
        }
        Map<String, Alarm> before = below.getOrDefault(via, Map.of());
        for (Alarm a : before.values()) {
            if (!next.containsKey(a.id)) {
                end(a, now);
            }
        }
        for (Alarm a : next.values()) {
            if (!before.containsKey(a.id)) {
                raised.add(a);
            }
        }
        if (next.isEmpty()) {
            below.remove(via);
        } else {
            below.put(via, next);
        }
    }

    /** Ends what came through collectors that no longer feed the sensor (deleted, no longer admitted). */
    public synchronized void keepChildren(Set<String> feeding, long now) {
        below.entrySet().removeIf(e -> {
            if (feeding.contains(e.getKey())) {
                return false;
            }
            e.getValue().values().forEach(a -> end(a, now));
            return true;
        });
    }

    private void end(Alarm a, long now) {
        Alarm ended = a.ended(now);
        cleared.add(ended);
        if (recentMax > 0) {
            recent.addFirst(ended);
            while (recent.size() > recentMax) {
                recent.removeLast();
            }
        }
    }

    /** @return open alarms: the sensor's own first, then its descendants' */
    public synchronized List<Alarm> open() {
        List<Alarm> all = new ArrayList<>(own.values());
        below.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** @return ended alarms, newest first */
    public synchronized List<Alarm> recent() {
        return new ArrayList<>(recent);
    }

    /** @return what changed since the last call, or null when nothing did */
    public synchronized Changes drain() {
        if (raised.isEmpty() && cleared.isEmpty()) {
            return null;
        }
        Changes c = new Changes(List.copyOf(raised), List.copyOf(cleared), open());
        raised.clear();
        cleared.clear();
        return c;
    }
}
