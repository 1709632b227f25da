package org.rocmon.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Test;

/**
 * Installs the Rocmon features into a real Apache Karaf 4.4.10 (unpacked by the build from Maven Central) and
 * checks that a sensor fed by a collector on the same node delivers measurements through its Log publisher.
 */
public class KarafIT {

    private static final List<String> FEATURES =
            List.of("rocmon-core", "rocmon-occi", "rocmon-mixins-aggregator", "rocmon-mixins-publisher", "rocmon-mixins-metric");

    private HttpClient http;

    @Test
    public void featuresInstallAndSensorDeliversMeasurements() throws Exception {
        Path dist = Path.of(System.getProperty("rocmon.karaf.dist"));
        Path work = Files.createDirectories(Path.of(System.getProperty("rocmon.karaf.work")));
        Path features = Path.of(System.getProperty("rocmon.karaf.features"));
        Path bundles = Path.of(System.getProperty("rocmon.karaf.repository"));
        Path m2 = Path.of(System.getProperty("rocmon.karaf.m2"));

        try (KarafInstance karaf = new KarafInstance(dist, work, bundles, m2)) {
            long t0 = System.currentTimeMillis();
            karaf.start();
            karaf.awaitShell(120_000);
            long shellReady = System.currentTimeMillis();

            karaf.client("feature:repo-add " + features.toUri(),
                    "feature:install " + String.join(" ", FEATURES));
            String installed = karaf.client("feature:list -i");
            for (String f : FEATURES) {
                assertTrue(f + " not installed:\n" + installed, installed.contains(f));
            }
            // Every Rocmon bundle resolved and started inside Karaf (none left Installed/Resolved/Failure). The
            // install refreshes Karaf's shell (jline's optional JNA import gets wired), which ends the client's
            // session before the install is done: poll until it is.
            String bundleList = karaf.client("bundle:list -s -t 0");
            List<String> rocmon = bundleList.lines().filter(l -> l.contains("org.rocmon.")).toList();
            long until = System.currentTimeMillis() + 180_000;
            while ((rocmon.size() != 30 || !rocmon.stream().allMatch(l -> l.contains("Active")))
                    && System.currentTimeMillis() < until) {
                Thread.sleep(2_000);
                bundleList = karaf.client("bundle:list -s -t 0");
                rocmon = bundleList.lines().filter(l -> l.contains("org.rocmon.")).toList();
            }
            // api, json, http, catalog, sensor, collector, process, history, security, dashboard, occi and 19 mixin
            // bundles
            assertEquals("Rocmon bundles:\n" + bundleList, 30, rocmon.size());
            for (String line : rocmon) {
                assertTrue("not active: " + line, line.contains("Active"));
            }
            // TLS on, as everywhere: the node made its CA at first start; the test trusts it as curl --cacert does
            Path ca = karaf.home.resolve("rocmon-data/security/tls/ca.crt");
            awaitFile(ca, 60_000, karaf);
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(trusting(ca)).build();
            String base = "https://127.0.0.1:" + karaf.httpPort;
            // the node APIs take the node token the security bundle generated under rocmon.data (docs/security.md)
            nodeToken = karaf.home.resolve("rocmon-data/security/node.token");
            awaitStatus(base + "/sensor/", 200, 60_000, karaf);
            long httpReady = System.currentTimeMillis();

            Path log = karaf.home.resolve("rocmon-data").resolve("s01.log"); // Log writes only in rocmon.data
            HttpResponse<String> sensor = post(base + "/sensor/s01/", sensorJson(log));
            assertEquals("sensor POST: " + sensor.body(), 201, sensor.statusCode());
            HttpResponse<String> collector = post(base + "/resource/g01/collector/c01/", COLLECTOR);
            assertEquals("collector POST: " + collector.body(), 201, collector.statusCode());

            List<String> lines = awaitLines(log, 2, 30_000);
            long delivered = System.currentTimeMillis();
            // The Log publisher writes one JSON measurement per line; the EWMA of CPUPercent is a number.
            assertTrue("not a measurement: " + lines.get(0), lines.get(0).contains("\"value\""));
            String status = get(base + "/sensor/s01/").body();
            assertTrue("sensor not running: " + status, status.contains("\"running\""));
            assertTrue("Karaf log has errors from Rocmon:\n" + karaf.karafLog(),
                    karaf.karafLog().lines().noneMatch(l -> l.contains("ERROR") && l.contains("rocmon")));
            System.out.printf("Karaf shell ready %d ms, HTTP ready %d ms after install, first Log lines %d ms after POST%n",
                    shellReady - t0, httpReady - shellReady, delivered - httpReady);
        }
    }

    private static String sensorJson(Path log) {
        return """
            {"id": "s01", "kind": "http://schemas.ogf.org/occi/monitoring#sensor",
             "mixins": ["http://example.com/occi/monitoring/aggregator#EWMA",
                        "http://example.com/occi/monitoring/publisher#Log"],
             "attributes": {"occi": {"sensor": {"period": 0.5}},
               "com": {"example": {"occi": {"monitoring": {
                 "EWMA": {"gain": 4, "instream": "a", "outstream": "c"},
                 "Log": {"filename": "%s", "in_msg": "c"}}}}}},
             "links": ["c01"]}
            """.formatted(log.toString().replace("\\", "\\\\"));
    }

    private static final String COLLECTOR = """
        {"id": "c01", "kind": "http://schemas.ogf.org/occi/monitoring#collector",
         "mixins": ["http://example.com/occi/monitoring/metric#CPUPercent"],
         "attributes": {"occi": {"collector": {"period": 0.5}},
           "com": {"example": {"occi": {"monitoring": {"CPUPercent": {"out": "a"}}}}}},
         "target": "s01", "source": "g01"}
        """;

    /** The generated node token's file; sent on every request once it exists. */
    private Path nodeToken;

    private HttpRequest.Builder request(String url) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (nodeToken != null && Files.exists(nodeToken)) {
            b.header("Authorization", "Bearer " + Files.readString(nodeToken).trim());
        }
        return b;
    }

    private HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return http.send(request(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(request(url).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitFile(Path file, long timeoutMs, KarafInstance karaf) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!Files.isRegularFile(file)) {
            if (System.currentTimeMillis() > end) {
                fail(file + " never appeared\nkaraf.log:\n" + karaf.karafLog());
            }
            Thread.sleep(200);
        }
    }

    /** @return a TLS context trusting the certificates of a PEM file and nothing else */
    private static javax.net.ssl.SSLContext trusting(Path pem) throws Exception {
        java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (java.io.InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)) {
                anchors.setCertificateEntry("ca" + i++, c);
            }
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private void awaitStatus(String url, int status, long timeoutMs, KarafInstance karaf) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        String last = "no answer";
        while (System.currentTimeMillis() < end) {
            try {
                HttpResponse<String> r = get(url);
                if (r.statusCode() == status) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        fail(url + " never answered " + status + " (last: " + last + ")\nbundles:\n"
                + karaf.client("bundle:list -t 0") + "\nkaraf.log:\n" + karaf.karafLog());
    }

    private static List<String> awaitLines(Path file, int count, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        List<String> lines = List.of();
        while (System.currentTimeMillis() < end) {
            if (Files.exists(file)) {
                lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
                if (lines.size() >= count) {
                    return lines;
                }
            }
            Thread.sleep(250);
        }
        fail("expected " + count + " lines in " + file + ", got " + lines);
        return lines;
    }
}
