package org.rocmon.collector.internal.resource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Monitoring;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.http.Problem;
import org.rocmon.json.RocmonJson;

/**
 * Checks a collector description (the paper's listing 2, nested or flat attributes) against everything that can
 * be checked without opening mixins. Each refusal names the attribute at fault.
 */
final class CollectorParser {

    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private final TargetResolver resolver;

    CollectorParser(TargetResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param installed the catalog's mixins, to tell a metric from an aggregator or publisher
     * @throws Problem 400 naming the attribute
     */
    CollectorSpec parse(String rid, String cid, JsonNode body, List<MixinDTO> installed) throws Problem {
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("a collector description is a JSON object", null);
        }
        ObjectNode obj = (ObjectNode) body;
        String id = text(obj, "id");
        if (id != null && !id.equals(cid)) {
            throw Problem.badRequest("id '" + id + "' in the body differs from '" + cid + "' in the path", "id");
        }
        String kind = text(obj, "kind");
        if (kind != null && !kind.equals(Monitoring.COLLECTOR_KIND)) {
            throw Problem.badRequest("wrong kind '" + kind + "': a resource runs collectors of kind "
                    + Monitoring.COLLECTOR_KIND, "kind");
        }
        List<String> mixins = mixins(obj.get("mixins"), installed);
        Map<String, Object> attributes = attributes(obj.get("attributes"));
        double period = number(attributes, Monitoring.COLLECTOR_PERIOD, true);
        if (!(period > 0) || Double.isInfinite(period)) {
            throw Problem.badRequest(Monitoring.COLLECTOR_PERIOD + " must be a positive number of seconds",
                    Monitoring.COLLECTOR_PERIOD);
        }
        Double timebase = optional(attributes, Monitoring.COLLECTOR_TIMEBASE);
        Double timestart = optional(attributes, Monitoring.COLLECTOR_TIMESTART);
        Double timestop = optional(attributes, Monitoring.COLLECTOR_TIMESTOP);
        if (timestart != null && timestop != null && timestop <= timestart) {
            throw Problem.badRequest(Monitoring.COLLECTOR_TIMESTOP + " must come after "
                    + Monitoring.COLLECTOR_TIMESTART, Monitoring.COLLECTOR_TIMESTOP);
        }
        String target = end(obj, "target", attributes, "occi.core.target");
        String source = end(obj, "source", attributes, "occi.core.source");
        if (target == null || target.isBlank()) {
            throw Problem.badRequest("target is required: the id or URL of the sensor this collector feeds",
                    "target");
        }
        if (source != null && !names(source, rid)) {
            if (names(target, rid)) {
                throw Problem.badRequest("source '" + source + "' and target '" + target + "' are reversed: "
                        + "a collector goes from the monitored resource (source, here '" + rid
                        + "') to the sensor (target), as in the paper's listing 2", "source");
            }
            throw Problem.badRequest("source '" + source + "' must be this resource '" + rid + "'", "source");
        }
        if (names(target, rid)) {
            throw Problem.badRequest("target '" + target + "' is this resource; a collector's target is the "
                    + "sensor it feeds and its source is the monitored resource", "target");
        }
        TargetResolver.Target resolved;
        try {
            resolved = resolver.resolve(target);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage(), "target");
        }
        return new CollectorSpec(rid, cid, obj.deepCopy(), mixins, attributes, period,
                new Window(timebase, timestart, timestop, System.currentTimeMillis()), target, resolved,
                text(obj, "title"), text(obj, "summary"));
    }

    private static List<String> mixins(JsonNode node, List<MixinDTO> installed) throws Problem {
        if (node == null || node.isNull()) {
            throw Problem.badRequest("a collector needs at least one metric mixin", "mixins");
        }
        if (!node.isArray()) {
            throw Problem.badRequest("mixins is a list of mixin identifiers (scheme#term)", "mixins");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode m : node) {
            String id = m.isTextual() ? m.asText() : m.isObject() ? textOf(m.get("id")) : null;
            if (id == null || id.indexOf('#') <= 0 || id.endsWith("#")) {
                throw Problem.badRequest("mixin " + m + " is not a scheme#term identifier", "mixins");
            }
            if (ids.contains(id)) {
                throw Problem.badRequest("mixin " + id + " is listed twice", "mixins");
            }
            for (MixinDTO dto : installed) {
                if (id.equals(dto.id) && dto.kind != null && !"metric".equals(dto.kind)) {
                    throw Problem.badRequest("wrong kind of mixin: " + id + " is an " + dto.kind
                            + " mixin, which belongs on a sensor; a collector takes metric mixins", "mixins")
                            .with("mixin", id).with("available", metrics(installed));
                }
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw Problem.badRequest("a collector needs at least one metric mixin", "mixins");
        }
        return ids;
    }

    static List<String> metrics(List<MixinDTO> installed) {
        return installed.stream().filter(d -> "metric".equals(d.kind))
                .map(d -> d.version == null ? d.id : d.id + ";" + d.version).distinct()
                .collect(Collectors.toList());
    }

    private static Map<String, Object> attributes(JsonNode node) throws Problem {
        if (node == null || node.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!node.isObject()) {
            throw Problem.badRequest("attributes is a JSON object", "attributes");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = MAPPER.convertValue(node, Map.class);
        return Collections.unmodifiableMap(Descriptions.flatten(raw));
    }

    private static double number(Map<String, Object> attributes, String name, boolean required)
            throws Problem {
        Object v = attributes.get(name);
        if (v == null) {
            if (required) {
                throw Problem.badRequest(name + " is required (seconds, positive)", name);
            }
            return Double.NaN;
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String) {
            try {
                return Double.parseDouble(((String) v).trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw Problem.badRequest(name + " must be a number, not " + v, name);
    }

    private static Double optional(Map<String, Object> attributes, String name) throws Problem {
        if (attributes.get(name) == null) {
            return null;
        }
        double d = number(attributes, name, false);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw Problem.badRequest(name + " must be a finite number", name);
        }
        return d;
    }

    // OCCI JSON renders link ends as {"location": ...}; the paper as plain ids.
    private static String end(ObjectNode obj, String field, Map<String, Object> attributes, String attribute)
            throws Problem {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            Object v = attributes.get(attribute);
            return v == null ? null : v.toString();
        }
        if (node.isTextual()) {
            return node.asText().trim();
        }
        if (node.isObject()) {
            String loc = textOf(node.get("location"));
            if (loc == null) {
                loc = textOf(node.get("id"));
            }
            if (loc != null) {
                return loc.trim();
            }
        }
        throw Problem.badRequest(field + " must be an id or a URL", field);
    }

    /** Whether a link end (bare id or URL such as http://host/resource/g01/) names this resource. */
    private static boolean names(String end, String rid) {
        if (end == null) {
            return false;
        }
        if (end.equals(rid)) {
            return true;
        }
        String e = end.endsWith("/") ? end.substring(0, end.length() - 1) : end;
        return e.endsWith("/resource/" + rid);
    }

    private static String text(ObjectNode obj, String field) throws Problem {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw Problem.badRequest(field + " must be a string", field);
        }
        return n.asText();
    }

    private static String textOf(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
