package org.rocmon.occi.internal.ngsi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/**
 * The history of an entity the caller sees, through the front end (docs/history.md, "Through the front end"):
 * {@code GET /v2/entities/{id}/attrs/{attr}/history?...} with the node's history parameters. A sensor's (or KPI's)
 * channel is read from {@code /history/{sensor}/{channel}} on the node that runs it, with the front end's node
 * credential; a monitored resource's attribute from the sensors its collectors (those the caller sees) deliver to,
 * narrowed to each collector as {@code source}, merged. The node's answers and problems (4xx naming the parameter)
 * are passed on; ownership is the NGSI layer's: another user's entity is a 404 like a missing one.
 */
final class EntityHistory {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final NgsiEntities entities;
    private final Monitored monitored;

    EntityHistory(NgsiEntities entities, Monitored monitored) {
        this.entities = entities;
        this.monitored = monitored;
    }

    NgsiApi.Answer get(NgsiEntities.Who who, String id, String attr, Map<String, String> query) throws Problem {
        String type = query.get("type");
        NgsiEntities.checkType(type, "type");
        Entity e = entities.find(who, id, type);
        if (e == null) {
            throw Problem.notFound("no entity " + id + (type == null ? "" : " of type " + type));
        }
        if (Model.COMPUTE.equals(e.kind) && query.containsKey("source")) {
            throw Problem.badRequest("source is the collector, which the front end chooses for a monitored resource",
                    "source");
        }
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> {
            if (!"type".equals(k)) {
                q.append(q.length() == 0 ? "?" : "&").append(enc(k)).append('=').append(enc(v));
            }
        });
        if (!Model.COMPUTE.equals(e.kind)) {
            ObjectNode o = answer(relay(e, attr, q.toString()));
            o.put("entity", id).put("type", NgsiEntities.typeOf(e));
            return NgsiApi.Answer.ok(o);
        }
        ObjectNode merged = null;
        Problem last = null;
        for (Entity c : monitored.all()) {
            Entity target = c.target == null ? null : monitored.get(c.target);
            if (!Model.COLLECTOR.equals(c.kind) || !id.equals(c.source) || !who.sees(c) || target == null) {
                continue;
            }
            String withSource = q + (q.length() == 0 ? "?" : "&") + "source=" + enc(c.id);
            try {
                ObjectNode o = answer(relay(target, attr, withSource));
                if (merged == null) {
                    merged = o;
                } else {
                    append(merged, o, "values");
                    append(merged, o, "series");
                }
            } catch (Problem p) {
                if (p.status() != 404) {
                    throw p;
                }
                last = p;
            }
        }
        if (merged == null) {
            throw last != null ? last : new Problem(404, "no collector of " + id + " delivers to a sensor", "attr");
        }
        if (merged.has("values")) {
            List<JsonNode> values = new ArrayList<>();
            merged.get("values").forEach(values::add);
            values.sort(Comparator.comparingLong(v -> v.path("ts").asLong()));
            merged.putArray("values").addAll(values);
        }
        merged.remove("sensor");
        merged.put("entity", id).put("type", "compute");
        return NgsiApi.Answer.ok(merged);
    }

    private NodeClient.Reply relay(Entity sensor, String channel, String query) throws Problem {
        return monitored.history(sensor, "/history/" + enc(sensor.id) + "/" + enc(channel) + query);
    }

    private static ObjectNode answer(NodeClient.Reply r) throws Problem {
        if (!r.ok()) {
            int status = r.status >= 400 && r.status < 500 ? r.status : 502;
            Problem p = new Problem(status, r.detail() == null ? "the node answered " + r.status : r.detail(),
                    r.attribute());
            JsonNode available = null;
            try {
                available = MAPPER.readTree(r.body).get("available");
            } catch (java.io.IOException | RuntimeException ex) {
                // not a problem body: the detail says what there is
            }
            throw available == null ? p : p.with("available", available);
        }
        try {
            JsonNode j = MAPPER.readTree(r.body);
            if (j instanceof ObjectNode o) {
                return o;
            }
        } catch (java.io.IOException ex) {
            // below
        }
        throw new Problem(502, "the node answered a history query with malformed JSON", null);
    }

    private static void append(ObjectNode into, ObjectNode from, String field) {
        if (into.get(field) instanceof ArrayNode a && from.get(field) instanceof ArrayNode b) {
            a.addAll(b);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
