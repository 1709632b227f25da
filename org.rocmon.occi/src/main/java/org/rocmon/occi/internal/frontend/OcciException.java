package org.rocmon.occi.internal.frontend;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request the front end refuses, with the status and the JSON error body {"error", "attribute", ...}. */
public final class OcciException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String attribute;
    private final transient Map<String, Object> extra = new LinkedHashMap<>();

    public OcciException(int status, String message) {
        this(status, message, null);
    }

    public OcciException(int status, String message, String attribute) {
        super(message);
        this.status = status;
        this.attribute = attribute;
    }

    public static OcciException bad(String message, String attribute) {
        return new OcciException(400, message, attribute);
    }

    /** Adds a field to the error body, e.g. the installed mixins. */
    public OcciException with(String key, Object value) {
        extra.put(key, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String attribute() {
        return attribute;
    }

    /** @return the JSON error body */
    public Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("error", getMessage());
        if (attribute != null) {
            b.put("attribute", attribute);
        }
        b.putAll(extra);
        return b;
    }
}
