package org.rocmon.collector.internal.edge;

import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;

import org.rocmon.api.runtime.LocalSensorLinks;
import org.rocmon.json.RocmonJson;

/**
 * Why an edge's connection failed, in words a person can act on. A sensor that refuses a collector says why: in the
 * RFC 9457 body of its refused upgrade ({@code detail}, e.g. "no sensor s99"), or in the
 * {@link LocalSensorLinks.LinkRefusedException} of an in-process link; that reason is passed through as it is.
 */
final class EdgeFailure {

    private static final ObjectMapper MAPPER = RocmonJson.mapper();
    /** Longest refusal text kept from a sensor's answer. */
    private static final int MAX_DETAIL = 300;

    /** HTTP status of a refusal, or 0 when the failure was no refusal (connection lost, timeout, ...). */
    final int status;
    /** What the sensor said, or null when it said nothing usable. */
    final String detail;
    /** The whole reason shown in the edge's status. */
    final String reason;

    private EdgeFailure(int status, String detail, String reason) {
        this.status = status;
        this.detail = detail;
        this.reason = reason;
    }

    static EdgeFailure of(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException) {
                HttpResponse<?> response = ((WebSocketHandshakeException) t).getResponse();
                return refused(response.statusCode(), detail(response.body()));
            }
            if (t instanceof LocalSensorLinks.LinkRefusedException) {
                LocalSensorLinks.LinkRefusedException r = (LocalSensorLinks.LinkRefusedException) t;
                return refused(r.status(), trim(r.getMessage()));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new EdgeFailure(0, null, describe(cause));
    }

    /** @return a refusal with the sensor's own words, when it gave any */
    static EdgeFailure refused(int status, String detail) {
        return new EdgeFailure(status, detail, "refused by the sensor (HTTP " + status + ")"
                + (detail == null ? "" : ": " + detail));
    }

    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "cannot connect (nothing listening, or unreachable)";
            }
        }
        // The JDK wraps the interesting exception in CompletionExceptions and hides it behind message-less ones.
        Throwable shown = cause;
        while ((shown instanceof CompletionException || shown.getMessage() == null)
                && shown.getCause() != null && shown.getCause() != shown) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        return shown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Logs the failure: a refusal always as a warning, since it is a configuration problem. */
    void log(Logger log, String collectorId, URI uri, Throwable cause, long delay) {
        String query = uri.getRawQuery();
        String sensor = query == null ? uri.toString() : uri.toString().replace("?" + query, "");
        if (status != 0) {
            log.warn("collector {}: {} at {}; its frames wait in the buffer, retrying in {} ms", collectorId, reason,
                    sensor, delay);
        } else {
            log.debug("collector {}: failure detail", collectorId, cause);
            log.warn("collector {}: connection to {} lost or failed ({}); retrying in {} ms", collectorId, sensor,
                    reason, delay);
        }
    }

    /** @return the {@code detail} of a problem body ({@code error} of older sensors), or null */
    static String detail(Object body) {
        if (!(body instanceof String) || ((String) body).isBlank()) {
            return null;
        }
        try {
            JsonNode n = MAPPER.readTree((String) body);
            JsonNode d = n == null ? null : n.hasNonNull("detail") ? n.get("detail") : n.get("error");
            return d != null && d.isTextual() ? trim(d.asText()) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // an HTML error page or other text: nothing we can pass on
        }
    }

    private static String trim(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        return t.length() > MAX_DETAIL ? t.substring(0, MAX_DETAIL) + "..." : t;
    }

    /**
     * Asks the sensor's resource ({@code GET /sensor/{id}/} over HTTP) why it refused, for a refusal that came
     * without a readable body: its 404 says the sensor does not exist.
     *
     * @return the sensor's detail (or that it answers 404), or null when it exists or cannot tell
     */
    static CompletableFuture<String> probe(PeerClient client, URI sensor) {
        URI http;
        try {
            String scheme = "wss".equalsIgnoreCase(sensor.getScheme()) ? "https" : "http";
            http = new URI(scheme, null, sensor.getHost(), sensor.getPort(), sensor.getPath(), null, null);
        } catch (URISyntaxException | RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json").GET();
        client.credentials().authorization().ifPresent(a -> request.header("Authorization", a));
        try {
            return client.http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> r.statusCode() != 404 ? null
                            : detail(r.body()) != null ? detail(r.body()) : "GET " + http + " answers 404")
                    .exceptionally(t -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
