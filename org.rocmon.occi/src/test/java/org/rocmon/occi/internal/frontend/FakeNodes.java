package org.rocmon.occi.internal.frontend;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.rocmon.occi.internal.frontend.deploy.NodeClient;

/** Stands in for runtime nodes: records every call and answers like a node that accepts everything. */
final class FakeNodes implements NodeClient {

    final List<String> calls = new ArrayList<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    volatile boolean down;
    /** Base URLs of nodes that are down (connection refused). */
    final java.util.Set<String> downNodes = ConcurrentHashMap.newKeySet();
    /** Answers to GETs by full URI (a node's listings), instead of {@code []}. */
    final Map<String, String> gets = new ConcurrentHashMap<>();
    /** Path suffix that is refused with 400, or null. */
    volatile String refuse;

    @Override
    public synchronized Reply send(String method, URI uri, String json) throws IOException {
        if (down || downNodes.stream().anyMatch(u -> uri.toString().startsWith(u))) {
            throw new ConnectException("Connection refused");
        }
        String call = method + " " + uri;
        calls.add(call);
        if (json != null) {
            bodies.put(call, json);
        }
        if (refuse != null && uri.getPath().endsWith(refuse) && !"DELETE".equals(method)) {
            return new Reply(400, "{\"error\":\"bad gain\",\"attribute\":\"com.example.occi.monitoring.EWMA.gain\"}");
        }
        switch (method) {
            case "POST":
                return new Reply(201, "{}");
            case "DELETE":
                return new Reply(204, "");
            default:
                return new Reply(200, gets.getOrDefault(uri.toString(), "[]"));
        }
    }

    synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    synchronized void clear() {
        calls.clear();
        bodies.clear();
    }
}
