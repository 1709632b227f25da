package org.rocmon.occi.internal.frontend.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;

import org.rocmon.api.security.PeerCredentials;

/** {@link NodeClient} over {@link HttpClient} with short timeouts, so that a node that is down fails fast. */
public final class HttpNodeClient implements NodeClient {

    private final HttpClient client;
    private final PeerCredentials credentials;
    private final Duration timeout;

    /**
     * @param timeoutMillis connect and request timeout
     * @param executor the host-owned executor the client runs its callbacks on
     * @param credentials the TLS trust and the node credential the node APIs ask of the front end
     */
    public HttpNodeClient(long timeoutMillis, Executor executor, PeerCredentials credentials) {
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.credentials = credentials;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
                .sslContext(credentials.sslContext())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Reply send(String method, URI uri, String json) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        credentials.authorization().ifPresent(a -> b.header("Authorization", a));
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
