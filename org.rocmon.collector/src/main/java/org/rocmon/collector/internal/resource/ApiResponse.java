package org.rocmon.collector.internal.resource;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the resource API answers, independent of the servlet container: status, headers and a JSON-able body. */
final class ApiResponse {

    final int status;
    final Object body;
    final Map<String, String> headers = new LinkedHashMap<>();

    ApiResponse(int status, Object body) {
        this.status = status;
        this.body = body;
    }

    ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
