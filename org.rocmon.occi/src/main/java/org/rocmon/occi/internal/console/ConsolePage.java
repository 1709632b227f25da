package org.rocmon.occi.internal.console;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.occi.internal.shell.Overview;

import org.rocmon.api.Measurement;

/**
 * The HTML fragment of the Rocmon web console page: sensors, collectors and mixins with their state, counters and
 * last values. Everything that comes from the node is escaped: ids, reasons and values are client input.
 */
final class ConsolePage {

    private final StringBuilder html = new StringBuilder(4096);

    private ConsolePage() {
    }

    /**
     * @param sensors the sensors, or {@code null} when they could not be read
     * @param collectors the collectors, or {@code null} when they could not be read
     * @param mixins the mixins
     * @param problem why the node could not be read, or {@code null}
     * @return the fragment
     */
    static String render(List<Overview.SensorRow> sensors, List<Overview.CollectorRow> collectors,
            List<Overview.MixinRow> mixins, String problem) {
        ConsolePage p = new ConsolePage();
        p.raw("<style>.rocmon-state{font-weight:bold;padding:0 .3em;border-radius:3px}"
                + ".rocmon-running,.rocmon-connected{color:#fff;background:#2a7a2a}"
                + ".rocmon-degraded,.rocmon-failed,.rocmon-disconnected{color:#fff;background:#b00}"
                + ".rocmon-suspended,.rocmon-paused,.rocmon-connecting{color:#000;background:#fc6}"
                + ".rocmon-stopped{color:#fff;background:#777}"
                + ".rocmon-values{font-size:smaller;margin:0;padding-left:1em}.rocmon-problem{color:#b00}"
                + "#rocmon h2{margin:1em 0 .3em;font-size:1.2em}</style>\n");
        // Live by default: the page reloads itself every 5 s unless the operator unticks the box (kept per browser).
        p.raw("<p><label><input type=\"checkbox\" id=\"rocmon-live\"> refresh every 5 s</label></p>\n"
                + "<script>(function(){var box=document.getElementById('rocmon-live');"
                + "box.checked=localStorage.getItem('rocmon-live')!=='off';"
                + "box.onchange=function(){localStorage.setItem('rocmon-live',box.checked?'on':'off');};"
                + "setTimeout(function(){if(box.checked){location.reload();}},5000);})();</script>\n");
        p.raw("<div id=\"rocmon\">\n");
        if (problem != null) {
            p.raw("<p class=\"statline ui-state-error\">").text(problem).raw("</p>\n");
        }
        p.sensors(sensors);
        p.collectors(collectors);
        p.mixins(mixins);
        p.raw("</div>\n");
        return p.html.toString();
    }

    private void sensors(List<Overview.SensorRow> rows) {
        raw("<h2>Sensors</h2>\n");
        if (rows == null) {
            raw("<p>unavailable</p>\n");
            return;
        }
        raw("<p class=\"statline\">").text(rows.size() + " sensor(s)").raw("</p>\n");
        raw("<table class=\"tablelayout nicetable\" id=\"rocmon-sensors\"><thead><tr><th>Id</th><th>State</th>"
                + "<th>Stages</th><th>In</th><th>Out</th><th>Dropped</th><th>Errors</th><th>Last values</th>"
                + "<th>Data goes to</th></tr></thead><tbody>\n");
        for (Overview.SensorRow r : rows) {
            raw("<tr data-sensor=\"").text(r.id()).raw("\"><td>").text(r.id()).raw("</td><td>");
            state(r.state(), r.reason());
            raw("</td><td>").text(String.join(", ", r.stages())).raw("</td>");
            number(r.in());
            number(r.out());
            number(r.dropped());
            raw("<td>").raw(Long.toString(r.errors()));
            for (String problem : r.problems()) {
                raw("<br><small class=\"rocmon-problem\">").text(problem).raw("</small>");
            }
            raw("</td><td>");
            values(r.channels());
            raw("</td><td>").text(r.destinations().isEmpty() ? "-" : String.join("; ", r.destinations()))
                    .raw("</td></tr>\n");
        }
        raw("</tbody></table>\n");
    }

