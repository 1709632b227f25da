package org.rocmon.mixins.publisher.timeseries.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Posts lines to the InfluxDB write API ({@code /write} of 1.x or {@code /api/v2/write} of 2.x), synchronously on
 * the calling runtime thread with short timeouts. The JDK client's own selector thread is the only thread involved.
 */
final class HttpLineSink implements LineSink {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI uri;
    private final String token;
    private HttpClient client;

    HttpLineSink(URI uri, String token) {
        this.uri = uri;
        this.token = token;
        // HTTP/1.1: the default h2c upgrade attempt on a POST only confuses some servers
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @Override
    public void send(List<String> lines) throws IOException {
        String body = String.join("\n", lines) + "\n";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Token " + token);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to " + uri, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String message = "InfluxDB at " + uri.getHost() + ":" + uri.getPort() + " answered " + status + " "
                + excerpt(response.body());
        // 4xx means this batch is wrong (e.g. a field type conflict) or not allowed; only 408/429/5xx may pass later
        if (status / 100 == 4 && status != 408 && status != 429) {
            throw new RefusedException(message);
        }
        throw new IOException(message);
    }

    private static String excerpt(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    @Override
    public void close() {
        client = null; // Java 17's client has no close(); dropping it lets its selector thread end
    }
}
