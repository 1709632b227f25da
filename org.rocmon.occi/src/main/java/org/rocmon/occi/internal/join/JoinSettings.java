package org.rocmon.occi.internal.join;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Function;

import org.rocmon.api.runtime.EntityIds;
import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.runtime.NodeUrl;

/**
 * How a node joins its front end, from the framework properties ({@link NodeProperties#FRONTEND_URL} and the
 * others), checked at once: a bad value is an {@link IllegalArgumentException} naming the property.
 */
final class JoinSettings {

    static final long DEFAULT_HEARTBEAT_MILLIS = 5_000;

    final URI frontend;
    final String id;
    final NodeUrl node;
    final long heartbeatMillis;
    final int maxSensors;
    final int maxCollectors;

    private JoinSettings(URI frontend, String id, NodeUrl node, long heartbeatMillis, int maxSensors,
            int maxCollectors) {
        this.frontend = frontend;
        this.id = id;
        this.node = node;
        this.heartbeatMillis = heartbeatMillis;
        this.maxSensors = maxSensors;
        this.maxCollectors = maxCollectors;
    }

    /**
     * @return the settings, or {@code null} when {@link NodeProperties#FRONTEND_URL} is not set (the node joins
     *         nothing)
     * @throws IllegalArgumentException naming the property with a bad value
     */
    static JoinSettings from(Function<String, String> properties) {
        String url = properties.apply(NodeProperties.FRONTEND_URL);
        if (url == null || url.isBlank()) {
            return null;
        }
        NodeUrl node = NodeUrl.of(properties);
        URI frontend = frontend(url.trim());
        String id = properties.apply(NodeProperties.NODE_ID);
        if (id == null || id.isBlank()) {
            id = (node.base().getHost() + "-" + node.base().getPort()).replaceAll("[^A-Za-z0-9._-]", "_");
        } else {
            id = id.trim();
        }
        if (!EntityIds.valid(id)) {
            throw new IllegalArgumentException(NodeProperties.NODE_ID + "=" + id + " does not match "
                    + EntityIds.PATTERN + " (not . or ..)");
        }
        long heartbeat = number(properties, NodeProperties.JOIN_HEARTBEAT, DEFAULT_HEARTBEAT_MILLIS, 100,
                3_600_000);
        int maxSensors = (int) number(properties, NodeProperties.MAX_SENSORS, 0, 0, 10_000_000);
        int maxCollectors = (int) number(properties, NodeProperties.MAX_COLLECTORS, 0, 0, 10_000_000);
        return new JoinSettings(frontend, id, node, heartbeat, maxSensors, maxCollectors);
    }

    private static URI frontend(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(NodeProperties.FRONTEND_URL + "=" + url + " is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new IllegalArgumentException(NodeProperties.FRONTEND_URL + "=" + url
                    + " must be an http:// or https:// URL with a host");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null
                || u.getRawPath() != null && !u.getRawPath().matches("/*")) {
            throw new IllegalArgumentException(NodeProperties.FRONTEND_URL + "=" + url
                    + " must have no path, query or fragment: it is the front end's base URL");
        }
        return URI.create(scheme + "://" + u.getRawAuthority());
    }

    private static long number(Function<String, String> properties, String name, long dflt, long min, long max) {
        String v = properties.apply(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + "=" + v + " must be a whole number from " + min + " to " + max);
    }

    /** @return the join URL of this node at the front end */
    URI joinUri() {
        return URI.create(frontend + "/join/" + id);
    }
}
