package org.rocmon.occi.internal.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Plain-text renderings of the operator views: left-aligned columns, two spaces apart, one header line. */
public final class Tables {

    private Tables() {
    }

    /** @return the sensors table */
    public static String sensors(List<Overview.SensorRow> rows) {
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"ID", "STATE", "STAGES", "IN", "OUT", "DROPPED", "ERRORS"});
        for (Overview.SensorRow r : rows) {
            t.add(new String[] {r.id(), r.state(), r.stages().isEmpty() ? "-" : String.join(",", r.stages()),
                    Long.toString(r.in()), Long.toString(r.out()), Long.toString(r.dropped()),
                    Long.toString(r.errors())});
        }
        StringBuilder sb = new StringBuilder(render(t));
        for (Overview.SensorRow r : rows) {
            if (r.reason() != null && !r.reason().isEmpty()) {
                sb.append(r.id()).append(": ").append(r.reason()).append('\n');
            }
        }
        return sb.toString();
    }

    /** @return the collectors table */
    public static String collectors(List<Overview.CollectorRow> rows) {
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"RESOURCE", "ID", "STATE", "TARGET", "EDGE", "SENT", "ACKED", "DROPPED"});
        for (Overview.CollectorRow r : rows) {
            t.add(new String[] {r.resource(), r.id(), r.state(), r.target(), r.edge(), Long.toString(r.sent()),
                    Long.toString(r.acked()), Long.toString(r.dropped())});
        }
        StringBuilder sb = new StringBuilder(render(t));
        for (Overview.CollectorRow r : rows) {
            if (r.reason() != null && !r.reason().isEmpty()) {
                sb.append(r.resource()).append('/').append(r.id()).append(": ").append(r.reason()).append('\n');
            }
        }
        return sb.toString();
    }

    /** @return the mixins table */
    public static String mixins(List<Overview.MixinRow> rows) {
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"ID", "KIND", "VERSION", "BUNDLE", "WHERE"});
        for (Overview.MixinRow r : rows) {
            t.add(new String[] {r.id(), r.kind(), r.version(), r.bundle(), r.where()});
        }
        return render(t);
    }

    /**
     * @param channels a sensor's {@code channels} object (channel -> measurement JSON)
     * @return one line per channel: value, unit, time, source, state
     */
    public static String values(JsonNode channels) {
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"CHANNEL", "VALUE", "UNIT", "TIME", "SOURCE", "STATE"});
        Iterator<Map.Entry<String, JsonNode>> it = channels.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = e.getValue();
            JsonNode v = m.isObject() ? m.path("value") : m;
            t.add(new String[] {e.getKey(), v.isMissingNode() ? "-" : v.asText(), m.path("unit").asText("-"),
                    m.has("ts") ? time(m.get("ts").asLong()) : "-", m.path("source").asText("-"),
                    m.path("state").asText("-")});
        }
        return render(t);
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** Pads every column to its widest cell; the last column is not padded. */
    static String render(List<String[]> table) {
        int cols = table.get(0).length;
        int[] width = new int[cols];
        for (String[] row : table) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], cell(row[i]).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = cell(row[i]);
                line.append(c);
                if (i < cols - 1) {
                    line.append(" ".repeat(width[i] - c.length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(String s) {
        // One line per row, whatever a reason or an id contains.
        return s == null || s.isEmpty() ? "-" : s.replaceAll("[\\r\\n\\t]", " ");
    }
}
