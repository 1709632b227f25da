package org.rocmon.sensor.internal.control;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The Rocmon-Source announcement: which URL a collector comes from, so a parent can reach its children. */
public final class Sources {

    /** Upgrade request header naming the URL of the collector's source (a sensor or a resource collector). */
    public static final String HEADER = "Rocmon-Source";
    /** Query parameter with the same meaning, for clients that cannot set headers. */
    public static final String PARAM = "source";
    private static final int MAX_LENGTH = 2048;

    private Sources() {
    }

    /** @return the WebSocket URI with the source added as a query parameter */
    public static URI announce(URI sensor, String source) {
        String s = sensor.toString();
        return URI.create(s + (sensor.getRawQuery() == null ? "?" : "&") + PARAM + "="
                + URLEncoder.encode(source, StandardCharsets.UTF_8));
    }

    /** @return the URL if it is an absolute http(s) URL of sane length, else null (ignored, not trusted) */
    public static String valid(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            return null;
        }
        try {
            URI u = URI.create(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                return null;
            }
            return u.toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return whether the source URL is a sensor's base URL (…/sensor/{id}/) */
    public static boolean isSensor(String url) {
        return sensorId(url) != null;
    }

    /** @return the sensor id at the end of a sensor base URL, or null */
    public static String sensorId(String url) {
        String path = URI.create(url).getPath();
        if (path == null) {
            return null;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int i = p.lastIndexOf('/');
        if (i <= 0 || !p.substring(0, i).endsWith("/sensor")) {
            return null;
        }
        return p.substring(i + 1);
    }

    /** @return whether a descendant, named by id or by URL, is the sensor at that base URL */
    public static boolean names(String childBase, String descendant) {
        String d = descendant.trim();
        if (d.contains("/")) {
            return strip(childBase).equals(strip(d));
        }
        return d.equals(sensorId(childBase));
    }

    private static String strip(String u) {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
