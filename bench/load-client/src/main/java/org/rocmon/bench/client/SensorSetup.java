package org.rocmon.bench.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Defines or deletes the sensor under test. Usage:
 * {@code SensorSetup define --base https://127.0.0.1:P --id ID --collectors N --channels K --stats FILE [--period S]
 * [--cacert CA.crt]}
 * or {@code SensorSetup delete --base ... --id ID}. Exits non-zero (printing the answer) when the node refuses.
 */
public final class SensorSetup {

    private SensorSetup() {
    }

    public static void main(String[] args) throws Exception {
        String verb = args[0];
        Options o = new Options(java.util.Arrays.copyOfRange(args, 1, args.length));
        URI uri = URI.create(o.require("base") + "/sensor/" + o.require("id") + "/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(Tls.context(o.get("cacert", null))).build();
        HttpRequest request;
        if ("define".equals(verb)) {
            String body = SensorDefinition.build(o.require("id"), o.integer("collectors", 64),
                    o.integer("channels", 1), o.require("stats"), o.number("period", 0.2)).toString();
            request = NodeToken.authorize(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } else if ("delete".equals(verb)) {
            request = NodeToken.authorize(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(30)).DELETE().build();
        } else {
            throw new IllegalArgumentException("verb is define or delete, not " + verb);
        }
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int code = response.statusCode();
        String text = response.body();
        System.out.println(verb + " " + uri + " -> " + code + " "
                + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
        if (code / 100 != 2) {
            System.exit(1);
        }
    }
}
