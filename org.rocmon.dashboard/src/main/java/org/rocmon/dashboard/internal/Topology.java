package org.rocmon.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The graph the page draws, in one answer: nodes, monitored resources and sensors as vertices, collectors
 * (resource to sensor, sensor to sensor) and placements (node to entity) as edges, each with one {@code state} the
 * page colours: {@code running}, {@code paused}, {@code stopped}, {@code suspended}, {@code degraded},
 * {@code disconnected} (an edge or node that cannot be reached), {@code failed} (the front end could not deploy
 * it), {@code pending} or {@code unknown}. Each element carries a {@code detail} for the side panel: the
 * description, the counters and the mixins with their versions, as the node reports them. {@code alarms} lists
 * the open and recent alarms of the sensors shown, and an element an open alarm is about carries {@code alarm}
 * (its worst severity), see {@link Alarms}.
 */
final class Topology {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final NodeApi api;
    private final Scope scope;
    private final ObjectNode root = F.objectNode();
    private final ArrayNode vertices = root.putArray("vertices");
    private final ArrayNode edges = root.putArray("edges");
    private final Set<String> seen = new LinkedHashSet<>();
    private final Alarms alarms;

    private Topology(NodeApi api, Scope scope) {
        this.api = api;
        this.scope = scope;
        this.alarms = new Alarms(scope.admin, scope.sensors.keySet());
    }

    static ObjectNode build(NodeApi api, Scope scope, long now) {
        Topology t = new Topology(api, scope);
        t.root.put("generated", now);
        t.root.put("admin", scope.admin);
        t.root.put("frontEnd", scope.frontEnd);
        for (Scope.NodeRef n : scope.nodes.values()) {
            t.node(n);
        }
        t.occiLinks();
        t.alarms.writeTo(t.root, t.vertices, t.edges);
        return t.root;
    }

    private void node(Scope.NodeRef n) {
        NodeApi.Reply sensors = api.node(n.url, "/sensor/");
        NodeApi.Reply resources = api.node(n.url, "/resource/");
        boolean reachable = sensors.ok() || resources.ok();
        ObjectNode v = vertex("node:" + n.id, "node", n.id, n.id,
                reachable ? "running" : "disconnected");
        ObjectNode d = v.putObject("detail");
        d.put("url", n.url);
        d.put("health", n.health);
        if (!reachable) {
            d.put("error", sensors.toString());
        } else if (n.error != null) {
            d.put("lastError", n.error);
        }
        if (resources.ok()) {
            d.set("scheduler", resources.body.path("scheduler"));
        }
        // the viewer's OCCI entities on this node, then (admin) whatever else the node runs
        Map<String, JsonNode> sensorIds = new LinkedHashMap<>();
        scope.sensors.forEach((id, e) -> {
            if (Scope.nodeOf(e).equals(n.id)) {
                sensorIds.put(id, e);
            }
        });
        Map<String, JsonNode> computeIds = new LinkedHashMap<>();
        scope.computes.forEach((id, e) -> {
            if (Scope.nodeOf(e).equals(n.id)) {
                computeIds.put(id, e);
            }
        });
        if (scope.admin) {
            for (JsonNode s : sensors.ok() ? sensors.body : F.arrayNode()) {
                sensorIds.putIfAbsent(s.path("id").asText(), null);
            }
            for (JsonNode r : resources.ok() ? resources.body.path("resources") : F.arrayNode()) {
                computeIds.putIfAbsent(r.path("id").asText(), null);
            }
        }
        sensorIds.forEach((id, occi) -> sensor(n, id, occi, reachable));
        computeIds.forEach((id, occi) -> resource(n, id, occi, reachable));
    }

    private void sensor(Scope.NodeRef n, String id, JsonNode occi, boolean reachable) {
        NodeApi.Reply r = reachable ? api.node(n.url, "/sensor/" + id + "/") : null;
        String state = occiState(occi);
        if (state == null) {
            state = r == null ? "disconnected" : r.ok() ? r.body.path("status").path("state").asText("unknown")
                    : r.status == 404 ? "pending" : "unknown";
        }
        ObjectNode v = vertex("sensor:" + id, "sensor", id, n.id, state);
        ObjectNode d = v.putObject("detail");
        describe(d, occi);
        if (r != null && r.ok()) {
            JsonNode b = r.body;
            d.set("status", b.path("status"));
            d.set("mixins", mixins(b.path("stages")));
            d.set("channels", b.path("channels"));
            d.set("collectors", b.path("collectors"));
            if (b.has("alarms")) {
                d.set("alarms", b.path("alarms"));
                alarms.add(b.path("alarms"));
            }
            if (b.has("control")) {
                d.set("control", b.path("control"));
            }
            if (occi == null) {
                d.set("attributes", b.path("attributes"));
            }
            // sensor-to-sensor collectors this sensor feeds (node view: admins see those outside OCCI too)
            b.path("edges").fields().forEachRemaining(e -> {
                String target = e.getValue().path("target").asText(e.getValue().path("sensor").asText(""));
                String to = target.replaceAll(".*/sensor/([^/]+)/?$", "$1");
                if (!to.isEmpty() && !scope.collectors.containsKey(e.getKey()) && scope.admin) {
                    ObjectNode edge = edge("collector:" + e.getKey(), "link", "sensor:" + id, "sensor:" + to,
                            e.getValue().path("state").asText("unknown"));
                    edge.set("detail", e.getValue());
                }
            });
        } else if (r != null) {
            d.put("error", "the node answered " + r + " for /sensor/" + id + "/");
        }
        edge("place:" + n.id + ":" + id, "placement", "node:" + n.id, "sensor:" + id, "running");
    }

