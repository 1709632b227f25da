package org.rocmon.occi.internal.frontend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rocmon.http.Problem;

/**
 * Jazzer target shared by the two OCCI rendering parsers: a request body (or, for {@code text/occi}, its header
 * lines) goes through {@link RequestBodies}, which the API calls for every PUT and POST. Each input either yields
 * a submission or throws a {@link Problem} with a 4xx status; anything else would reach the servlet as a 5xx.
 */
final class OcciBodyFuzzer {

    private OcciBodyFuzzer() {
    }

    /** application/occi+json: an entity, or a {@code {"locations": [...]}} body for a mixin collection. */
    static void json(byte[] data) {
        OcciRequest req = request("application/occi+json", Map.of(), data);
        run(req, data.length % 2 == 0);
    }

    /**
     * Odd lengths: a {@code text/plain} body. Even lengths: {@code text/occi}, where each input line
     * {@code Name: value} becomes a header of that name and the body stays empty. Lines are split on LF without a
     * regular expression: under Jazzer's regex hooks a {@code "\r?\n"} split cost about 1 ms per input.
     */
    static void text(byte[] data) {
        if (data.length % 2 == 1) {
            run(request("text/plain", Map.of(), data), data.length % 4 == 1);
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        }
        run(request("text/occi", headers, new byte[0]), data.length % 4 == 0);
    }

    private static OcciRequest request(String type, Map<String, List<String>> extra, byte[] body) {
        Map<String, List<String>> h = new LinkedHashMap<>(extra);
        h.put("Content-Type", List.of(type));
        return new OcciRequest("PUT", "/occi/sensor/s01", Map.of(), h, body, null, "http://127.0.0.1:8080");
    }

    private static void run(OcciRequest req, boolean locations) {
        try {
            if (locations) {
                RequestBodies.locations(req);
            } else {
                RequestBodies.submission(req);
            }
        } catch (Problem p) {
            if (p.status() < 400 || p.status() > 499) {
                throw new IllegalStateException("refusal with status " + p.status() + ": " + p.detail(), p);
            }
            p.body();
        }
    }
}
