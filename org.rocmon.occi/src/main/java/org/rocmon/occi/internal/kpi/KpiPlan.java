package org.rocmon.occi.internal.kpi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.rocmon.api.Monitoring;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/**
 * What the front end's KPI sensors need (docs/kpi.md), computed from the stored entities alone, so that it is
 * tested without nodes. A KPI sensor is a sensor with the {@code Kpi} aggregator and a {@code group}. Its members
 * are the sensors that the collectors of the group's compute resources (those whose {@code rocmon.group} names the
 * group, owned by the KPI's owner) deliver to; each member forwards the KPI's input channel to the KPI sensor
 * through a sensor-to-sensor collector {@code kpi.<kpi>.<member>} that the front end creates and deletes, and the
 * KPI's {@code sources} lists those forwarders, so that a member that leaves stops counting at once.
 */
public final class KpiPlan {

    /** The aggregator that makes a sensor a KPI. */
    public static final String MIXIN = "http://example.com/occi/monitoring/aggregator#Kpi";
    static final String PREFIX = "com.example.occi.monitoring.Kpi.";
    public static final String GROUP = PREFIX + "group";
    public static final String INPUT = PREFIX + "input";
    public static final String SOURCES = PREFIX + "sources";
    /** The attribute of a compute resource naming its groups: a string (comma list) or a list. */
    public static final String RESOURCE_GROUP = "rocmon.group";
    /** The sensor-to-sensor collector attribute naming the channels it forwards (docs/sensor-api.md). */
    static final String CHANNELS = "rocmon.collector.channels";
    static final double DEFAULT_PERIOD = 5;

    /** A forwarder that should exist: from a member sensor to the KPI sensor. */
    public record Forwarder(String id, String kpi, String member, String channel, Object period) {
    }

    /** One KPI sensor and what it needs. */
    public record Wanted(String kpi, String owner, String sources, List<Forwarder> forwarders) {
    }

    private KpiPlan() {
    }

    /** @return whether the entity is a KPI sensor: a sensor with the Kpi aggregator (group or not) */
    public static boolean isKpi(Entity e) {
        return e != null && Model.SENSOR.equals(e.kind) && e.mixins.contains(MIXIN);
    }

    /** @return the id prefix of the forwarders of a KPI */
    static String prefix(String kpi) {
        return "kpi." + kpi + ".";
    }

    /** @return what every KPI sensor with a group needs, by KPI id */
    public static Map<String, Wanted> wanted(Collection<Entity> all) {
        Map<String, Entity> byId = new LinkedHashMap<>();
        for (Entity e : all) {
            byId.put(e.id, e);
        }
        Map<String, Wanted> out = new TreeMap<>();
        for (Entity k : all) {
            Object group = isKpi(k) ? k.attributes.get(GROUP) : null;
            Object input = k.attributes.get(INPUT);
            if (group == null || group.toString().isBlank() || input == null) {
                continue;
            }
            TreeSet<String> members = new TreeSet<>();
            for (Entity c : all) {
                if (!Model.COLLECTOR.equals(c.kind) || !Objects.equals(c.owner, k.owner) || k.id.equals(c.target)) {
                    continue;
                }
                Entity source = byId.get(c.source);
                Entity target = byId.get(c.target);
                if (source != null && target != null && Model.COMPUTE.equals(source.kind)
                        && Model.SENSOR.equals(target.kind) && Objects.equals(source.owner, k.owner)
                        && groups(source).contains(group.toString().trim())) {
                    members.add(target.id);
                }
            }
            List<Forwarder> fs = new ArrayList<>();
            Object period = k.attributes.getOrDefault(Monitoring.SENSOR_PERIOD, DEFAULT_PERIOD);
            for (String m : members) {
                fs.add(new Forwarder(prefix(k.id) + m, k.id, m, input.toString(), period));
            }
            out.put(k.id, new Wanted(k.id, k.owner, String.join(",", fs.stream().map(Forwarder::id).toList()), fs));
        }
        return out;
    }

    /**
     * @return the forwarders that exist but are no longer wanted: a collector named {@code kpi.<kpi>.*} from a
     *         sensor to a KPI sensor whose group no longer includes that sensor (or that has no group any more)
     */
    public static List<Entity> stale(Collection<Entity> all, Map<String, Wanted> wanted) {
        List<Entity> out = new ArrayList<>();
        for (Entity c : all) {
            if (!Model.COLLECTOR.equals(c.kind) || c.target == null || !c.id.startsWith(prefix(c.target))) {
                continue;
            }
            Wanted w = wanted.get(c.target);
            if (w == null || w.forwarders().stream().noneMatch(f -> f.id().equals(c.id) && f.member().equals(c.source))) {
                out.add(c);
            }
        }
        return out;
    }

    /** @return the groups a compute resource names in {@code rocmon.group} */
    static List<String> groups(Entity resource) {
        Object g = resource.attributes.get(RESOURCE_GROUP);
        List<String> out = new ArrayList<>();
        if (g instanceof Collection<?> list) {
            list.forEach(x -> out.add(String.valueOf(x).trim()));
        } else if (g != null) {
            for (String s : g.toString().split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** @return whether a stored forwarder already is what {@code f} asks */
    static boolean same(Entity c, Forwarder f) {
        return c != null && Model.COLLECTOR.equals(c.kind) && f.member().equals(c.source) && f.kpi().equals(c.target)
                && Objects.equals(List.of(f.channel()), c.attributes.get(CHANNELS))
                && number(f.period()) == number(c.attributes.get(Monitoring.COLLECTOR_PERIOD));
    }

    private static double number(Object o) {
        try {
            return o == null ? Double.NaN : Double.parseDouble(o.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