    private void resource(Scope.NodeRef n, String id, JsonNode occi, boolean reachable) {
        NodeApi.Reply r = reachable ? api.node(n.url, "/resource/" + id + "/") : null;
        String state = occiState(occi);
        if (state == null) {
            state = r == null ? "disconnected" : r.ok() ? "running" : r.status == 404 ? "pending" : "unknown";
        }
        ObjectNode v = vertex("resource:" + id, "resource", id, n.id, state);
        ObjectNode d = v.putObject("detail");
        describe(d, occi);
        if (r != null && r.ok()) {
            d.set("host", r.body.path("host"));
            for (JsonNode c : r.body.path("collectors")) {
                String cid = c.path("id").asText();
                JsonNode occiC = scope.collectors.get(cid);
                if (occiC == null && !scope.admin) {
                    continue;
                }
                collector(id, c, occiC);
            }
        }
        edge("place:" + n.id + ":" + id, "placement", "node:" + n.id, "resource:" + id, "running");
    }

    /** A collector from a resource, as its node describes it (status, edge, metrics with versions). */
    private void collector(String resource, JsonNode c, JsonNode occi) {
        String cid = c.path("id").asText();
        String state = occiState(occi);
        if (state == null) {
            state = c.path("status").path("state").asText("unknown");
            String edge = c.path("edge").path("state").asText("connected");
            if ("running".equals(state) && !"connected".equals(edge)) {
                state = "disconnected";
            }
        }
        String target = c.path("sensor").asText(c.path("target").asText(""));
        String to = target.replaceAll(".*/sensor/([^/]+)/?$", "$1");
        ObjectNode e = edge("collector:" + cid, "collector", "resource:" + resource, "sensor:" + to, state);
        ObjectNode d = e.putObject("detail");
        describe(d, occi);
        d.put("target", target);
        d.set("status", c.path("status"));
        d.set("edge", c.path("edge"));
        d.set("mixins", mixins(c.path("metrics")));
        d.set("values", c.path("values"));
        if (occi == null) {
            d.set("attributes", c.path("attributes"));
        }
    }

    /** OCCI collectors the node views did not show: sensor-to-sensor ones, and those not deployed. */
    private void occiLinks() {
        scope.collectors.forEach((id, l) -> {
            if (seen.contains("collector:" + id)) {
                return;
            }
            String source = Scope.endId(l.path("source"));
            String target = Scope.endId(l.path("target"));
            String from = scope.sensors.containsKey(source) ? "sensor:" + source : "resource:" + source;
            String state = occiState(l);
            ObjectNode e = edge("collector:" + id, from.startsWith("sensor:") ? "link" : "collector", from,
                    "sensor:" + target, state == null ? "running" : state);
            describe(e.putObject("detail"), l);
        });
    }

    /** @return failed or pending when the front end could not deploy the entity, else null (ask the node) */
    private static String occiState(JsonNode occi) {
        if (occi == null) {
            return null;
        }
        String s = occi.path("attributes").path("rocmon.state").asText("");
        return "failed".equals(s) || "pending".equals(s) ? s : null;
    }

    private static void describe(ObjectNode d, JsonNode occi) {
        if (occi != null) {
            d.put("kind", occi.path("kind").asText());
            d.set("attributes", occi.path("attributes"));
            if (occi.has("mixins")) {
                d.set("occiMixins", occi.path("mixins"));
            }
        }
    }

    /** @return [{mixin, version, kind, state, counters}] from a sensor's stages or a collector's metrics */
    private static ArrayNode mixins(JsonNode stages) {
        ArrayNode a = F.arrayNode();
        for (JsonNode s : stages) {
            ObjectNode m = a.addObject();
            m.put("mixin", s.path("mixin").asText());
            m.put("version", s.path("version").asText("?"));
            for (String f : new String[] {"kind", "state", "bundle"}) {
                if (s.has(f)) {
                    m.set(f, s.get(f));
                }
            }
            if (s.has("counters")) {
                m.set("counters", s.get("counters"));
            }
        }
        return a;
    }

    private ObjectNode vertex(String id, String type, String label, String node, String state) {
        seen.add(id);
        ObjectNode v = vertices.addObject();
        v.put("id", id);
        v.put("type", type);
        v.put("label", label);
        v.put("node", node);
        v.put("state", state);
        return v;
    }

    private ObjectNode edge(String id, String type, String source, String target, String state) {
        seen.add(id);
        ObjectNode e = edges.addObject();
        e.put("id", id);
        e.put("type", type);
        e.put("source", source);
        e.put("target", target);
        e.put("state", state);
        return e;
    }
}
