package org.rocmon.mixins.publisher.remotewrite.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs one remote-write body to the receiver, synchronously on the calling runtime thread and bounded by the
 * timeout. The JDK client's own selector thread is the only thread involved; it ends when the client is dropped.
 */
final class Endpoint {

    /** What the receiver answered. */
    enum Outcome {
        /** 2xx: stored. */
        DELIVERED,
        /** 429, 5xx or no answer: may work later (remote-write 1.0 retries exactly these). */
        RETRY,
        /** Any other status (e.g. 400 for an out-of-order sample): the receiver will never take this body. */
        REFUSED
    }

    private final URI uri;
    private final Duration timeout;
    private final String authorization;
    private HttpClient client;
    private String lastProblem = "";

    /** @param authorization the Authorization header of every POST, or {@code null} for none */
    Endpoint(URI uri, Duration timeout, String authorization) {
        this.uri = uri;
        this.timeout = timeout;
        this.authorization = authorization;
        // HTTP/1.1: the default h2c upgrade attempt on a POST only confuses some receivers
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    Outcome post(byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("User-Agent", "Rocmon")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> answer = client.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            int status = answer.statusCode();
            if (status / 100 == 2) {
                lastProblem = "answered " + status;
                return Outcome.DELIVERED;
            }
            lastProblem = "answered " + status + detail(answer.body());
            return status == 429 || status / 100 == 5 ? Outcome.RETRY : Outcome.REFUSED;
        } catch (IOException e) {
            lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastProblem = "interrupted";
            return Outcome.RETRY;
        }
    }

    /** @return the start of the receiver's error text (Prometheus says which sample it refused), one line */
    private static String detail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip()
                .replaceAll("\\s+", " ");
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    /** @return what went wrong with the last post, for the exception the sensor counts */
    String lastProblem() {
        return lastProblem;
    }

    void close() {
        client = null; // Java 17's client has no close()
    }
}
