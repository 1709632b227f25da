package org.rocmon.occi.internal.frontend.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;

/** {@link NodeClient} over {@link HttpClient} with short timeouts, so that a node that is down fails fast. */
public final class HttpNodeClient implements NodeClient {

    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param timeoutMillis connect and request timeout
     * @param executor the host-owned executor the client runs its callbacks on
     */
    public HttpNodeClient(long timeoutMillis, Executor executor) {
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Reply send(String method, URI uri, String json) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
