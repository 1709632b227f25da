package org.rocmon.occi.internal.frontend.deploy;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runtime nodes by id: the built-in {@code local} node (this process, {@code http://127.0.0.1:<port>}), nodes from
 * configuration, nodes registered through {@code PUT /occi/node/{id}} and nodes that joined by themselves
 * ({@code PUT /join/{id}}).
 */
public final class NodeRegistry {

    public static final String LOCAL = "local";

    private final String localUrl;
    private final Map<String, String> configured = new ConcurrentHashMap<>();
    private final Map<String, String> registered = new ConcurrentHashMap<>();
    private final Map<String, String> joined = new ConcurrentHashMap<>();

    /** @param localUrl base URL of this node */
    public NodeRegistry(String localUrl) {
        this.localUrl = strip(localUrl);
    }

    /** @return the base URL of a node, or {@code null} when unknown */
    public String url(String id) {
        if (LOCAL.equals(id)) {
            return localUrl;
        }
        String r = registered.get(id);
        if (r != null) {
            return r;
        }
        r = joined.get(id);
        return r != null ? r : configured.get(id);
    }

    public boolean known(String id) {
        return url(id) != null;
    }

    /** @return every node by id, with where it comes from */
    public Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> all = new TreeMap<>();
        all.put(LOCAL, Map.of("id", LOCAL, "url", localUrl, "origin", "builtin"));
        configured.forEach((id, url) -> all.put(id, Map.of("id", id, "url", url, "origin", "configuration")));
        joined.forEach((id, url) -> all.put(id, Map.of("id", id, "url", url, "origin", "joined")));
        registered.forEach((id, url) -> all.put(id, Map.of("id", id, "url", url, "origin", "api")));
        return all;
    }

    public void configure(String id, String url) {
        configured.put(id, strip(url));
    }

    public boolean register(String id, String url) {
        return registered.put(id, strip(url)) == null;
    }

    /** @return the URL the node had joined with before, or {@code null} */
    public String join(String id, String url) {
        return joined.put(id, strip(url));
    }

    /** @return whether the node joined by itself (and was not registered through the API as well) */
    public boolean joined(String id) {
        return joined.containsKey(id) && !registered.containsKey(id);
    }

    public boolean unregister(String id) {
        return registered.remove(id) != null;
    }

    public boolean registered(String id) {
        return registered.containsKey(id);
    }

    /**
     * @param url a node URL
     * @return the reason it is not usable, or {@code null} when it is an absolute http(s) URL without a path
     */
    public static String invalid(String url) {
        if (url == null || url.isBlank()) {
            return "url is required";
        }
        try {
            URI u = URI.create(url.trim());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                return "url must be http:// or https://";
            }
            if (u.getHost() == null) {
                return "url needs a host";
            }
            if (u.getQuery() != null || u.getFragment() != null) {
                return "url must not have a query or fragment";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "url is malformed: " + e.getMessage();
        }
    }

    private static String strip(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
