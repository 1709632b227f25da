package org.rocmon.collector.internal.resource;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rocmon.http.Problem;

/**
 * What the resource API answers, independent of the servlet container: a status with a JSON-able body, or a
 * {@link Problem} that the servlet renders as {@code application/problem+json}.
 */
final class ApiResponse {

    final int status;
    final Object body;
    final Problem problem;
    final Map<String, String> headers = new LinkedHashMap<>();

    ApiResponse(int status, Object body) {
        this.status = status;
        this.body = body;
        this.problem = null;
    }

    private ApiResponse(Problem problem) {
        this.status = problem.status();
        this.body = problem.body();
        this.problem = problem;
        headers.putAll(problem.headers());
    }

    static ApiResponse of(Problem problem) {
        return new ApiResponse(problem);
    }

    ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
