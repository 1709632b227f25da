package org.rocmon.occi.internal.frontend;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One HTTP request as the OCCI API sees it, independent of the servlet API so that it is easy to test. */
public final class OcciRequest {
    public final String method;
    /** Decoded path from the root, e.g. {@code /occi/sensor/s01}. */
    public final String path;
    public final Map<String, List<String>> query;
    /** Header values by lower-case name. */
    public final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** The body, empty when there is none. */
    public final byte[] body;
    /** The authenticated user, or {@code null} for a caller inside the node (unit tests), who is trusted. */
    public final String user;
    /** Whether the caller has the admin role and so sees every entity ({@link Ownership}). */
    public final boolean admin;
    /** Scheme, host and port the client used, e.g. {@code http://127.0.0.1:8080}, for absolute locations. */
    public final String base;

    /** A request of a caller inside the node: with no user, it is trusted as an admin. */
    public OcciRequest(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
            byte[] body, String user, String base) {
        this(method, path, query, headers, body, user, user == null, base);
    }

    /**
     * @param user the authenticated user name
     * @param admin whether the user has the admin role
     */
    public OcciRequest(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
            byte[] body, String user, boolean admin, String base) {
        this.admin = admin;
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers.putAll(headers);
        this.body = body;
        this.user = user;
        this.base = base;
    }

    /** @return all values of a header, possibly empty */
    public List<String> header(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** @return the first value of a header, or {@code null} */
    public String first(String name) {
        List<String> v = header(name);
        return v.isEmpty() ? null : v.get(0);
    }

    /** @return the first value of a query parameter, or {@code null} */
    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
