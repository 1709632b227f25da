package org.rocmon.occi.internal.ngsi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Entity;

/**
 * The NGSI-v2 pull model under {@code /v2}: {@code /v2/entities} (type, id, idPattern, attrs, limit, offset,
 * options=keyValues,count), {@code /v2/entities/{id}}, its {@code /attrs}, {@code /attrs/{attr}} and
 * {@code /attrs/{attr}/value}, {@code /v2/types}; the subscriptions are {@link SubscriptionsApi}'s. Read-only:
 * values come from the sensors, so writing an entity is refused with 405.
 */
final class NgsiApi {

    /** One answer: status, JSON body (or null), headers. */
    record Answer(int status, JsonNode body, Map<String, String> headers) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body, Map.of());
        }
    }

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> ENTITY_PARAMS = Set.of("type", "id", "idPattern", "attrs", "limit", "offset",
            "options");

    private final NgsiEntities entities;
    private final SubscriptionsApi subscriptions;
    private final EntityHistory history;

    NgsiApi(NgsiEntities entities, SubscriptionsApi subscriptions) {
        this(entities, subscriptions, null);
    }

    NgsiApi(NgsiEntities entities, SubscriptionsApi subscriptions, EntityHistory history) {
        this.entities = entities;
        this.subscriptions = subscriptions;
        this.history = history;
    }

    /**
     * @param path the path under {@code /v2}, e.g. {@code /entities/g01}
     * @param query decoded query parameters (the first value of each)
     * @param body the request body, or null
     */
    Answer handle(String method, String path, Map<String, String> query, JsonNode body, NgsiEntities.Who who)
            throws Problem {
        List<String> seg = segments(path);
        if (seg.isEmpty()) {
            get(method);
            ObjectNode o = F.objectNode();
            o.put("entities_url", "/v2/entities").put("types_url", "/v2/types")
                    .put("subscriptions_url", "/v2/subscriptions");
            return Answer.ok(o);
        }
        switch (seg.get(0)) {
            case "entities":
                get(method);
                if (history != null && seg.size() == 5 && "attrs".equals(seg.get(2)) && "history".equals(seg.get(4))) {
                    // Rocmon's extension: the attribute's history (docs/history.md), with the node's parameters
                    return history.get(who, seg.get(1), seg.get(3), query);
                }
                return entities(seg, query, who);
            case "types":
                get(method);
                return types(seg, query, who);
            case "subscriptions":
                return subscriptions.handle(method, seg.subList(1, seg.size()), query, body, who);
            default:
                throw Problem.notFound("no resource /v2/" + String.join("/", seg)
                        + "; Rocmon serves /v2/entities, /v2/types and /v2/subscriptions");
        }
    }

    private Answer entities(List<String> seg, Map<String, String> q, NgsiEntities.Who who) throws Problem {
        for (String p : q.keySet()) {
            if (!ENTITY_PARAMS.contains(p)) {
                throw Problem.badRequest("query parameter " + p + " is not supported", p)
                        .with("supported", List.copyOf(ENTITY_PARAMS));
            }
        }
        String type = q.get("type");
        NgsiEntities.checkType(type, "type");
        List<String> attrs = list(q.get("attrs"));
        Set<String> options = Set.copyOf(list(q.get("options")));
        for (String o : options) {
            if (!"keyValues".equals(o) && !"count".equals(o) && !"normalized".equals(o)) {
                throw Problem.badRequest("options may be keyValues, normalized and count, not " + o, "options");
            }
        }
        boolean keyValues = options.contains("keyValues");
        if (seg.size() == 1) {
            int limit = number(q.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            int offset = number(q.get("offset"), "offset", 0, 0, Integer.MAX_VALUE);
            Pattern p = NgsiEntities.pattern(q.get("idPattern"), "idPattern");
            List<String> ids = list(q.get("id"));
            List<Entity> found = new ArrayList<>();
            for (Entity e : entities.select(who, type, p)) {
                if (ids.isEmpty() || ids.contains(e.id)) {
                    found.add(e);
                }
            }
            ArrayNode out = F.arrayNode();
            int from = Math.min(offset, found.size());
            int to = (int) Math.min(found.size(), (long) offset + limit);
            for (Entity e : found.subList(from, to)) {
                out.add(NgsiEntities.render(e, entities.attrs(who, e), attrs, keyValues));
            }
            return new Answer(200, out, options.contains("count")
                    ? Map.of("Fiware-Total-Count", String.valueOf(found.size())) : Map.of());
        }
        Entity e = entities.find(who, seg.get(1), type);
        if (e == null) {
            throw Problem.notFound("no entity " + seg.get(1) + (type == null ? "" : " of type " + type))
                    ;
        }
        Map<String, NgsiEntities.Attr> values = entities.attrs(who, e);
        ObjectNode rendered = NgsiEntities.render(e, values, attrs, keyValues);
        if (seg.size() == 2) {
            return Answer.ok(rendered);
        }
        if (!"attrs".equals(seg.get(2)) || seg.size() > 5 || (seg.size() == 5 && !"value".equals(seg.get(4)))) {
            throw Problem.notFound("no resource " + String.join("/", seg));
        }
        if (seg.size() == 3) {
            rendered.remove("id");
            rendered.remove("type");
            return Answer.ok(rendered);
        }
        NgsiEntities.Attr a = values.get(seg.get(3));
        if (a == null) {
            throw Problem.notFound("entity " + e.id + " has no attribute " + seg.get(3))
                    .with("available", List.copyOf(values.keySet()));
        }
        return Answer.ok(seg.size() == 5 ? a.value() : NgsiEntities.attribute(a));
    }

    private Answer types(List<String> seg, Map<String, String> q, NgsiEntities.Who who) throws Problem {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("compute", 0);
        counts.put("sensor", 0); // KPI is listed when there is one
        for (Entity e : entities.select(who, null, null)) {
            counts.merge(NgsiEntities.typeOf(e), 1, Integer::sum);
        }
        if (seg.size() == 2) {
            NgsiEntities.checkType(seg.get(1), "type");
            return Answer.ok(F.objectNode().put("count", counts.getOrDefault(seg.get(1), 0)));
        }
        ArrayNode out = F.arrayNode();
        boolean values = list(q.get("options")).contains("values");
        counts.forEach((t, n) -> {
            if (values) {
                out.add(t);
            } else {
                out.addObject().put("type", t).put("count", n);
            }
        });
        return Answer.ok(out);
    }

    private static void get(String method) throws Problem {
        if (!"GET".equals(method)) {
            throw Problem.methodNotAllowed(method, List.of("GET", "HEAD"));
        }
    }

    /** @return a whole number in [min, max], the default when absent, or a 400 naming the parameter */
    static int number(String v, String name, int dflt, int min, int max) throws Problem {
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw Problem.badRequest(name + " must be a whole number from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not " + v, name);
    }

    static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        if (path != null) {
            Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }
}
