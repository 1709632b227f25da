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
     * @throws BadRequest naming what is wrong
     */
    public SensorSpec parse(String pathId, JsonNode body) throws BadRequest {
        if (body == null || !body.isObject()) {
            throw BadRequest.of(400, "a sensor description is a JSON object");
        }
        String id = pathId;
        JsonNode idNode = body.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()) {
                throw BadRequest.attribute("id", "id must be a string");
            }
            if (id == null) {
                id = Ids.check(idNode.asText(), "id");
            } else if (!id.equals(idNode.asText())) {
                throw BadRequest.attribute("id", "id \"" + idNode.asText() + "\" differs from the path id \"" + id
                        + "\"");
            }
        }
        if (id == null) {
            throw BadRequest.attribute("id", "id is required");
        }
        Ids.check(id, "id");
        JsonNode kind = body.get("kind");
        if (kind != null && !kind.isNull() && !Monitoring.SENSOR_KIND.equals(kind.asText())) {
            throw BadRequest.attribute("kind", "kind must be " + Monitoring.SENSOR_KIND + ", not "
                    + (kind.isTextual() ? kind.asText() : kind.toString()));
        }
        List<String> mixins = strings(body.get("mixins"), "mixins");
        Set<String> unique = new LinkedHashSet<>(mixins);
        if (unique.size() != mixins.size()) {
            throw BadRequest.attribute("mixins", "a mixin is named twice in mixins");
        }
        Map<String, Object> attributes = attributes(body.get("attributes"));
        long period = Attributes.periodMillis(attributes, Monitoring.SENSOR_PERIOD);
        TimeWindow window = Attributes.window(attributes, "occi.sensor.");
        ArrayNode rawLinks = mapper.createArrayNode();
        List<String> links = links(body.get("links"), rawLinks);
        return new SensorSpec(id, mixins, attributes, links, rawLinks, text(body, "title"), text(body, "summary"),
                period, window);
    }

    /** @return flat attributes, nested objects flattened */
    public Map<String, Object> attributes(JsonNode node) throws BadRequest {
        if (node == null || node.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!node.isObject()) {
            throw BadRequest.attribute("attributes", "attributes must be a JSON object");
        }
        Map<String, Object> flat = Descriptions.flatten(mapper.convertValue(node, MAP));
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                throw BadRequest.attribute(e.getKey(), e.getKey() + " must not be null");
            }
        }
        return flat;
    }

    static List<String> strings(JsonNode node, String attribute) throws BadRequest {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw BadRequest.attribute(attribute, attribute + " must be a list of strings");
        }
        for (JsonNode m : node) {
            if (!m.isTextual() || m.asText().isBlank()) {
                throw BadRequest.attribute(attribute, attribute + " must be a list of strings, found " + m);
            }
            out.add(m.asText().trim());
        }
        return out;
    }

    private static List<String> links(JsonNode node, ArrayNode raw) throws BadRequest {
        List<String> ids = new ArrayList<>();
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray()) {
            throw BadRequest.attribute("links", "links must be a list of link objects or collector ids");
        }
        for (JsonNode l : node) {
            String id;
            if (l.isTextual()) {
                id = l.asText();
            } else if (l.isObject() && l.path("id").isTextual()) {
                id = l.get("id").asText();
            } else {
                throw BadRequest.attribute("links", "each link is a collector id or an object with an \"id\"");
            }
            ids.add(Ids.check(id, "links"));
            raw.add(l.deepCopy());
        }
        return ids;
    }

    private static String text(JsonNode body, String field) throws BadRequest {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw BadRequest.attribute(field, field + " must be a string");
        }
        return n.asText();
    }
}
