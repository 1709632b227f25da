package org.rocmon.api.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The node's own base URL, written once: every URL a node hands out for itself (the sensor WebSocket a local
 * collector opens, the source it announces for control commands, the node the front end deploys to) comes from
 * here, with {@code https}/{@code wss} unless {@link NodeProperties#TLS} is {@code off}.
 *
 * <p>The base is {@link NodeProperties#NODE_URL} when set, else {@code <scheme>://<host>:<port>} with the host
 * Felix HTTP binds ({@code 127.0.0.1} when it binds every address or none is set) and
 * {@link NodeProperties#HTTP_PORT} (8080 when absent or not a number). Immutable and thread-safe.
 */
public final class NodeUrl {

    private static final int DEFAULT_PORT = 8080;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final URI base;
    private final int port;
    private final boolean tls;

    private NodeUrl(URI base, int port, boolean tls) {
        this.base = base;
        this.port = port;
        this.tls = tls;
    }

    /**
     * @param properties the node's framework properties, e.g. {@code bundleContext::getProperty}
     * @return the node's URL
     * @throws IllegalArgumentException when {@link NodeProperties#NODE_URL} is not an http(s) URL with a host, or
     *         its scheme contradicts {@link NodeProperties#TLS}
     */
    public static NodeUrl of(Function<String, String> properties) {
        boolean tls = tlsEnabled(properties.apply(NodeProperties.TLS));
        int port = port(properties.apply(NodeProperties.HTTP_PORT));
        String configured = properties.apply(NodeProperties.NODE_URL);
        if (configured != null && !configured.isBlank()) {
            URI u;
            try {
                u = new URI(configured.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(NodeProperties.NODE_URL + "=" + configured + " is not a URL");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new IllegalArgumentException(NodeProperties.NODE_URL + "=" + configured
                        + " must be an http:// or https:// URL with a host");
            }
            if (scheme.equals("https") != tls) {
                throw new IllegalArgumentException(NodeProperties.NODE_URL + "=" + configured + " says " + scheme
                        + " but TLS is " + (tls ? "on" : "off (" + NodeProperties.TLS + "=off)"));
            }
            int p = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            return new NodeUrl(URI.create(scheme + "://" + u.getRawAuthority().replaceFirst(":\\d+$", "") + ":" + p),
                    port, tls);
        }
        String host = properties.apply(NodeProperties.HTTP_HOST);
        host = host == null || host.isBlank() || isWildcard(host.trim()) ? "127.0.0.1" : host.trim();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return new NodeUrl(URI.create((tls ? "https" : "http") + "://" + host + ":" + port), port, tls);
    }

    /**
     * @param value the value of {@link NodeProperties#TLS}
     * @return false only for {@code off} (also {@code false}, {@code no}), in any case
     */
    public static boolean tlsEnabled(String value) {
        if (value == null) {
            return true;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !(v.equals("off") || v.equals("false") || v.equals("no"));
    }

    /** @return {@code https://host:port} (or {@code http://} with TLS off), without a trailing slash */
    public URI base() {
        return base;
    }

    /** @return true unless the node runs with the development switch {@code rocmon.tls=off} */
    public boolean tls() {
        return tls;
    }

    /** @return the port the node listens on (which {@link #base()} may hide behind another name) */
    public int port() {
        return port;
    }

    /**
     * @param path an absolute path, e.g. {@code /resource/g01/collector/c01}
     * @return the node's http(s) URL of that path
     */
    public URI http(String path) {
        return URI.create(base + path);
    }

    /**
     * @param path an absolute path, e.g. {@code /sensor/s01/}
     * @return the node's ws(s) URL of that path
     */
    public URI webSocket(String path) {
        return toWebSocket(http(path));
    }

    /**
     * @param uri a ws(s) or http(s) URI
     * @return true when it names this node: its base's host and port, or a loopback host at the node's port
     */
    public boolean isSelf(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        int p = uri.getPort() > 0 ? uri.getPort() : tlsScheme(uri) ? 443 : 80;
        if (p == port && LOOPBACK.contains(host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return host.equalsIgnoreCase(base.getHost()) && p == base.getPort();
    }

    /**
     * @param uri an http(s) or ws(s) URI
     * @return the same with {@code ws} for {@code http} and {@code wss} for {@code https} (ws(s) unchanged)
     * @throws IllegalArgumentException for another scheme
     */
    public static URI toWebSocket(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String ws;
        switch (scheme) {
            case "http":
            case "ws":
                ws = "ws";
                break;
            case "https":
            case "wss":
                ws = "wss";
                break;
            default:
                throw new IllegalArgumentException(uri + " is not an http, https, ws or wss URL");
        }
        return URI.create(ws + uri.toString().substring(scheme.length()));
    }

    private static boolean tlsScheme(URI uri) {
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return s.equals("https") || s.equals("wss");
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }

    private static int port(String value) {
        try {
            int p = value == null ? DEFAULT_PORT : Integer.parseInt(value.trim());
            return p > 0 && p < 65536 ? p : DEFAULT_PORT;
        } catch (NumberFormatException e) {
            return DEFAULT_PORT;
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
