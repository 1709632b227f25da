package org.rocmon.mixins.publisher.prometheus.internal;

import java.util.List;
import java.util.Locale;

/**
 * Renders gauge series in the Prometheus text format 0.0.4 or OpenMetrics 1.0.0. Samples carry no timestamp: the
 * scrape time is the right one for a latest value, and Prometheus would refuse samples older than its head block.
 */
final class Exposition {

    /** The two formats and their content types. */
    enum Format {
        TEXT("text/plain; version=0.0.4; charset=utf-8"),
        OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /**
         * Picks OpenMetrics when the Accept header offers {@code application/openmetrics-text} (version 1.0.0 or
         * none) with a quality not below that of the text format; anything else gets text 0.0.4.
         */
        static Format negotiate(String accept) {
            if (accept == null) {
                return TEXT;
            }
            double openMetrics = -1;
            double text = 0;
            for (String range : accept.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].trim().toLowerCase(Locale.ROOT);
                double q = 1;
                String version = null;
                for (int i = 1; i < parts.length; i++) {
                    String[] kv = parts[i].trim().split("=", 2);
                    if (kv.length == 2 && "q".equalsIgnoreCase(kv[0].trim())) {
                        q = quality(kv[1].trim());
                    } else if (kv.length == 2 && "version".equalsIgnoreCase(kv[0].trim())) {
                        version = kv[1].trim();
                    }
                }
                if ("application/openmetrics-text".equals(type) && (version == null || "1.0.0".equals(version))) {
                    openMetrics = Math.max(openMetrics, q);
                } else if ("text/plain".equals(type) || "text/*".equals(type) || "*/*".equals(type)) {
                    text = Math.max(text, q);
                }
            }
            return openMetrics > 0 && openMetrics >= text ? OPENMETRICS : TEXT;
        }

        private static double quality(String q) {
            try {
                return Double.parseDouble(q);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    private Exposition() {
    }

    /**
     * @param series sorted by {@link Series#key()}, so that each metric family is contiguous
     * @param format the format
     * @return the exposition text
     */
    static String render(List<Series> series, Format format) {
        StringBuilder b = new StringBuilder(series.size() * 80 + 16);
        String family = null;
        for (Series s : series) {
            if (!s.name.equals(family)) {
                family = s.name;
                b.append("# HELP ").append(s.name).append(' ').append(help(s.help, format)).append('\n');
                b.append("# TYPE ").append(s.name).append(" gauge\n");
            }
            b.append(s.name).append("{sensor=\"").append(label(s.sensor)).append('"');
            if (s.source != null) {
                b.append(",source=\"").append(label(s.source)).append('"');
            }
            b.append("} ").append(value(s.value)).append('\n');
        }
        if (format == Format.OPENMETRICS) {
            b.append("# EOF\n");
        }
        return b.toString();
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String help(String text, Format format) {
        String out = text.replace("\\", "\\\\").replace("\n", "\\n");
        return format == Format.OPENMETRICS ? out.replace("\"", "\\\"") : out;
    }
}
