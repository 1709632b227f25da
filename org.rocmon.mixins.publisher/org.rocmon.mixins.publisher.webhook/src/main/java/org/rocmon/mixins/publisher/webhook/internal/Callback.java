package org.rocmon.mixins.publisher.webhook.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.rocmon.http.push.PushQueue.Outcome;

/**
 * POSTs one JSON body to the callback URL, synchronously on the calling runtime thread and bounded by the timeout.
 * The JDK client's own selector thread is the only thread involved; it ends when the client is dropped.
 */
final class Callback {

    private final URI uri;
    private final Duration timeout;
    private final String authorization;
    private HttpClient client;
    private String lastProblem = "";

    Callback(URI uri, Duration timeout) {
        this(uri, timeout, null);
    }

    /** @param authorization the Authorization header of every POST, or {@code null} for none */
    Callback(URI uri, Duration timeout, String authorization) {
        this.uri = uri;
        this.timeout = timeout;
        this.authorization = authorization;
        // HTTP/1.1: the default h2c upgrade attempt on a POST only confuses some receivers
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** @return DELIVERED on 2xx, RETRY on 408, 429, 5xx or no answer, else REFUSED */
    Outcome post(String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json");
        if (authorization != null && !authorization.isEmpty()) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            lastProblem = "answered " + status;
            if (status / 100 == 2) {
                return Outcome.DELIVERED;
            }
            return status == 408 || status == 429 || status / 100 == 5 ? Outcome.RETRY : Outcome.REFUSED;
        } catch (IOException e) {
            lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastProblem = "interrupted";
            return Outcome.RETRY;
        }
    }

    /** @return what went wrong with the last post, for the exception the sensor counts */
    String lastProblem() {
        return lastProblem;
    }

    void close() {
        client = null; // Java 17's client has no close()
    }
}
