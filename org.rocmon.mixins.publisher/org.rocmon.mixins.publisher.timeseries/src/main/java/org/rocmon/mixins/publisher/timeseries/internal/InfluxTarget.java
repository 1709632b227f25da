package org.rocmon.mixins.publisher.timeseries.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * The InfluxDB {@code url} attribute, checked: {@code udp://host:port}, or an HTTP(S) write endpoint,
 * {@code .../write?db=...} (1.x) or {@code .../api/v2/write?org=...&bucket=...} (2.x), whose {@code precision}
 * parameter, if any, sets the timestamp unit.
 */
final class InfluxTarget {

    final URI uri;
    final InetSocketAddress udp;
    final TimeUnit precision;

    private InfluxTarget(URI uri, InetSocketAddress udp, TimeUnit precision) {
        this.uri = uri;
        this.udp = udp;
        this.precision = precision;
    }

    boolean isUdp() {
        return udp != null;
    }

    static InfluxTarget parse(String attribute, String text) throws InvalidAttributeException {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw bad(attribute, "'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw bad(attribute, "'" + text + "' has no host; use udp://host:port or http://host:port/write?db=...");
        }
        if ("udp".equals(scheme)) {
            if (uri.getPort() < 1) {
                throw bad(attribute, "'" + text + "' needs a port, e.g. udp://127.0.0.1:8089");
            }
            try {
                InetAddress address = InetAddress.getByName(uri.getHost());
                return new InfluxTarget(uri, new InetSocketAddress(address, uri.getPort()), TimeUnit.NANOSECONDS);
            } catch (UnknownHostException | SecurityException e) {
                throw bad(attribute, "cannot resolve '" + uri.getHost() + "'");
            }
        }
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw bad(attribute, "'" + text + "' must start with udp://, http:// or https://");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.endsWith("/api/v2/write")) {
            need(attribute, uri, "bucket", "/api/v2/write?org=...&bucket=...");
        } else if (path.endsWith("/write")) {
            need(attribute, uri, "db", "/write?db=...");
        } else {
            throw bad(attribute, "'" + text + "' is not a write endpoint: the path must end in /write (InfluxDB 1.x)"
                    + " or /api/v2/write (InfluxDB 2.x)");
        }
        return new InfluxTarget(uri, null, precision(attribute, query(uri, "precision")));
    }

    private static void need(String attribute, URI uri, String parameter, String form) throws InvalidAttributeException {
        String value = query(uri, parameter);
        if (value == null || value.isBlank()) {
            throw bad(attribute, "'" + uri + "' lacks the query parameter '" + parameter + "' (" + form + ")");
        }
    }

    private static TimeUnit precision(String attribute, String value) throws InvalidAttributeException {
        if (value == null) {
            return TimeUnit.NANOSECONDS;
        }
        switch (value) {
            case "n":
            case "ns":
                return TimeUnit.NANOSECONDS;
            case "u":
            case "us":
                return TimeUnit.MICROSECONDS;
            case "ms":
                return TimeUnit.MILLISECONDS;
            case "s":
                return TimeUnit.SECONDS;
            default:
                throw bad(attribute, "precision '" + value + "' is not one of ns, us, ms, s");
        }
    }

    private static String query(URI uri, String name) {
        String raw = uri.getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static InvalidAttributeException bad(String attribute, String what) {
        return new InvalidAttributeException(attribute, "attribute '" + attribute + "': " + what);
    }
}
