package org.rocmon.collector.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Rocmon-Source announcement on a collector's upgrade request: the URL of what the frames come from (a
 * resource collector or a sensor), so the sensor can send control commands and data queries back down the
 * hierarchy. Callers of {@code CollectorEdges.open} put it in the URI's {@code source} query parameter (the API
 * has no room for headers); the edge also sends it as the {@code Rocmon-Source} header.
 */
public final class SourceHeader {

    public static final String NAME = "Rocmon-Source";
    static final String PARAM = "source";

    private SourceHeader() {
    }

    /** @return the sensor URI with the source added as a query parameter */
    public static URI announce(URI sensor, String source) {
        return URI.create(sensor.toString() + (sensor.getRawQuery() == null ? "?" : "&") + PARAM + "="
                + URLEncoder.encode(source, StandardCharsets.UTF_8));
    }

    /** @return the announced source in the URI's query, or null */
    public static String from(URI uri) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            if (part.startsWith(PARAM + "=")) {
                String v = URLDecoder.decode(part.substring(PARAM.length() + 1), StandardCharsets.UTF_8);
                // a header value cannot carry control characters
                return v.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f) ? null : v;
            }
        }
        return null;
    }
}
