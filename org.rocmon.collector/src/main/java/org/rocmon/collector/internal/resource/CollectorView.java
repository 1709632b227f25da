package org.rocmon.collector.internal.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Monitoring;
import org.rocmon.api.attributes.Secrets;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.json.RocmonJson;

/**
 * What {@code GET /resource/...} shows, as JSON trees: the resources, a resource with its host facts, a collector
 * with its status, schedule, edge, metrics and last values. Values are written by {@link RocmonJson}.
 */
final class CollectorView {

    static final String COMPUTE_KIND = "http://schemas.ogf.org/occi/infrastructure#compute";
    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private final CollectorManager manager;

    CollectorView(CollectorManager manager) {
        this.manager = manager;
    }

    /** @return {@code GET /resource/}: every resource with its collector ids, and the scheduler's facts */
    ObjectNode resources() {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("resources");
        for (String rid : manager.resourceIds()) {
            Map<String, RunningCollector> r = manager.resource(rid);
            if (r == null) {
                continue;
            }
            ObjectNode o = arr.addObject();
            o.put("id", rid);
            o.put("location", "/resource/" + rid + "/");
            ArrayNode cs = o.putArray("collectors");
            r.keySet().forEach(cs::add);
        }
        n.set("scheduler", MAPPER.valueToTree(manager.schedulerStatus()));
        return n;
    }

    /** @return {@code GET /resource/{rid}/collector/}: id, location, state and owner of each collector */
    ObjectNode collectors(String rid, Map<String, RunningCollector> r) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("collectors");
        for (RunningCollector c : r.values()) {
            ObjectNode o = arr.addObject();
            o.put("id", c.id());
            o.put("location", "/resource/" + rid + "/collector/" + c.id());
            o.put("state", c.status().state);
            String owner = manager.owner(rid, c.id());
            if (owner != null) {
                o.put("declaredBy", owner);
            }
        }
        return n;
    }

    /** @return {@code GET /resource/{rid}/}: an OCCI compute with the host's facts and its collectors */
    ObjectNode resource(String rid, Map<String, RunningCollector> r) {
        Map<String, Object> facts = manager.hostFacts();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", rid);
        n.put("kind", COMPUTE_KIND);
        n.put("location", "/resource/" + rid + "/");
        ObjectNode attributes = n.putObject("attributes");
        Object cores = facts.get("cores");
        if (cores instanceof Number) {
            attributes.put("occi.compute.cores", ((Number) cores).intValue());
        }
        Object memory = facts.get("memory");
        if (memory instanceof Number && ((Number) memory).longValue() > 0) {
            // OCCI infrastructure gives memory in GiB
            attributes.put("occi.compute.memory", ((Number) memory).longValue() / (1024.0 * 1024 * 1024));
        }
        if (facts.get("hostname") != null) {
            attributes.put("occi.compute.hostname", facts.get("hostname").toString());
        }
        n.set("host", MAPPER.valueToTree(facts));
        ArrayNode collectors = n.putArray("collectors");
        for (Map.Entry<String, RunningCollector> e : new ArrayList<>(r.entrySet())) {
            collectors.add(collector(rid, e.getValue()));
        }
        return n;
    }

    /** @return the 202 answer to a control command */
    static ObjectNode control(String rid, String cid, String action, String state) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", cid);
        n.put("action", action.trim().toLowerCase(Locale.ROOT));
        n.put("state", state);
        n.put("location", "/resource/" + rid + "/collector/" + cid);
        return n;
    }

    /** @return {@code GET /resource/{rid}/collector/{cid}}: description, status, schedule, edge, metrics, values */
    ObjectNode collector(String rid, RunningCollector c) {
        CollectorSpec s = c.spec();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", s.id);
        n.put("kind", Monitoring.COLLECTOR_KIND);
        if (s.title != null) {
            n.put("title", s.title);
        }
        if (s.summary != null) {
            n.put("summary", s.summary);
        }
        ArrayNode mixins = n.putArray("mixins");
        s.mixins.forEach(mixins::add);
        // Secrets are write-only: shown as the mask, which a POST of this description back keeps as it was.
        n.set("attributes", MAPPER.valueToTree(Secrets.masked(s.attributes, manager.secrets(s.mixins))));
        n.putArray("actions");
        n.put("source", s.resourceId);
        n.put("target", s.target);
        n.put("location", "/resource/" + s.resourceId + "/collector/" + s.id);
        n.put("sensor", s.resolved.uri.toString());
        n.set("status", MAPPER.valueToTree(c.status()));
        n.set("schedule", MAPPER.valueToTree(c.schedule()));
        CollectorEdge e = c.edge();
        if (e != null) {
            n.set("edge", MAPPER.valueToTree(e.status()));
        }
        metrics(n.putArray("metrics"), c.slots());
        ObjectNode lc = c.lastControl();
        if (lc != null) {
            n.set("control", lc.deepCopy());
        }
        ObjectNode values = n.putObject("values");
        new TreeMap<>(c.lastValues()).forEach((k, v) -> values.set(k, RocmonJson.tree(v)));
        String owner = manager.owner(rid, s.id);
        if (owner != null) {
            n.put("declaredBy", owner);
        }
        return n;
    }

    private static void metrics(ArrayNode metrics, List<MetricSlot> slots) {
        for (MetricSlot slot : slots) {
            ObjectNode m = metrics.addObject();
            m.put("mixin", slot.mixin());
            if (slot.instance.info() != null) {
                m.put("version", slot.instance.info().version);
                m.put("bundle", slot.instance.info().bundle);
            }
            ArrayNode outs = m.putArray("outputs");
            new ArrayList<>(slot.outputs).stream().sorted().forEach(outs::add);
            m.put("busy", slot.busy());
            if (slot.blocking) {
                m.put("blocking", true);
            }
        }
    }
}
