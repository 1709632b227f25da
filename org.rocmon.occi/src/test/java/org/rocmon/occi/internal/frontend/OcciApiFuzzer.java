package org.rocmon.occi.internal.frontend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Jazzer target: whole requests through the OCCI API's request handling ({@link OcciApi#handle}, what the servlet
 * calls) on a front end over a fake catalog and fake nodes: a method, a path under a known prefix, a content type,
 * an Accept header, rendering headers and a body. Bad input must be answered with a 4xx (501 for a newer OCCI
 * version), never a 5xx or an exception (which the servlet would turn into a 503).
 */
public final class OcciApiFuzzer {

    private static final String[] METHODS = {"GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"};
    private static final String[] PATHS = {"/occi/sensor/", "/occi/collector/", "/occi/compute/", "/occi/",
        "/occi/-/", "/occi/mixins/", "/occi/node/", "/occi/resource/", "/occi/link/", "/.well-known/org/ogf/occi/-/",
        "/"};
    private static final String[] TYPES = {"application/occi+json", "application/json", "text/plain", "text/occi",
        "text/uri-list", "application/occi+json; charset=utf-8", null};
    private static final String[] ACCEPTS = {null, "application/occi+json", "text/plain", "text/occi",
        "text/uri-list", "*/*"};
    /** A new store every so many inputs, so that a long run does not fill the disk with entities. */
    private static final int INPUTS_PER_STORE = 2000;

    private static Harness harness;
    private static Path data;
    private static int inputs;

    private OcciApiFuzzer() {
    }

    /** Loads the classes a run touches before libFuzzer's clock and per-input timeout start. */
    public static void fuzzerInitialize() {
        fresh();
        harness.put("/occi/compute/g01", Harness.compute("g01"));
        harness.put("/occi/sensor/s01", Harness.listing1("s01", 3));
        harness.put("/occi/collector/c01", Harness.listing2("c01", "g01", "s01"));
        harness.call("POST", "/occi/sensor/s01", "text/plain", "X-OCCI-Attribute: occi.sensor.period=2");
        harness.get("/occi/-/", "Accept", "text/plain");
        harness.get("/occi/", "Accept", "text/uri-list");
        harness.call("DELETE", "/occi/sensor/s01", null, null);
        fresh();
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider in) {
        if (harness == null || ++inputs % INPUTS_PER_STORE == 0) {
            fresh();
        }
        String method = in.pickValue(METHODS);
        String path = in.pickValue(PATHS) + in.consumeString(24);
        String type = in.pickValue(TYPES);
        String accept = in.pickValue(ACCEPTS);
        String[] headers = new String[2 * in.consumeInt(0, 3)];
        for (int i = 0; i < headers.length; i += 2) {
            headers[i] = in.pickValue(new String[] {"Category", "X-OCCI-Attribute", "Link", "X-OCCI-Location",
                "X-OCCI-Version"});
            headers[i + 1] = in.consumeString(120);
        }
        if (accept != null) {
            String[] more = new String[headers.length + 2];
            System.arraycopy(headers, 0, more, 0, headers.length);
            more[headers.length] = "Accept";
            more[headers.length + 1] = accept;
            headers = more;
        }
        String body = in.consumeRemainingAsString();
        OcciResponse r = harness.call(method, path, type, body, headers);
        if (r.status >= 500 && r.status != 501) {
            throw new IllegalStateException(method + " " + path + " answered " + r.status + ": "
                    + new String(r.body == null ? new byte[0] : r.body, StandardCharsets.UTF_8));
        }
    }

    private static void fresh() {
        try {
            if (data != null) {
                try (Stream<Path> files = Files.walk(data)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            data = Files.createTempDirectory("occi-fuzz");
            harness = new Harness(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
