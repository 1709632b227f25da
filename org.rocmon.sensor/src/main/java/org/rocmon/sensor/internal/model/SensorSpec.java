package org.rocmon.sensor.internal.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Monitoring;

/** A validated sensor description, attributes in flat form. Immutable. */
public final class SensorSpec {

    public final String id;
    public final List<String> mixins;
    public final Map<String, Object> attributes;
    /** Collector ids the description admits. */
    public final List<String> links;
    /** The links as given (objects or strings), for the description. */
    public final ArrayNode rawLinks;
    public final String title;
    public final String summary;
    public final long periodMillis;
    public final TimeWindow window;

    SensorSpec(String id, List<String> mixins, Map<String, Object> attributes, List<String> links,
            ArrayNode rawLinks, String title, String summary, long periodMillis, TimeWindow window) {
        this.id = id;
        this.mixins = List.copyOf(mixins);
        this.attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        this.links = List.copyOf(links);
        this.rawLinks = rawLinks;
        this.title = title;
        this.summary = summary;
        this.periodMillis = periodMillis;
        this.window = window;
    }

    /** @return this description with other attributes (e.g. stored secrets kept) */
    public SensorSpec withAttributes(Map<String, Object> other) {
        return new SensorSpec(id, mixins, other, links, rawLinks, title, summary, periodMillis, window);
    }

    /** @return the description in flat OCCI 1.2 form; parsing it again gives an equal spec */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", id);
        n.put("kind", Monitoring.SENSOR_KIND);
        ArrayNode m = n.putArray("mixins");
        mixins.forEach(m::add);
        n.set("attributes", mapper.valueToTree(attributes));
        n.set("links", rawLinks.deepCopy());
        if (title != null) {
            n.put("title", title);
        }
        if (summary != null) {
            n.put("summary", summary);
        }
        return n;
    }
}
