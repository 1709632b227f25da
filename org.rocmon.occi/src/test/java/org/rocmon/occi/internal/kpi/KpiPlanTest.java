package org.rocmon.occi.internal.kpi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Monitoring;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

public class KpiPlanTest {

    private final List<Entity> all = new ArrayList<>();

    private Entity add(String id, String kind, String owner) {
        Entity e = new Entity();
        e.id = id;
        e.kind = kind;
        e.owner = owner;
        all.add(e);
        return e;
    }

    private Entity compute(String id, String owner, Object group) {
        Entity e = add(id, Model.COMPUTE, owner);
        if (group != null) {
            e.attributes.put(KpiPlan.RESOURCE_GROUP, group);
        }
        return e;
    }

    private Entity collector(String id, String owner, String source, String target) {
        Entity e = add(id, Model.COLLECTOR, owner);
        e.source = source;
        e.target = target;
        return e;
    }

    private Entity kpi(String id, String owner, String group) {
        Entity k = add(id, Model.SENSOR, owner);
        k.mixins.add(KpiPlan.MIXIN);
        k.attributes.put(KpiPlan.INPUT, "cpu");
        k.attributes.put(Monitoring.SENSOR_PERIOD, 2);
        if (group != null) {
            k.attributes.put(KpiPlan.GROUP, group);
        }
        return k;
    }

    @Test
    public void membersAreTheSensorsOfTheGroupsCollectorsOfTheSameOwner() {
        compute("g1", "alice", "web");
        compute("g2", "alice", List.of("db", "web"));
        compute("g3", "alice", "web, batch");
        compute("g4", "alice", "db");
        compute("g5", "bob", "web");
        compute("g6", "alice", null);
        for (String s : new String[] {"s1", "s2", "s3", "s4", "s5", "s6"}) {
            add(s, Model.SENSOR, s.equals("s5") ? "bob" : "alice");
        }
        collector("c1", "alice", "g1", "s1");
        collector("c2", "alice", "g2", "s2");
        collector("c3", "alice", "g3", "s1"); // shares s1 with c1: s1 is one member
        collector("c4", "alice", "g4", "s4");
        collector("c5", "bob", "g5", "s5");
        collector("c6", "alice", "g6", "s6");
        kpi("k", "alice", "web");
        kpi("plain", "alice", null); // a Kpi sensor without group is left alone

        Map<String, KpiPlan.Wanted> w = KpiPlan.wanted(all);
        assertEquals(List.of("k"), List.copyOf(w.keySet()));
        assertEquals("kpi.k.s1,kpi.k.s2", w.get("k").sources());
        KpiPlan.Forwarder f = w.get("k").forwarders().get(0);
        assertEquals("s1", f.member());
        assertEquals("cpu", f.channel());
        assertEquals(2, f.period());
        assertTrue(KpiPlan.isKpi(all.stream().filter(e -> e.id.equals("plain")).findFirst().get()));
    }

    @Test
    public void forwardersOfMembersThatLeftAreStaleAndTheirsAreKept() {
        Entity g1 = compute("g1", "alice", "web");
        compute("g2", "alice", "web");
        add("s1", Model.SENSOR, "alice");
        add("s2", Model.SENSOR, "alice");
        collector("c1", "alice", "g1", "s1");
        collector("c2", "alice", "g2", "s2");
        kpi("k", "alice", "web");
        Entity f1 = collector("kpi.k.s1", "alice", "s1", "k");
        f1.attributes.put(KpiPlan.CHANNELS, List.of("cpu"));
        f1.attributes.put(Monitoring.COLLECTOR_PERIOD, 2.0);
        collector("kpi.k.s2", "alice", "s2", "k");
        collector("kpi.other.s2", "alice", "s2", "k"); // not named after its target: not the front end's

        Map<String, KpiPlan.Wanted> w = KpiPlan.wanted(all);
        assertTrue(KpiPlan.stale(all, w).isEmpty());
        assertTrue(KpiPlan.same(f1, w.get("k").forwarders().get(0)));
        assertFalse(KpiPlan.same(all.get(all.size() - 2), w.get("k").forwarders().get(1)));

        g1.attributes.put(KpiPlan.RESOURCE_GROUP, "db"); // g1 leaves the group
        w = KpiPlan.wanted(all);
        assertEquals("kpi.k.s2", w.get("k").sources());
        assertEquals(List.of("kpi.k.s1"), KpiPlan.stale(all, w).stream().map(e -> e.id).toList());

        all.removeIf(e -> e.id.equals("k")); // the KPI itself gone: all its forwarders are stale
        assertEquals(List.of("kpi.k.s1", "kpi.k.s2"),
                KpiPlan.stale(all, KpiPlan.wanted(all)).stream().map(e -> e.id).toList());
    }
}
