package org.rocmon.sensor.internal.alarm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One alarm, immutable: raised by sensor {@code sensor} about one {@code source} (a collector, a sensor-to-sensor
 * collector, a mixin or a channel) at {@code start}; {@code end} is 0 while it is open. {@code via} is empty for an
 * alarm this sensor raised itself and lists the sensor-to-sensor collectors it came up through otherwise, nearest
 * first.
 */
public final class Alarm {

    /** What raises an alarm. */
    public static final String SILENCE = "silence";
    public static final String CHILD = "child";
    public static final String LINK = "link";
    public static final String MIXIN = "mixin";
    public static final String STATE = "state";

    public static final String CRITICAL = "critical";
    public static final String WARNING = "warning";

    public final String id;
    public final String kind;
    public final String severity;
    public final String sensor;
    public final String source;
    public final String sourceType;
    public final String text;
    public final long start;
    public final long end;
    public final List<String> via;

    public Alarm(String kind, String severity, String sensor, String source, String sourceType, String text,
            long start, long end, List<String> via) {
        this.kind = kind;
        this.severity = severity;
        this.sensor = sensor;
        this.source = source;
        this.sourceType = sourceType;
        this.text = text;
        this.start = start;
        this.end = end;
        this.via = List.copyOf(via);
        this.id = sensor + "/" + kind + "/" + source + "/" + start;
    }

    /** @return what identifies the condition while it lasts, within the sensor that raised it */
    public String key() {
        return kind + "/" + source;
    }

    public boolean open() {
        return end == 0;
    }

    public boolean critical() {
        return CRITICAL.equals(severity);
    }

    /** @return the same alarm, ended at that time */
    public Alarm ended(long at) {
        return new Alarm(kind, severity, sensor, source, sourceType, text, start, at, via);
    }

    /** @return the same alarm with other text and severity (the condition changed while it lasts) */
    public Alarm restated(String newSeverity, String newText) {
        return new Alarm(kind, newSeverity, sensor, source, sourceType, newText, start, end, via);
    }

    /** @return the alarm as a sensor one level up knows it: came up through that collector */
    public Alarm through(String collectorId) {
        List<String> v = new ArrayList<>(via.size() + 1);
        v.add(collectorId);
        v.addAll(via);
        return new Alarm(kind, severity, sensor, source, sourceType, text, start, end, v);
    }

    /** @return the JSON shape of docs/alarms.md */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", kind);
        m.put("severity", severity);
        m.put("sensor", sensor);
        m.put("source", source);
        m.put("sourceType", sourceType);
        m.put("text", text);
        m.put("start", start);
        m.put("end", end == 0 ? null : end);
        m.put("via", via);
        return m;
    }

    /** @return the alarm of a {@link #toMap()} received from a child sensor, or null when it is not one */
    public static Alarm fromJson(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("kind").isTextual() || !n.path("sensor").isTextual()
                || !n.path("source").isTextual() || !n.path("start").canConvertToLong()) {
            return null;
        }
        List<String> via = new ArrayList<>();
        for (JsonNode v : n.path("via")) {
            via.add(v.asText());
        }
        String severity = CRITICAL.equals(n.path("severity").asText()) ? CRITICAL : WARNING;
        return new Alarm(n.path("kind").asText(), severity, n.path("sensor").asText(), n.path("source").asText(),
                n.path("sourceType").asText("unknown"), n.path("text").asText(""), n.path("start").asLong(),
                n.path("end").canConvertToLong() ? n.path("end").asLong() : 0, via);
    }

    @Override
    public String toString() {
        return id + (open() ? " open" : " ended " + end) + ": " + text;
    }
}
