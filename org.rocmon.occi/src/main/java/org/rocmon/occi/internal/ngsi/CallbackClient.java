package org.rocmon.occi.internal.ngsi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;

import org.rocmon.occi.internal.frontend.deploy.NodeClient;

/**
 * POSTs notifications to subscribers' callbacks. Its own HTTP client, not the node client: a callback is no peer
 * node, so it gets none of the credentials the front end presents to nodes, and no redirects are followed (a
 * redirect could lead past the callback allowlist).
 */
final class CallbackClient implements NodeClient {

    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param timeoutMillis connect and request timeout
     * @param executor the host-owned executor the client runs its callbacks on
     */
    CallbackClient(long timeoutMillis, Executor executor) {
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Reply send(String method, URI uri, String json) throws IOException {
        HttpRequest r = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> answer = client.send(r, HttpResponse.BodyHandlers.ofString());
            return new Reply(answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot call " + uri + ": " + e.getMessage());
        }
    }
}
