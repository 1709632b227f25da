package org.rocmon.sensor.internal.control;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.security.PeerCredentials;
import org.rocmon.json.RocmonJson;

/**
 * Talks to the children of a sensor: the sensors and resource collectors that feed it, each known by the URL it
 * announced when its collector connected ({@code Rocmon-Source}). Propagated commands are sent asynchronously and
 * each child is asked to answer with its outcome; routed commands and data queries are relayed synchronously, one
 * hop at a time.
 */
public class Remote {

    /** How long one hop may take to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private final HttpClient client;
    private final PeerCredentials credentials;

    /** @param credentials the TLS trust and node credential the children's node APIs ask for */
    public Remote(PeerCredentials credentials) {
        this.credentials = credentials;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(credentials.sslContext())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends the command to every target ({@code POST <target>?action=..&propagate=true&policy=..&command=..&hops=..
     * &wait=..&timeout=..}) and records each answer in the record; a child sensor answers when its own sub-graph is
     * done (it is asked to wait), so the future completes when every child has an outcome.
     *
     * @param hops how many more levels the command may travel below the targets (a guard against a cycle)
     * @param budgetMillis how long each child may take, its own children included
     */
    public CompletableFuture<Void> propagate(Collection<String> targets, ControlRecord record, int hops,
            long budgetMillis) {
        record.expect(targets.size());
        CompletableFuture<?>[] all = new CompletableFuture<?>[targets.size()];
        int i = 0;
        for (String t : targets) {
            all[i++] = command(t, record, hops, budgetMillis).handle((r, e) -> {
                if (e != null) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    record.child(t, 0, false, null, "unreachable: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                } else {
                    classify(t, r.status(), r.body(), record, budgetMillis);
                }
                return null;
            });
        }
        return CompletableFuture.allOf(all);
    }

    /** Decides from a child's answer whether it (and everything below it) took the command. */
    static void classify(String target, int status, String body, ControlRecord record, long budgetMillis) {
        JsonNode n;
        try {
            n = body == null || body.isBlank() ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            n = null;
        }
        if (status >= 400 || status < 200) {
            String detail = n == null ? abbreviate(body) : n.path("detail").asText(abbreviate(body));
            record.child(target, status, false, null, detail);
            return;
        }
        JsonNode cmd = n == null ? null : n.get("command");
        if (cmd == null || !cmd.isObject()) {
            record.child(target, status, true, null, null); // a resource collector: it applies at once
            return;
        }
        String outcome = cmd.path("status").asText("");
        boolean duplicate = n.path("duplicate").asBoolean(false);
        if ("succeeded".equals(outcome) || duplicate && "pending".equals(outcome)) {
            record.child(target, status, true, outcome, duplicate, null);
        } else if ("failed".equals(outcome)) {
            List<String> failed = new ArrayList<>();
            cmd.path("failed").forEach(f -> failed.add(f.asText()));
            String why = cmd.path("detail").asText("");
            record.child(target, status, false, outcome, "failed below"
                    + (failed.isEmpty() ? "" : ": " + String.join(", ", failed)) + (why.isEmpty() ? "" : " (" + why + ")"));
        } else {
            record.child(target, status, false, outcome, "no outcome within " + budgetMillis + " ms");
        }
    }

    /** Overridable in tests. */
    protected CompletableFuture<Answer> command(String target, ControlRecord record, int hops,
            long budgetMillis) {
        URI uri;
        try {
            uri = URI.create(target + (target.contains("?") ? "&" : "?") + "action=" + record.action().wire()
                    + "&propagate=true&policy=" + record.policy().wire() + "&command="
                    + URLEncoder.encode(record.id(), StandardCharsets.UTF_8) + "&hops=" + hops
                    + "&wait=" + budgetMillis + "ms&timeout=" + budgetMillis + "ms");
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest req = authorized(HttpRequest.newBuilder(uri)).timeout(Duration.ofMillis(budgetMillis)
                .plus(TIMEOUT)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return client.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), r.body()));
    }

    /**
     * A synchronous request to a child that may hold its answer (a routed command, a read of a command's record).
     *
     * @param holdMillis how long the child may hold the answer, beyond the usual hop timeout
     */
    public Answer call(String method, String url, long holdMillis) throws IOException {
        return send(method, url, TIMEOUT.plusMillis(Math.max(0, holdMillis)));
    }

    /** Overridable in tests. */
    protected Answer send(String method, String url, Duration timeout) throws IOException {
        try {
            HttpRequest.Builder b = authorized(HttpRequest.newBuilder(URI.create(url))).timeout(timeout);
            b = "POST".equals(method) ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new IOException("bad URL " + url);
        }
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
