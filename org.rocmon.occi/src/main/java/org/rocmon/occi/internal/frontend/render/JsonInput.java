package org.rocmon.occi.internal.frontend.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.rocmon.api.runtime.Descriptions;
import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Submission;

/**
 * Reads an entity from the OCCI JSON rendering (GFD.225, flat dotted attributes, link ends as
 * {@code {"location": ...}}) or from the paper's listings (nested attributes, link ends as bare ids); both may be
 * mixed. Core attributes ({@code occi.core.id}, {@code .title}, {@code .summary}, {@code .source},
 * {@code .target}) are taken out of the attributes into their fields.
 */
public final class JsonInput {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private JsonInput() {
    }

    /** @return the parsed tree, or 400 for anything that is not one JSON object */
    public static JsonNode object(byte[] body) throws Problem {
        if (body == null || body.length == 0) {
            throw Problem.badRequest("the request has no body", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("malformed JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw Problem.badRequest("unreadable body: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw Problem.badRequest("the body must be a JSON object", null);
        }
        return root;
    }

    /** @return the entity the body describes */
    public static Submission entity(byte[] body) throws Problem {
        return entity(object(body));
    }

    static Submission entity(JsonNode root) throws Problem {
        Submission s = new Submission();
        s.id = text(root, "id", "occi.core.id");
        s.kind = text(root, "kind", "kind");
        s.title = text(root, "title", "occi.core.title");
        s.summary = text(root, "summary", "occi.core.summary");
        s.source = end(root.get("source"), "occi.core.source");
        s.target = end(root.get("target"), "occi.core.target");
        JsonNode mixins = root.get("mixins");
        if (mixins != null && !mixins.isNull()) {
            s.mixins = strings(mixins, "mixins");
        }
        JsonNode actions = root.get("actions");
        if (actions != null && !actions.isNull() && !actions.isArray()) {
            throw Problem.badRequest("actions must be an array", "actions");
        }
        JsonNode links = root.get("links");
        if (links != null && !links.isNull()) {
            s.links = linkIds(links);
        }
        JsonNode attributes = root.get("attributes");
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isObject()) {
                throw Problem.badRequest("attributes must be an object", "attributes");
            }
            Map<String, Object> nested = MAPPER.convertValue(attributes, LinkedHashMap.class);
            Map<String, Object> flat = Descriptions.flatten(nested);
            takeCore(flat, s);
            s.attributes.putAll(flat);
        }
        return s;
    }

    /** Moves {@code occi.core.*} attributes into the submission's fields. */
    static void takeCore(Map<String, Object> flat, Submission s) throws Problem {
        Object id = flat.remove("occi.core.id");
        Object title = flat.remove("occi.core.title");
        Object summary = flat.remove("occi.core.summary");
        Object source = flat.remove("occi.core.source");
        Object target = flat.remove("occi.core.target");
        s.id = agree(s.id, id, "occi.core.id");
        s.title = agree(s.title, title, "occi.core.title");
        s.summary = agree(s.summary, summary, "occi.core.summary");
        s.source = agree(s.source, source, "occi.core.source");
        s.target = agree(s.target, target, "occi.core.target");
    }

    private static String agree(String field, Object attribute, String name) throws Problem {
        if (attribute == null) {
            return field;
        }
        if (!(attribute instanceof String)) {
            throw Problem.badRequest(name + " must be a string", name);
        }
        if (field != null && !field.equals(attribute)) {
            throw Problem.badRequest(name + " is given twice with different values", name);
        }
        return (String) attribute;
    }

    private static String text(JsonNode root, String field, String attribute) throws Problem {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw Problem.badRequest(field + " must be a string", attribute);
        }
        return n.asText();
    }

    private static String end(JsonNode n, String attribute) throws Problem {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isObject() && n.get("location") != null && n.get("location").isTextual()) {
            return n.get("location").asText();
        }
        throw Problem.badRequest(attribute + " must be an id, a location or {\"location\": ...}", attribute);
    }

    private static List<String> strings(JsonNode n, String attribute) throws Problem {
        if (!n.isArray()) {
            throw Problem.badRequest(attribute + " must be an array of strings", attribute);
        }
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
            JsonNode e = it.next();
            if (!e.isTextual() || e.asText().isBlank()) {
                throw Problem.badRequest(attribute + " must be an array of non-empty strings", attribute);
            }
            out.add(e.asText().trim());
        }
        return out;
    }

    private static List<String> linkIds(JsonNode n) throws Problem {
        if (!n.isArray()) {
            throw Problem.badRequest("links must be an array", "links");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (e.isTextual()) {
                out.add(e.asText());
            } else if (e.isObject() && e.get("id") != null && e.get("id").isTextual()) {
                out.add(e.get("id").asText());
            } else {
                throw Problem.badRequest("each link is an id or an object with an \"id\"", "links");
            }
        }
        return out;
    }

    /** @return the locations of a {@code {"locations": [...]}} body (GFD.225 location list) */
    public static List<String> locations(byte[] body) throws Problem {
        JsonNode root = object(body);
        JsonNode l = root.get("locations");
        if (l == null) {
            throw Problem.badRequest("expected {\"locations\": [...]}", "locations");
        }
        return strings(l, "locations");
    }
}
