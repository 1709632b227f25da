package org.rocmon.sensor.internal.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.rocmon.api.Monitoring;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.http.Problem;

/**
 * Validates a sensor description (the paper's listing 1, or the flat OCCI 1.2 form) without touching anything
 * running. Mixin names are checked here only for shape; the catalog checks what they are.
 */
public final class SensorParser {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public SensorParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param pathId the id from the URL, already checked
     * @param body the decoded JSON
     * @return the validated description
     * @throws Problem naming what is wrong
     */
    public SensorSpec parse(String pathId, JsonNode body) throws Problem {
        if (body == null || !body.isObject()) {
            throw Problem.of(400, "a sensor description is a JSON object");
        }
        String id = pathId;
        JsonNode idNode = body.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()) {
                throw Problem.badRequest("id must be a string", "id");
            }
            if (id == null) {
                id = Ids.check(idNode.asText(), "id");
            } else if (!id.equals(idNode.asText())) {
                throw Problem.badRequest("id \"" + idNode.asText() + "\" differs from the path id \"" + id
                        + "\"", "id");
            }
        }
        if (id == null) {
            throw Problem.badRequest("id is required", "id");
        }
        Ids.check(id, "id");
        JsonNode kind = body.get("kind");
        if (kind != null && !kind.isNull() && !Monitoring.SENSOR_KIND.equals(kind.asText())) {
            throw Problem.badRequest("kind must be " + Monitoring.SENSOR_KIND + ", not "
                    + (kind.isTextual() ? kind.asText() : kind.toString()), "kind");
        }
        List<String> mixins = strings(body.get("mixins"), "mixins");
        Set<String> unique = new LinkedHashSet<>(mixins);
        if (unique.size() != mixins.size()) {
            throw Problem.badRequest("a mixin is named twice in mixins", "mixins");
        }
        Map<String, Object> attributes = attributes(body.get("attributes"));
        long period = Attributes.periodMillis(attributes, Monitoring.SENSOR_PERIOD);
        org.rocmon.sensor.internal.alarm.AlarmSettings.DEFAULTS.with(attributes); // rocmon.alarms.*: 400 when bad
        TimeWindow window = Attributes.window(attributes, "occi.sensor.");
        ArrayNode rawLinks = mapper.createArrayNode();
        List<String> links = links(body.get("links"), rawLinks);
        return new SensorSpec(id, mixins, attributes, links, rawLinks, text(body, "title"), text(body, "summary"),
                period, window);
    }

    /** @return flat attributes, nested objects flattened */
    public Map<String, Object> attributes(JsonNode node) throws Problem {
        if (node == null || node.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!node.isObject()) {
            throw Problem.badRequest("attributes must be a JSON object", "attributes");
        }
        Map<String, Object> flat = Descriptions.flatten(mapper.convertValue(node, MAP));
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                throw Problem.badRequest(e.getKey() + " must not be null", e.getKey());
            }
        }
        return flat;
    }

    static List<String> strings(JsonNode node, String attribute) throws Problem {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw Problem.badRequest(attribute + " must be a list of strings", attribute);
        }
        for (JsonNode m : node) {
            if (!m.isTextual() || m.asText().isBlank()) {
                throw Problem.badRequest(attribute + " must be a list of strings, found " + m, attribute);
            }
            out.add(m.asText().trim());
        }
        return out;
    }

    private static List<String> links(JsonNode node, ArrayNode raw) throws Problem {
        List<String> ids = new ArrayList<>();
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray()) {
            throw Problem.badRequest("links must be a list of link objects or collector ids", "links");
        }
        for (JsonNode l : node) {
            String id;
            if (l.isTextual()) {
                id = l.asText();
            } else if (l.isObject() && l.path("id").isTextual()) {
                id = l.get("id").asText();
            } else {
                throw Problem.badRequest("each link is a collector id or an object with an \"id\"", "links");
            }
            ids.add(Ids.check(id, "links"));
            raw.add(l.deepCopy());
        }
        return ids;
    }

    private static String text(JsonNode body, String field) throws Problem {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw Problem.badRequest(field + " must be a string", field);
        }
        return n.asText();
    }
}
