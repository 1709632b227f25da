package org.rocmon.dashboard.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.security.PeerCredentials;
import org.rocmon.json.RocmonJson;

/**
 * GETs on the node APIs and the OCCI front end, the way the page would make them, but from the node itself: the
 * dashboard's endpoints answer with one request what would otherwise be dozens from the browser. Calls on the
 * front end carry the viewer's own {@code Authorization}, so the front end's ownership rules decide what the
 * viewer sees; calls on node APIs carry the node's {@link PeerCredentials}.
 */
class NodeApi {

    /** What a GET answered: a status and a JSON body, or an error when the node could not be reached. */
    static final class Reply {
        final int status;
        final JsonNode body;
        final String error;

        Reply(int status, JsonNode body, String error) {
            this.status = status;
            this.body = body;
            this.error = error;
        }

        boolean ok() {
            return status == 200 && body != null;
        }

        @Override
        public String toString() {
            return error != null ? error : "HTTP " + status;
        }
    }

    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private final HttpClient client;
    private final PeerCredentials peers;
    private final Duration timeout;

    NodeApi(PeerCredentials peers, Executor executor, long timeoutMillis) {
        this.peers = peers;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
                .sslContext(peers.sslContext()).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A GET on a node API with the node's own credential. */
    Reply node(String base, String path) {
        return get(base + path, peers.authorization().orElse(null));
    }

    /** A GET on the front end as the viewer ({@code authorization} is the viewer's header, or null). */
    Reply asViewer(String base, String path, String authorization) {
        return get(base + path, authorization);
    }

    private Reply get(String url, String authorization) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Accept", "application/json").GET();
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = null;
            try {
                body = r.body().length == 0 ? null : MAPPER.readTree(r.body());
            } catch (IOException e) {
                // not JSON: keep the status only
            }
            return new Reply(r.statusCode(), body, null);
        } catch (IOException | IllegalArgumentException e) {
            return new Reply(0, null, "unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, "interrupted");
        }
    }
}
