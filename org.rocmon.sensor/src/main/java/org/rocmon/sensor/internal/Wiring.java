package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rocmon.sensor.internal.pipeline.Stage;
import org.rocmon.sensor.internal.pipeline.Subscriber;

/** How a sensor's stages and edges are wired by channel: who reads what, and what each aggregator feeds. */
final class Wiring {

    private Wiring() {
    }

    /**
     * Links each aggregator to the stages it reaches and builds the routing table from the stages' inputs and the
     * edges' channels; child sensors' alarm reports go to {@code alarmsIn}.
     *
     * @return subscribers by channel, for {@link org.rocmon.sensor.internal.pipeline.Router#rewire}
     */
    static Map<String, Subscriber[]> wire(List<Stage> stages, Collection<ForwardEdge> edges, Subscriber alarmsIn) {
        Map<String, List<Subscriber>> table = new HashMap<>();
        table.computeIfAbsent(org.rocmon.sensor.internal.alarm.SensorAlarms.UPWARD, k -> new ArrayList<>()).add(alarmsIn);
        Set<String> aggregatorOutputs = new LinkedHashSet<>();
        for (Stage s : stages) {
            for (String in : s.inputs()) {
                table.computeIfAbsent(in, k -> new ArrayList<>()).add(s);
            }
            if (s.isAggregator()) {
                aggregatorOutputs.addAll(s.outputs());
            }
        }
        for (ForwardEdge e : edges) {
            for (String ch : e.channels().isEmpty() ? aggregatorOutputs : e.channels()) {
                table.computeIfAbsent(ch, k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, Subscriber[]> routes = new HashMap<>();
        table.forEach((k, v) -> routes.put(k, v.toArray(new Subscriber[0])));
        linkDownstream(stages);
        return routes;
    }

    /**
     * Tells each aggregator stage which stages its outputs reach, directly or through other aggregators: a frame
     * into an aggregator whose consumer is congested must wait for that consumer, or the producer would never slow.
     */
    private static void linkDownstream(List<Stage> all) {
        Map<Stage, List<Stage>> direct = new HashMap<>();
        for (Stage s : all) {
            List<Stage> fed = new ArrayList<>();
            if (s.isAggregator()) {
                for (Stage t : all) {
                    if (feeds(s, t)) {
                        fed.add(t);
                    }
                }
            }
            direct.put(s, fed);
        }
        for (Stage s : all) {
            Set<Stage> reached = new LinkedHashSet<>();
            List<Stage> todo = new ArrayList<>(direct.get(s));
            while (!todo.isEmpty()) {
                Stage t = todo.remove(todo.size() - 1);
                if (reached.add(t)) {
                    todo.addAll(direct.getOrDefault(t, List.of()));
                }
            }
            s.downstream(reached);
        }
    }

    /** Mixins may write sub-channels ({@code out.suffix}) of their outputs, so those count as fed too. */
    private static boolean feeds(Stage from, Stage to) {
        for (String out : from.outputs()) {
            for (String in : to.inputs()) {
                if (in.equals(out) || in.startsWith(out + ".")) {
                    return true;
                }
            }
        }
        return false;
    }
}
