package org.rocmon.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request refused, as RFC 9457 describes it: an HTTP status, a human-readable {@code detail}, the
 * {@code attribute} at fault where there is one, and extension members (e.g. {@code available} alternatives).
 * Rendered by {@link HttpIo#problem} as {@code application/problem+json}:
 *
 * <pre>
 * {"type":"about:blank","title":"Bad Request","status":400,"detail":"...","attribute":"occi.sensor.period"}
 * </pre>
 *
 * <p>It is a reply, not a bug: it carries no stack trace.
 */
public final class Problem extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String attribute;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    /**
     * @param status HTTP status, 4xx or 5xx
     * @param detail what went wrong and, where it helps, how to fix it
     * @param attribute the attribute at fault, or null
     */
    public Problem(int status, String detail, String attribute) {
        super(detail, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
        }
        this.status = status;
        this.attribute = attribute;
    }

    /** @return a problem with that status and detail */
    public static Problem of(int status, String detail) {
        return new Problem(status, detail, null);
    }

    /** @return a 400 naming the attribute at fault (may be null) */
    public static Problem badRequest(String detail, String attribute) {
        return new Problem(400, detail, attribute);
    }

    /** @return a 404 */
    public static Problem notFound(String detail) {
        return new Problem(404, detail, null);
    }

    /** @return a 405 with the {@code Allow} header listing the methods that are */
    public static Problem methodNotAllowed(String method, List<String> allowed) {
        return new Problem(405, "method " + method + " is not supported here; use " + String.join(", ", allowed),
                null).header("Allow", String.join(", ", allowed));
    }

    /**
     * @param name extension member, e.g. {@code available}
     * @param value any value Jackson can write
     * @return this problem
     */
    public Problem with(String name, Object value) {
        if (value != null) {
            extensions.put(name, value);
        }
        return this;
    }

    /**
     * @param name a response header the problem needs (e.g. {@code Allow}, {@code Retry-After})
     * @param value its value
     * @return this problem
     */
    public Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the detail */
    public String detail() {
        return getMessage();
    }

    /** @return the attribute at fault, or null */
    public String attribute() {
        return attribute;
    }

    /** @return extension members, in the order they were added */
    public Map<String, Object> extensions() {
        return Collections.unmodifiableMap(extensions);
    }

    /** @return response headers the problem needs */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** @return the RFC 9457 body: type, title, status, detail, attribute, then the extensions */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", getMessage());
        if (attribute != null) {
            body.put("attribute", attribute);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    /**
     * @param status an HTTP status
     * @return its reason phrase, the title RFC 9457 gives a problem of type {@code about:blank}
     */
    public static String title(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 411: return "Length Required";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Content";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return status < 500 ? "Client Error" : "Server Error";
        }
    }
}
