package org.rocmon.testkit;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;

/**
 * Measurements as fixture rows. CSV rows are {@code channel,ts,value[,source[,unit[,state]]]}: a quoted value is
 * text, true/false a boolean, anything else a number; an empty or missing column is absent. No field may contain
 * a comma. JSON lines are {@code {"channel":..,"ts":..,"value":..,"source":..,"unit":..,"state":..}}.
 */
public final class MeasurementRows {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MeasurementRows() {
    }

    /** @return the columns of a row, missing trailing ones as empty strings */
    public static String[] columns(String row, int count) {
        String[] parts = row.split(",", -1);
        String[] out = new String[Math.max(count, parts.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = i < parts.length ? parts[i].trim() : "";
        }
        return out;
    }

    /** @return the value of a CSV cell: quoted text, true/false, or a number */
    public static Object value(String cell) {
        if (cell.startsWith("\"")) {
            return cell.substring(1, cell.length() - 1);
        }
        if (cell.equals("true") || cell.equals("false")) {
            return Boolean.valueOf(cell);
        }
        return Double.valueOf(cell);
    }

    /** The measurement of a row's columns 1..5 (ts, value, source, unit, state); column 0 is the channel. */
    public static Measurement measurement(String[] c) {
        Measurement m = Measurement.ofObject(value(c[2]), Long.parseLong(c[1]));
        if (!c[3].isEmpty()) {
            m = m.withSource(c[3]);
        }
        if (!c[4].isEmpty()) {
            m = m.withUnit(c[4]);
        }
        if (!c[5].isEmpty()) {
            m = m.withState(State.valueOf(c[5]));
        }
        return m;
    }

    /** The measurement of a {@code ts,value} row: quoted values are text, true/false booleans, else a number. */
    public static Measurement tsValue(String row) {
        int comma = row.indexOf(',');
        long ts = Long.parseLong(row.substring(0, comma).trim());
        String v = row.substring(comma + 1).trim();
        if (v.startsWith("\"")) {
            return Measurement.of(v.substring(1, v.length() - 1), ts);
        }
        if (v.equals("true") || v.equals("false")) {
            return Measurement.of(Boolean.parseBoolean(v), ts);
        }
        return Measurement.of(Double.parseDouble(v), ts);
    }

    /** @return the measurement as a CSV row, numbers without a needless ".0", for messages and comparison */
    public static String row(String channel, Measurement m) {
        Object v = m.value();
        String value = v instanceof String ? "\"" + v + "\"" : v instanceof Boolean ? v.toString() : m.asString();
        return channel + "," + m.timestamp() + "," + value + "," + nz(m.source()) + "," + nz(m.unit()) + ","
                + (m.state() == null ? "" : m.state().name());
    }

    /** @return the channel and measurement of one JSON input line */
    public static Map.Entry<String, Measurement> json(String line) throws IOException {
        JsonNode n = MAPPER.readTree(line);
        JsonNode v = n.get("value");
        Object value = v.isNumber() ? (Object) v.doubleValue() : v.isBoolean() ? (Object) v.booleanValue() : v.asText();
        Measurement m = Measurement.ofObject(value, n.get("ts").asLong());
        if (n.hasNonNull("source")) {
            m = m.withSource(n.get("source").asText());
        }
        if (n.hasNonNull("unit")) {
            m = m.withUnit(n.get("unit").asText());
        }
        if (n.hasNonNull("state")) {
            m = m.withState(State.valueOf(n.get("state").asText()));
        }
        return Map.entry(n.get("channel").asText(), m);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
