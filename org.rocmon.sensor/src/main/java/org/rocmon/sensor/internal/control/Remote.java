package org.rocmon.sensor.internal.control;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import org.rocmon.api.security.PeerCredentials;

/**
 * Talks to the children of a sensor: the sensors and resource collectors that feed it, each known by the URL it
 * announced when its collector connected ({@code Rocmon-Source}). Commands are sent asynchronously (the parent
 * answers 202 at once); data queries are relayed synchronously, one hop at a time.
 */
public class Remote {

    /** How long one hop may take to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final PeerCredentials credentials;

    /** @param credentials the TLS trust and node credential the children's node APIs ask for */
    public Remote(PeerCredentials credentials) {
        this.credentials = credentials;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(credentials.sslContext())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends {@code POST <target>?action=..&propagate=true&hops=..} to every target and records each answer.
     *
     * @param hops how many more levels the command may travel below the targets (a guard against a cycle)
     */
    public CompletableFuture<Void> propagate(Collection<String> targets, ControlRecord record, int hops) {
        record.expect(targets.size());
        CompletableFuture<?>[] all = new CompletableFuture<?>[targets.size()];
        int i = 0;
        for (String t : targets) {
            all[i++] = command(t, record.action(), hops).handle((r, e) -> {
                if (e != null) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    record.failed(t, "unreachable: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                } else {
                    record.answered(t, r.statusCode(), r.statusCode() >= 400 ? abbreviate(r.body()) : null);
                }
                return null;
            });
        }
        return CompletableFuture.allOf(all);
    }

    /** Overridable in tests. */
    protected CompletableFuture<HttpResponse<String>> command(String target, ControlAction action, int hops) {
        URI uri;
        try {
            uri = URI.create(target + (target.contains("?") ? "&" : "?") + "action=" + action.wire()
                    + "&propagate=true&hops=" + hops);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest req = authorized(HttpRequest.newBuilder(uri)).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param childBase a child sensor's base URL ({@code http://host:port/sensor/id/})
     * @param descendant null for the child's own data, else the id to look up below it
     * @return status and body of the child's answer
     * @throws IOException when the child does not answer
     */
    public Answer data(String childBase, String descendant, int hops) throws IOException {
        String url = childBase + "data" + (descendant == null ? "" : "?descendant="
                + URLEncoder.encode(descendant, StandardCharsets.UTF_8) + "&hops=" + hops);
        return get(url);
    }

    /** Overridable in tests. */
    protected Answer get(String url) throws IOException {
        try {
            HttpResponse<String> r = client.send(authorized(HttpRequest.newBuilder(URI.create(url))).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new IOException("bad URL " + url);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        credentials.authorization().ifPresent(a -> request.header("Authorization", a));
        return request;
    }

    /** A child's answer. */
    public record Answer(int status, String body) {
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
