package org.rocmon.run.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.osgi.framework.BundleContext;

/**
 * The test side of one Rocmon node, used from inside the probe or from the test JVM: HTTPS on loopback trusting
 * the node's CA as a newcomer's {@code curl --cacert} does (plain HTTP when the node runs with the development
 * switch {@code rocmon.tls=off}, as the Pax Exam nodes of {@link RocmonOptions} do), one connection per request
 * (so no pooled connection outlives a test), polling helpers and the paper's listings.
 */
final class Node {

    /** Framework property of the development switch that turns TLS off. */
    static final String TLS_PROPERTY = "rocmon.tls";

    /** Kind of a sensor. */
    static final String SENSOR_KIND = "http://schemas.ogf.org/occi/monitoring#sensor";
    /** Kind of a collector. */
    static final String COLLECTOR_KIND = "http://schemas.ogf.org/occi/monitoring#collector";

    final int port;
    /** {@code https://127.0.0.1:<port>} (or the host the node binds), or {@code http://} with TLS off. */
    final String base;
    final Path data;
    /** The CA certificate the node's certificate chains to; null when the node serves plain HTTP. */
    final Path caCertificate;
    private volatile SSLContext trust;
    /** Sent as HTTP Basic (user admin) on the user-facing paths; null: read from the generated file, if any. */
    private final String adminPassword;
    /** Sent as a bearer token on the node APIs; null: read from the generated file. */
    private final String nodeToken;

    Node(BundleContext context) {
        String p = context.getProperty(RocmonOptions.HTTP_PORT);
        if (p == null) {
            throw new IllegalStateException(RocmonOptions.HTTP_PORT + " is not set: is RocmonOptions.node() used?");
        }
        this.port = Integer.parseInt(p);
        this.data = Path.of(context.getProperty(RocmonOptions.DATA));
        this.caCertificate = "off".equalsIgnoreCase(String.valueOf(context.getProperty(TLS_PROPERTY)).trim()) ? null
                : data.resolve("security/tls/ca.crt");
        this.base = (caCertificate == null ? "http" : "https") + "://127.0.0.1:" + port;
        this.adminPassword = context.getProperty(RocmonOptions.ADMIN_PASSWORD_PROPERTY);
        this.nodeToken = context.getProperty(RocmonOptions.NODE_TOKEN_PROPERTY);
    }

    /**
     * A node in another process (see {@link NodeProcess}), driven from the test JVM instead of the probe.
     *
     * @param port its HTTP port on 127.0.0.1
     * @param data its {@code rocmon.data} folder
     */
    Node(int port, Path data) {
        this(port, data, RocmonOptions.ADMIN_PASSWORD, data.resolve("security/tls/ca.crt"), RocmonOptions.NODE_TOKEN);
    }

    /**
     * @param adminPassword the admin password the node was given, or null when it generated its own into
     *        {@code data/security/admin.password}
     * @param caCertificate the CA the node's certificate chains to (its own {@code data/security/tls/ca.crt}, or
     *        the deployment's), read when first needed; null for a node with TLS off
     * @param nodeToken the node token it was given, or null when it generated its own into
     *        {@code data/security/node.token}
     */
    Node(int port, Path data, String adminPassword, Path caCertificate, String nodeToken) {
        this("127.0.0.1", port, data, adminPassword, caCertificate, nodeToken);
    }

    /** As above, for a node that binds another loopback address ({@code 127.0.0.2}...) and is reached there. */
    Node(String host, int port, Path data, String adminPassword, Path caCertificate, String nodeToken) {
        this.port = port;
        this.base = (caCertificate == null ? "http" : "https") + "://" + host + ":" + port;
        this.data = data;
        this.adminPassword = adminPassword;
        this.caCertificate = caCertificate;
        this.nodeToken = nodeToken;
    }

    /** @return whether the node serves HTTPS and WSS */
    boolean tls() {
        return caCertificate != null;
    }

