package org.rocmon.occi.internal.frontend.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The graph of sensor-to-sensor collectors (data flows from a collector's source sensor to its target sensor),
 * used to refuse a collector that would close a cycle: a sensor would then receive its own output forever.
 */
public final class SensorGraph {

    private SensorGraph() {
    }

    /**
     * @param collector the collector to add or replace (its own earlier version is ignored)
     * @param all every stored entity
     * @param lookup stored entities by id
     * @return the cycle it would close as sensor ids from its source back to it ({@code [a, b, a]}), or
     *         {@code null} when it closes none or is not sensor-to-sensor
     */
    public static List<String> cycle(Entity collector, List<Entity> all, Function<String, Entity> lookup) {
        if (!sensor(collector.source, lookup) || !sensor(collector.target, lookup)) {
            return null;
        }
        Map<String, List<String>> next = new HashMap<>();
        for (Entity e : all) {
            if (e.isLink() && !e.id.equals(collector.id) && sensor(e.source, lookup) && sensor(e.target, lookup)) {
                next.computeIfAbsent(e.source, k -> new ArrayList<>()).add(e.target);
            }
        }
        // Breadth first from the new collector's target: a way back to its source closes the cycle.
        Map<String, String> from = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        from.put(collector.target, null);
        queue.add(collector.target);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(collector.source)) {
                List<String> path = new ArrayList<>();
                for (String s = at; s != null; s = from.get(s)) {
                    path.add(s);
                }
                path.add(collector.source);
                Collections.reverse(path);
                return path;
            }
            for (String n : next.getOrDefault(at, List.of())) {
                if (!from.containsKey(n)) {
                    from.put(n, at);
                    queue.add(n);
                }
            }
        }
        return null;
    }

    private static boolean sensor(String id, Function<String, Entity> lookup) {
        Entity e = id == null ? null : lookup.apply(id);
        return e != null && Model.SENSOR.equals(e.kind);
    }
}
