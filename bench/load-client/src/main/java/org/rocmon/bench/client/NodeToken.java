package org.rocmon.bench.client;

import java.net.http.HttpRequest;

/**
 * The node token the bench scripts gave the node they started ({@code -Drocmon.security.nodeToken}), from the
 * environment variable {@value #ENV}: the node APIs and the collector upgrade need it (docs/security.md).
 */
final class NodeToken {

    static final String ENV = "ROCMON_NODE_TOKEN";
    /** {@code Bearer <token>}, or null when the variable is not set (then requests go without, and get 401). */
    static final String AUTHORIZATION = System.getenv(ENV) == null || System.getenv(ENV).isBlank() ? null
            : "Bearer " + System.getenv(ENV).trim();

    private NodeToken() {
    }

    static HttpRequest.Builder authorize(HttpRequest.Builder b) {
        return AUTHORIZATION == null ? b : b.header("Authorization", AUTHORIZATION);
    }
}
