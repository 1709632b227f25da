package org.rocmon.dashboard.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.api.security.PeerCredentials;
import org.rocmon.json.RocmonJson;

/** A {@link NodeApi} answering from a map of URL to JSON; a URL not in the map is unreachable. */
final class FakeNodes extends NodeApi {

    final Map<String, String> answers = new HashMap<>();
    final Map<String, String> viewerAuth = new HashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    FakeNodes() {
        super(PeerCredentials.none(), Runnable::run, 1000);
    }

    FakeNodes answer(String url, String json) {
        answers.put(url, json);
        return this;
    }

    @Override
    Reply node(String base, String path) {
        return reply(base + path);
    }

    @Override
    Reply asViewer(String base, String path, String authorization) {
        viewerAuth.put(base + path, authorization);
        return reply(base + path);
    }

    private Reply reply(String url) {
        calls.incrementAndGet();
        String json = answers.get(url);
        if (json == null) {
            return new Reply(0, null, "unreachable: ConnectException");
        }
        if (json.startsWith("404")) {
            return new Reply(404, null, null);
        }
        try {
            JsonNode body = RocmonJson.mapper().readTree(json.replace('\'', '"'));
            return new Reply(200, body, null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
