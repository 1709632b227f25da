package org.rocmon.mixins.publisher.remotewrite.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * The labels of a measurement's series: {@code __name__} ({@code <prefix>_<channel>}, the rule of the Prometheus
 * scrape publisher, so both give a channel the same name), {@code sensor}, {@code channel}, {@code source} and
 * {@code unit} when the measurement has them, {@code state} when asked for as a label, and the fixed extra labels.
 */
final class SeriesLabels {

    static final Pattern METRIC_PREFIX = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern INVALID_CHAR = Pattern.compile("[^a-zA-Z0-9_:]");
    static final Set<String> RESERVED = Set.of("sensor", "channel", "source", "unit", "state");

    private final String prefix;
    private final String sensor;
    private final Map<String, String> extra;
    private final boolean stateLabel;

    SeriesLabels(String prefix, String sensor, Map<String, String> extra, boolean stateLabel) {
        this.prefix = prefix;
        this.sensor = sensor;
        this.extra = extra;
        this.stateLabel = stateLabel;
    }

    /** @return {@code <prefix>_<channel>} with every character outside {@code [a-zA-Z0-9_:]} turned into '_' */
    String metricName(String channel) {
        String name = INVALID_CHAR.matcher(prefix + "_" + channel).replaceAll("_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    /** @return labels as {@code name, value, ...} sorted by name, for the series {@code name} of this measurement */
    String[] of(String name, String channel, Measurement m) {
        TreeMap<String, String> labels = new TreeMap<>(extra);
        labels.put("__name__", name);
        labels.put("sensor", sensor);
        labels.put("channel", channel);
        putIfPresent(labels, "source", m.source());
        putIfPresent(labels, "unit", m.unit());
        if (stateLabel && m.state() != null) {
            labels.put("state", m.state().name());
        }
        String[] flat = new String[labels.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            flat[i++] = e.getKey();
            flat[i++] = e.getValue();
        }
        return flat;
    }

    /** An empty label value means "no label" to Prometheus: leave it out rather than send it. */
    private static void putIfPresent(Map<String, String> labels, String name, String value) {
        if (value != null && !value.isEmpty()) {
            labels.put(name, value);
        }
    }

    /**
     * Parses the {@code labels} attribute: {@code k=v,k2=v2}, names {@code [a-zA-Z_][a-zA-Z0-9_]*} not starting
     * with {@code __} nor one the mixin writes, values not empty.
     */
    static Map<String, String> parse(String attribute, String text) throws InvalidAttributeException {
        Map<String, String> labels = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? "" : pair.substring(0, eq).trim();
            String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (!LABEL_NAME.matcher(key).matches() || key.startsWith("__") || value.isEmpty()) {
                throw new InvalidAttributeException(attribute, "attribute '" + attribute
                        + "' must be labels k=v,k2=v2 with names [a-zA-Z_][a-zA-Z0-9_]* not starting with __ and"
                        + " values not empty, not '" + pair.trim() + "'");
            }
            if (RESERVED.contains(key)) {
                throw new InvalidAttributeException(attribute, "attribute '" + attribute + "': label '" + key
                        + "' is written by the mixin itself; reserved: " + new java.util.TreeSet<>(RESERVED));
            }
            if (labels.put(key, value) != null) {
                throw new InvalidAttributeException(attribute,
                        "attribute '" + attribute + "' names label '" + key + "' twice");
            }
        }
        return labels;
    }
}
