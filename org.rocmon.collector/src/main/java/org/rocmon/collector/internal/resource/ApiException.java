package org.rocmon.collector.internal.resource;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request the API refuses: an HTTP status and the JSON body {"error", "attribute", ...} that explains why. */
final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String attribute;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    ApiException(int status, String error, String attribute) {
        super(error);
        this.status = status;
        this.attribute = attribute;
    }

    static ApiException badRequest(String error, String attribute) {
        return new ApiException(400, error, attribute);
    }

    ApiException with(String key, Object value) {
        extra.put(key, value);
        return this;
    }

    int status() {
        return status;
    }

    String attribute() {
        return attribute;
    }

    /** @return the response body */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        if (attribute != null) {
            body.put("attribute", attribute);
        }
        body.putAll(extra);
        return body;
    }
}
