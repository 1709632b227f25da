package org.rocmon.collector.internal.resource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import org.rocmon.api.runtime.EntityIds;
import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.runtime.NodeUrl;

/**
 * Turns a collector's target into the sensor's WebSocket URI: a bare id is a sensor on this node
 * ({@code wss://127.0.0.1:{port}/sensor/{id}/}, from {@link NodeUrl}; {@code ws://} with TLS off); a URL is mapped
 * by {@link NodeUrl#toWebSocket} ({@code http(s)://} becomes {@code ws(s)://}), with {@code /} for an empty path.
 */
final class TargetResolver {

    /** A resolved target. */
    static final class Target {
        final URI uri;
        /** The sensor id when the target is a sensor on this node, else {@code null}. */
        final String localSensor;

        Target(URI uri, String localSensor) {
            this.uri = uri;
            this.localSensor = localSensor;
        }
    }

    private final NodeUrl node;

    /** @return this node's URL, for the URLs it announces */
    NodeUrl node() {
        return node;
    }

    TargetResolver(NodeUrl node) {
        this.node = node;
    }

    /** @param port a node serving plain HTTP and WS on the loopback at this port (as unit tests run one) */
    TargetResolver(int port) {
        this(NodeUrl.of(Map.of(NodeProperties.HTTP_PORT, String.valueOf(port), NodeProperties.TLS, "off")::get));
    }

    /**
     * @param target a bare sensor id or a URL
     * @return the WebSocket URI
     * @throws IllegalArgumentException with a message for a human
     */
    Target resolve(String target) {
        if (EntityIds.valid(target)) {
            return new Target(node.webSocket("/sensor/" + target + "/"), target);
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target '" + target + "' is neither a sensor id nor a URL");
        }
        URI ws;
        try {
            ws = NodeUrl.toWebSocket(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target '" + target
                    + "' must be a sensor id on this node or an http, https, ws or wss URL of a sensor");
        }
        if (ws.getHost() == null) {
            throw new IllegalArgumentException("target '" + target + "' has no host");
        }
        if (ws.getRawPath() != null && !ws.getRawPath().isEmpty() && ws.getRawFragment() == null) {
            return new Target(ws, null);
        }
        String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() ? "/" : ws.getRawPath();
        return new Target(URI.create(ws.getScheme() + "://" + ws.getRawAuthority() + path
                + (ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery())), null);
    }
}
