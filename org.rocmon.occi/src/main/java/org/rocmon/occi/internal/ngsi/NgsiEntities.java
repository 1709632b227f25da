package org.rocmon.occi.internal.ngsi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.Ownership;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.kpi.KpiPlan;

/**
 * What an NGSI entity is in Rocmon (docs/ngsi.md): a monitored resource (OCCI {@code compute}, type
 * {@code compute}), whose attributes are the latest values of its collectors' channels, or a sensor (type
 * {@code sensor}), whose attributes are the latest values of its channels. Entity id = OCCI id. A caller sees
 * the entities {@link Ownership} lets them see.
 */
final class NgsiEntities {

    /** NGSI entity types and the OCCI kinds behind them. */
    static final Map<String, String> TYPES = Map.of("compute", Model.COMPUTE, "sensor", Model.SENSOR,
            "KPI", Model.SENSOR);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Who asks: a user, or an admin who sees everything. */
    record Who(String user, boolean admin) {
        boolean sees(Entity e) {
            return Ownership.sees(e, user, admin);
        }
    }

    /** One attribute: a channel's latest value. */
    record Attr(String name, JsonNode value, long ts, String unit, String state, String source) {
    }

    private final Monitored monitored;

    NgsiEntities(Monitored monitored) {
        this.monitored = monitored;
    }

    /** @return the NGSI type of an entity, or null if it is none (a collector) */
    static String typeOf(Entity e) {
        if (Model.COMPUTE.equals(e.kind)) {
            return "compute";
        }
        if (KpiPlan.isKpi(e)) {
            return "KPI"; // a sensor with the Kpi aggregator: a service-level KPI (docs/kpi.md)
        }
        return Model.SENSOR.equals(e.kind) ? "sensor" : null;
    }

    /**
     * @param type an NGSI type, or null
     * @param field the request's name for it
     * @throws Problem 400 naming the field when the type is not one Rocmon has
     */
    static void checkType(String type, String field) throws Problem {
        if (type != null && !TYPES.containsKey(type)) {
            throw Problem.badRequest("unknown entity type " + type + "; Rocmon's are compute (a monitored "
                    + "resource), sensor and KPI", field).with("available", List.of("compute", "sensor", "KPI"));
        }
    }

    /** @return the pattern, or a 400 naming the field */
    static Pattern pattern(String regex, String field) throws Problem {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw Problem.badRequest(field + " is not a regular expression: " + e.getDescription(), field);
        }
    }

    /**
     * @param type an NGSI type (checked), or null for all
     * @param idPattern or null
     * @return the entities the caller sees, of that type and matching the pattern, sorted by id
     */
    List<Entity> select(Who who, String type, Pattern idPattern) {
        List<Entity> out = new ArrayList<>();
        for (Entity e : monitored.all()) {
            String t = typeOf(e);
            if (t != null && (type == null || type.equals(t)) && who.sees(e)
                    && (idPattern == null || idPattern.matcher(e.id).matches())) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return the entity if it is one the caller sees (and of that type, if given), else null */
    Entity find(Who who, String id, String type) {
        Entity e = id == null ? null : monitored.get(id);
        if (e == null || typeOf(e) == null || !who.sees(e) || (type != null && !type.equals(typeOf(e)))) {
            return null;
        }
        return e;
    }

    /**
     * The latest value of each channel: a sensor's channels, or the values of the collectors of a resource the
     * caller sees; when two collectors of a resource write the same channel, the newer value is the attribute.
     */
    Map<String, Attr> attrs(Who who, Entity e) throws Problem {
        Map<String, Attr> out = new LinkedHashMap<>();
        JsonNode view = monitored.view(e);
        if (view == null) {
            return out;
        }
        if (Model.SENSOR.equals(e.kind)) {
            view.path("channels").fields().forEachRemaining(f -> put(out, f.getKey(), f.getValue(), null));
        } else {
            for (JsonNode c : view.path("collectors")) {
                String cid = c.path("id").asText(null);
                Entity stored = cid == null ? null : monitored.get(cid);
                if (stored == null || !who.sees(stored)) {
                    continue;
                }
                c.path("values").fields().forEachRemaining(f -> put(out, f.getKey(), f.getValue(), cid));
            }
        }
        return out;
    }

    private static void put(Map<String, Attr> out, String name, JsonNode m, String source) {
        if (!m.has("value")) {
            return;
        }
        long ts = m.path("ts").asLong(0);
        Attr old = out.get(name);
        if (old == null || old.ts() < ts) {
            out.put(name, new Attr(name, m.get("value"), ts, m.path("unit").asText(null),
                    m.path("state").asText(null), m.hasNonNull("source") ? m.get("source").asText() : source));
        }
    }

    /**
     * @param only the attributes to show; empty for all
     * @param keyValues {@code options=keyValues}: bare values instead of {type, value, metadata}
     * @return the NGSI-v2 entity
     */
    static ObjectNode render(Entity e, Map<String, Attr> attrs, Collection<String> only, boolean keyValues) {
        ObjectNode o = F.objectNode();
        o.put("id", e.id);
        o.put("type", typeOf(e));
        for (Attr a : attrs.values()) {
            if (only.isEmpty() || only.contains(a.name())) {
                o.set(a.name(), keyValues ? a.value() : attribute(a));
            }
        }
        return o;
    }

    /** @return {@code {"type","value","metadata":{unit,state,source,dateModified}}} */
    static ObjectNode attribute(Attr a) {
        ObjectNode o = F.objectNode();
        o.put("type", a.value().isNumber() ? "Number" : a.value().isBoolean() ? "Boolean" : "Text");
        o.set("value", a.value());
        ObjectNode md = o.putObject("metadata");
        meta(md, "unit", "Text", a.unit());
        meta(md, "state", "Text", a.state());
        meta(md, "source", "Text", a.source());
        if (a.ts() > 0) {
            meta(md, "dateModified", "DateTime", Instant.ofEpochMilli(a.ts()).toString());
        }
        return o;
    }

    private static void meta(ObjectNode md, String name, String type, String value) {
        if (value != null) {
            md.putObject(name).put("type", type).put("value", value);
        }
    }
}