    /** @return a TLS context trusting only the node's CA (the JVM's default one for a plain node) */
    SSLContext sslContext() {
        if (caCertificate == null) {
            try {
                return SSLContext.getDefault();
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
        SSLContext t = trust;
        if (t == null) {
            t = trusting(caCertificate);
            trust = t;
        }
        return t;
    }

    /** @return a TLS context that trusts the certificates of a PEM file and nothing else */
    static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)) {
                anchors.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + pem + ": " + e, e);
        }
    }

    /** @return an HTTP client (also for WebSockets) that trusts the node's CA */
    java.net.http.HttpClient httpClient() {
        return java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5))
                .sslContext(sslContext()).build();
    }

    /** @return the node's URL of a path, e.g. {@code https://127.0.0.1:8080/sensor/s01/} */
    String url(String path) {
        return base + path;
    }

    /**
     * Opens a connection to one of the node's URLs, trusting its CA.
     *
     * @param url an absolute URL of this node
     */
    HttpURLConnection open(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(sslContext().getSocketFactory());
        }
        return c;
    }

    /** @return whether a path is one of the user-facing APIs the security guard authenticates */
    static boolean userFacing(String path) {
        return path.startsWith("/occi") || path.startsWith("/.well-known/org/ogf/occi") || path.startsWith("/auth")
                || path.startsWith("/admin") || path.startsWith("/v2") || path.startsWith("/dashboard");
    }

    /** @return whether a path is one of the node APIs or data endpoints the guard opens to the node token */
    static boolean nodePath(String path) {
        for (String p : new String[] {"/sensor", "/resource", "/history", "/stream", "/metrics", "/join"}) {
            if (path.equals(p) || path.startsWith(p + "/") || path.startsWith(p + "?")) {
                return true;
            }
        }
        return false;
    }

    /** @return the deployment's node token: the configured one, or the one the node generated at first start */
    String nodeToken() {
        if (nodeToken != null) {
            return nodeToken;
        }
        try {
            return Files.readString(data.resolve("security/node.token"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new AssertionError("the node has no generated node token yet", e);
        }
    }

    /** @return the {@code Authorization} value of the node token */
    String nodeAuthorization() {
        return "Bearer " + nodeToken();
    }

    /** @return the admin's password: the configured one, or the one the node generated at first start */
    String adminPassword() {
        if (adminPassword != null) {
            return adminPassword;
        }
        try {
            return Files.readString(data.resolve("security/admin.password"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new AssertionError("the node has no generated admin password yet", e);
        }
    }

    /** @return the value of an {@code Authorization: Basic} header */
    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the {@code Authorization} header the test helpers send on a path: the admin's on user-facing ones,
     *         the node token on the node APIs (as the front end and the other nodes do), none elsewhere
     */
    String authorization(String path) {
        if (userFacing(path)) {
            return basic("admin", adminPassword());
        }
        if (!nodePath(path)) {
            return null;
        }
        // a node that generates its token writes it at start: until then, ask without (401), as the polls expect
        return nodeToken != null || Files.exists(data.resolve("security/node.token")) ? nodeAuthorization() : null;
    }

    /**
     * Waits until both REST endpoints are registered (whiteboard registration is asynchronous, and Jetty starts only
     * once the framework has started every bundle and the node's TLS is set up: over a minute on a loaded machine).
     */
    Node awaitReady() {
        await("GET /sensor/ and /resource/ answer 200", 120_000,
                () -> get("/sensor/").code == 200 && get("/resource/").code == 200);
        return this;
    }

    URI ws(String sensorId) {
        return URI.create((tls() ? "wss" : "ws") + base.substring(base.indexOf(':')) + "/sensor/" + sensorId + "/");
    }

    Response get(String path) {
        return call("GET", path, null, null);
    }

    Response delete(String path) {
        return call("DELETE", path, null, null);
    }

    Response post(String path, String json) {
        return call("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    Response call(String method, String path, String contentType, byte[] body) {
        try {
            HttpURLConnection c = open(base + path);
            c.setRequestMethod(method);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(15_000);
            c.setRequestProperty("Connection", "close");
            c.setRequestProperty("Accept", "application/json");
            String authorization = authorization(path);
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            if (body != null) {
                c.setDoOutput(true);
                if (contentType != null) {
                    c.setRequestProperty("Content-Type", contentType);
                }
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                } catch (IOException e) {
                    // A server may answer (e.g. 413) and close before it read everything; the status still counts.
                }
            }
            int code = c.getResponseCode();
            InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : new String(readAll(in), StandardCharsets.UTF_8);
            c.disconnect();
            return new Response(method + " " + path, code, text, c.getHeaderField("Location"));
        } catch (IOException e) {
            return new Response(method + " " + path, -1, e.toString(), null);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** Polls {@code condition} every 50 ms; fails with {@code what} after {@code timeoutMs}. */
    static void await(String what, long timeoutMs, BooleanSupplier condition) {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet: a half-written file or a parse of a partial answer
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting until " + what);
            }
            sleep(50);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** @return the JSON objects of the complete lines of a Log publisher file (none when it does not exist yet) */
    static List<Map<String, Object>> logLines(Path file) {
        List<Map<String, Object>> lines = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return lines;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return lines;
            }
            for (String line : text.substring(0, end).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(Json.object(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /**
     * The paper's listing 1 (sensor s01) with a shorter period, SendUDP aimed at a test socket and Log at a
     * test file.
     */
    static String listing1(String id, double period, int udpPort, Path logFile) {
        return "{\n"
                + "  \"id\": \"" + id + "\",\n"
                + "  \"kind\": \"" + SENSOR_KIND + "\",\n"
                + "  \"mixins\": [\n"
                + "    \"http://example.com/occi/monitoring/publisher#SendUDP\",\n"
                + "    \"http://example.com/occi/monitoring/aggregator#EWMA\",\n"
                + "    \"http://example.com/occi/monitoring/publisher#Log\"\n"
                + "  ],\n"
                + "  \"attributes\": {\n"
                + "    \"occi\": { \"sensor\": { \"period\": " + period + " } },\n"
                + "    \"com\": { \"example\": { \"occi\": { \"monitoring\": {\n"
                + "      \"SendUDP\" : { \"hostname\": \"localhost\", \"port\": \"" + udpPort + "\", \"input\": \"c\"},\n"
                + "      \"EWMA\" : { \"gain\": 16, \"instream\": \"a\", \"outstream\": \"c\"},\n"
                + "      \"Log\" : { \"filename\": " + Json.quote(logFile.toString()) + ", \"in_msg\": \"b\" }\n"
                + "    } } } } },\n"
                + "  \"links\": []\n"
                + "}\n";
    }

    /** The paper's listing 2 (collector c01 from resource g01 to sensor s01), IsReachable aimed at 127.0.0.1. */
    static String listing2(String id, double period, String target, String source) {
        return "{\n"
                + "  \"id\": \"" + id + "\",\n"
                + "  \"kind\": \"" + COLLECTOR_KIND + "\",\n"
                + "  \"mixins\": [\n"
                + "    \"http://example.com/occi/monitoring/metric#CPUPercent\",\n"
                + "    \"http://example.com/occi/monitoring/metric#IsReachable\"\n"
                + "  ],\n"
                + "  \"attributes\": {\n"
                + "    \"occi\": { \"collector\": { \"period\": " + period + " } },\n"
                + "    \"com\": { \"example\": { \"occi\": { \"monitoring\": {\n"
                + "      \"CPUPercent\" : { \"out\": \"a\"},\n"
                + "      \"IsReachable\" : { \"hostname\": \"127.0.0.1\", \"maxdelay\": 1000, \"out\": \"b\" }\n"
                + "    } } } } },\n"
                + "  \"actions\": [],\n"
                + "  \"target\": \"" + target + "\",\n"
                + "  \"source\": \"" + source + "\"\n"
                + "}\n";
    }

    /** A sensor that logs channel {@code channel} to {@code logFile} and admits {@code collector} through its links. */
    static String logSensor(String id, String channel, Path logFile, String collector) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + SENSOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Log.filename\":" + Json.quote(logFile.toString()) + ","
                + "\"com.example.occi.monitoring.Log.in_msg\":\"" + channel + "\"},"
                + "\"links\":[{\"id\":\"" + collector + "\"}]}";
    }

    /** One HTTP answer. */
    static final class Response {
        final String request;
        final int code;
        final String body;
        final String location;

        Response(String request, int code, String body, String location) {
            this.request = request;
            this.code = code;
            this.body = body;
            this.location = location;
        }

        Map<String, Object> json() {
            return Json.object(body);
        }

        @Override
        public String toString() {
            return request + " -> " + code + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }
}
