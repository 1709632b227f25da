package org.rocmon.mixins.publisher.timeseries.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.rocmon.api.Measurement;

/**
 * Formats measurements as InfluxDB line protocol:
 * {@code <measurement>,<tags sorted by key> <channel>=<value>[,<channel>_state="OK"] <timestamp>}.
 *
 * <p>Escaping follows the line protocol reference: commas and spaces in the measurement; commas, equals signs and
 * spaces in tag keys, tag values and field keys; double quotes and backslashes in string field values. Line
 * protocol has no escape for a newline and a trailing backslash would escape the separator after it, so control
 * characters are written as {@code \n}, {@code \r}, {@code \t} text and trailing backslashes are dropped.
 *
 * <p>Every number is written as a float field ({@code 10}, {@code 10.625}, never {@code 10i}): Rocmon numbers
 * are doubles, and an integer field that later receives {@code 10.625} is a field type conflict InfluxDB rejects.
 */
final class LineProtocol {

    private final String measurement;
    private final Map<String, String> fixedTagMap;
    private final String fixedTags;
    private final TimeUnit precision;

    /**
     * @param measurement measurement name, not empty
     * @param sensor id of the publishing sensor, written as tag {@code sensor}
     * @param tags user tags, written as given (sorted with the others)
     * @param precision unit of the timestamps the server expects
     */
    LineProtocol(String measurement, String sensor, Map<String, String> tags, TimeUnit precision) {
        this.measurement = escapeMeasurement(measurement);
        Map<String, String> all = new TreeMap<>(tags);
        all.put("sensor", sensor);
        this.fixedTagMap = Map.copyOf(all);
        this.fixedTags = tagText(all);
        this.precision = precision;
    }

    /**
     * @return the line, without a line end, or {@code null} for a value line protocol cannot carry (NaN or an
     *         infinity)
     */
    String line(String channel, Measurement m) {
        String value = fieldValue(m.value());
        if (value == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(96).append(measurement);
        Map<String, String> variable = new TreeMap<>();
        putIfPresent(variable, "source", m.source());
        putIfPresent(variable, "unit", m.unit());
        if (variable.isEmpty()) {
            b.append(fixedTags);
        } else {
            // merge the per-measurement tags into the fixed ones so that the whole set stays sorted by key
            Map<String, String> merged = new TreeMap<>(fixedTagMap);
            merged.putAll(variable);
            b.append(tagText(merged));
        }
        String field = escapeKey(channel);
        b.append(' ').append(field).append('=').append(value);
        if (m.state() != null) {
            b.append(',').append(escapeKey(channel + "_state")).append("=\"").append(m.state().name()).append('"');
        }
        b.append(' ').append(precision.convert(m.timestamp(), TimeUnit.MILLISECONDS));
        return b.toString();
    }

    private static void putIfPresent(Map<String, String> tags, String key, String value) {
        if (value != null && !cleanTag(value).isEmpty()) {
            tags.put(key, value);
        }
    }

    private static String tagText(Map<String, String> tags) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String value = escapeKey(t.getValue());
            if (!value.isEmpty()) { // line protocol has no empty tag values: leave the tag out
                b.append(',').append(escapeKey(t.getKey())).append('=').append(value);
            }
        }
        return b.toString();
    }

    static String fieldValue(Object value) {
        if (value instanceof Double) {
            double d = (Double) value;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return null;
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d).replace('E', 'e');
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        String s = controls(value.toString().replace("\\", "\\\\").replace("\"", "\\\""));
        return '"' + s + '"';
    }

    static String escapeMeasurement(String s) {
        return cleanTag(s).replace(",", "\\,").replace(" ", "\\ ");
    }

    /** Tag keys, tag values and field keys. */
    static String escapeKey(String s) {
        return cleanTag(s).replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }

    private static String cleanTag(String s) {
        String out = controls(s);
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\\') {
            end--;
        }
        return out.substring(0, end);
    }

    private static String controls(String s) {
        return s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