    private void collectors(List<Overview.CollectorRow> rows) {
        raw("<h2>Collectors</h2>\n");
        if (rows == null) {
            raw("<p>unavailable</p>\n");
            return;
        }
        raw("<p class=\"statline\">").text(rows.size() + " collector(s)").raw("</p>\n");
        raw("<table class=\"tablelayout nicetable\" id=\"rocmon-collectors\"><thead><tr><th>Resource</th><th>Id</th>"
                + "<th>State</th><th>Target</th><th>Edge</th><th>Sent</th><th>Acked</th><th>Dropped</th>"
                + "<th>Errors</th><th>Last values</th></tr></thead><tbody>\n");
        for (Overview.CollectorRow r : rows) {
            raw("<tr data-collector=\"").text(r.resource() + "/" + r.id()).raw("\"><td>").text(r.resource())
                    .raw("</td><td>").text(r.id()).raw("</td><td>");
            state(r.state(), r.reason());
            raw("</td><td>").text(r.target()).raw("</td><td>");
            state(r.edge(), null);
            raw("</td>");
            number(r.sent());
            number(r.acked());
            number(r.dropped());
            number(r.errors());
            raw("<td>");
            values(r.values());
            raw("</td></tr>\n");
        }
        raw("</tbody></table>\n");
    }

    private void mixins(List<Overview.MixinRow> rows) {
        raw("<h2>Mixins</h2>\n");
        raw("<table class=\"tablelayout nicetable\" id=\"rocmon-mixins\"><thead><tr><th>Id</th><th>Kind</th>"
                + "<th>Version</th><th>Bundle</th><th>Where</th></tr></thead><tbody>\n");
        for (Overview.MixinRow r : rows) {
            raw("<tr><td>").text(r.id()).raw("</td><td>").text(r.kind()).raw("</td><td>").text(r.version())
                    .raw("</td><td>").text(r.bundle()).raw("</td><td>").text(r.where()).raw("</td></tr>\n");
        }
        raw("</tbody></table>\n");
    }

    private void state(String state, String reason) {
        raw("<span class=\"rocmon-state rocmon-").text(state.replaceAll("[^a-z]", "")).raw("\">").text(state)
                .raw("</span>");
        if (reason != null && !reason.isEmpty()) {
            raw("<br><small>").text(reason).raw("</small>");
        }
    }

    private void values(JsonNode channels) {
        if (channels == null || channels.size() == 0) {
            raw("-");
            return;
        }
        raw("<ul class=\"rocmon-values\">");
        Iterator<Map.Entry<String, JsonNode>> it = channels.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = e.getValue();
            JsonNode v = m.isObject() ? m.path("value") : m;
            raw("<li>").text(e.getKey()).raw(" = ").text(v.isNumber() ? rounded(v.asDouble(),
                    m.path("unit").asText("")) : v.asText());
            if (m.hasNonNull("unit")) {
                raw(" ").text(m.get("unit").asText());
            }
            if (m.hasNonNull("ts")) {
                raw(" <small>at ").text(Instant.ofEpochMilli(m.get("ts").asLong()).toString());
                if (m.hasNonNull("source")) {
                    raw(" from ").text(m.get("source").asText());
                }
                raw("</small>");
            }
            raw("</li>");
        }
        raw("</ul>");
    }

    /**
     * @return a number as a person reads it in its unit: percent with one decimal, bytes in KiB/MiB/GiB, whole
     *         numbers as they are, anything else with at most four significant digits
     */
    static String rounded(double v, String unit) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if ("%".equals(unit)) {
            return String.format(java.util.Locale.ROOT, "%.1f", v);
        }
        if ("B".equals(unit) && Math.abs(v) >= 1024) {
            String[] units = {"KiB", "MiB", "GiB", "TiB"};
            double x = v;
            int i = -1;
            while (Math.abs(x) >= 1024 && i < units.length - 1) {
                x /= 1024;
                i++;
            }
            return String.format(java.util.Locale.ROOT, "%.1f", x) + " " + units[i] + " (" + (long) v + ")";
        }
        if (Measurement.isWhole(v)) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private void number(long n) {
        raw("<td>").raw(Long.toString(n)).raw("</td>");
    }

    private ConsolePage raw(String s) {
        html.append(s);
        return this;
    }

    private ConsolePage text(String s) {
        html.append(escape(s));
        return this;
    }

    /** Escapes for HTML text and double-quoted attribute values alike. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
