package org.rocmon.dashboard.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The alarms of the sensors the topology shows (docs/alarms.md), gathered from their descriptions: each once (a
 * parent sensor repeats its descendants' alarms), open ones first; and the element each open alarm is about, marked
 * with its worst {@code alarm} severity so the page colours it: the collector for silence and lost links, the
 * sensor for degraded mixins and CRITICAL channels (or when the collector is not drawn).
 */
final class Alarms {

    /** The list the page shows: open alarms and this many recent ones at most. */
    static final int MAX = 100;

    private final boolean admin;
    private final java.util.Set<String> visibleSensors;
    private final Map<String, JsonNode> open = new LinkedHashMap<>();
    private final Map<String, JsonNode> ended = new LinkedHashMap<>();

    /**
     * @param admin whether the viewer sees every sensor
     * @param visibleSensors the sensors a non-admin viewer sees: alarms raised by others' sensors are left out
     */
    Alarms(boolean admin, java.util.Set<String> visibleSensors) {
        this.admin = admin;
        this.visibleSensors = visibleSensors;
    }

    /** @param alarms a sensor description's {@code alarms}: {@code {"open": [...], "recent": [...]}} */
    void add(JsonNode alarms) {
        for (JsonNode a : alarms.path("open")) {
            if (visible(a)) {
                open.putIfAbsent(a.path("id").asText(), a);
            }
        }
        for (JsonNode a : alarms.path("recent")) {
            if (visible(a)) {
                ended.putIfAbsent(a.path("id").asText(), a);
            }
        }
    }

    private boolean visible(JsonNode a) {
        return admin || visibleSensors.contains(a.path("sensor").asText());
    }

    /** Writes {@code alarms} into the topology and marks the elements open alarms are about. */
    void writeTo(ObjectNode root, ArrayNode vertices, ArrayNode edges) {
        Map<String, ObjectNode> elements = new HashMap<>();
        vertices.forEach(v -> elements.put(v.path("id").asText(), (ObjectNode) v));
        edges.forEach(e -> elements.put(e.path("id").asText(), (ObjectNode) e));
        List<JsonNode> list = new ArrayList<>(open.values());
        list.sort(Comparator.comparingLong((JsonNode a) -> a.path("start").asLong()).reversed());
        List<JsonNode> recent = new ArrayList<>();
        ended.forEach((id, a) -> {
            if (!open.containsKey(id)) {
                recent.add(a);
            }
        });
        recent.sort(Comparator.comparingLong((JsonNode a) -> a.path("end").asLong()).reversed());
        list.addAll(recent.subList(0, Math.max(0, Math.min(recent.size(), MAX - list.size()))));
        ArrayNode out = root.putArray("alarms");
        for (JsonNode a : list) {
            ObjectNode o = out.addObject();
            o.setAll((ObjectNode) a);
            boolean isOpen = open.containsKey(a.path("id").asText());
            String element = element(a, elements);
            o.put("element", element);
            if (isOpen && element != null) {
                ObjectNode el = elements.get(element);
                if (!"critical".equals(el.path("alarm").asText())) {
                    el.put("alarm", a.path("severity").asText("warning"));
                }
            }
        }
    }

    private static String element(JsonNode a, Map<String, ObjectNode> elements) {
        String kind = a.path("kind").asText();
        String sensor = "sensor:" + a.path("sensor").asText();
        if ("silence".equals(kind) || "child".equals(kind) || "link".equals(kind)) {
            String collector = "collector:" + a.path("source").asText();
            if (elements.containsKey(collector)) {
                return collector;
            }
        }
        return elements.containsKey(sensor) ? sensor : null;
    }
}
