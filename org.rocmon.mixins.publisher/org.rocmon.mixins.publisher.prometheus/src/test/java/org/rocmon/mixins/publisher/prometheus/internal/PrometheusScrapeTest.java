package org.rocmon.mixins.publisher.prometheus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.MixinContexts;

/**
 * Scrapes the exposition with a real Prometheus (Debian's {@code /usr/bin/prometheus}) on loopback, in both formats:
 * job {@code om} lets Prometheus negotiate (it asks for OpenMetrics first), job {@code text} gets text 0.0.4. The
 * text is also checked with {@code promtool check metrics}. As on a node, the server refuses a scrape without the
 * node token (401); both jobs send it from a {@code credentials_file} as docs/security.md shows, a third job without
 * it is down. Skipped only when Prometheus is not installed and the
 * environment variable CI is unset; under CI a missing tool fails.
 */
public class PrometheusScrapeTest {

    private static final File PROMETHEUS = new File("/usr/bin/prometheus");
    private static final File PROMTOOL = new File("/usr/bin/promtool");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** What the node's guard asks of a scrape: the deployment's node token (or an admin's credentials). */
    private static final String NODE_TOKEN = "rmn_scrape-test-node-token-0123456789abcdefghi";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private MetricsEndpoint endpoint;
    private Prometheus mixin;
    private HttpServer server;
    private Process prometheus;

    @Before
    public void requireTools() {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        if (!ci) {
            Assume.assumeTrue("no " + PROMETHEUS + " (apt-get install prometheus)", PROMETHEUS.canExecute());
        }
        assertTrue("CI needs " + PROMETHEUS + " and " + PROMTOOL + " (apt-get install prometheus)",
                PROMETHEUS.canExecute() && PROMTOOL.canExecute());
    }

    @After
    public void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (server != null) {
            server.stop(0);
        }
        if (mixin != null) {
            mixin.close();
        }
    }

    private void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        // what the servlet does, without Jetty: negotiate by Accept, render the registry's path
        server.createContext("/metrics/", exchange -> {
            if (refused(exchange)) {
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            accepts.add(String.valueOf(accept));
            Exposition.Format format = Exposition.Format.negotiate(accept);
            contentTypes.add(format.contentType);
            reply(exchange, format, endpoint.render(exchange.getRequestURI().getPath(), format));
        });
        server.createContext("/text/", exchange -> {
            if (refused(exchange)) {
                return;
            }
            String path = exchange.getRequestURI().getPath().substring("/text".length());
            reply(exchange, Exposition.Format.TEXT, endpoint.render(path, Exposition.Format.TEXT));
        });
        server.start();
    }

    /** The node's guard in one line: 401 unless the request carries the node token. */
    private static boolean refused(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        if (("Bearer " + NODE_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return false;
        }
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
        return true;
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, Exposition.Format format, String text)
            throws IOException {
        byte[] body = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", format.contentType);
        exchange.sendResponseHeaders(text == null ? 404 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    public void realPrometheusScrapesBothFormats() throws Exception {
        endpoint = new MetricsEndpoint();
        mixin = new Prometheus(endpoint);
        String p = MixinContexts.prefix(Prometheus.SCHEME, Prometheus.TERM);
        mixin.open(AttributeContext.create(p, MixinContexts.specs(PrometheusFixtureTest.SPECS), "s01",
                Map.of(p + "input", "cpu.load", p + "input2", "up"), 1000, Map.of()));
        long now = System.currentTimeMillis();
        mixin.publish("cpu.load", Measurement.of(42.5, now).withSource("c01").withState(State.WARNING));
        mixin.publish("cpu.load", Measurement.of(7, now).withSource("c\"02"));
        mixin.publish("up", Measurement.of(true, now).withSource("c01"));
        serve();

        String text = endpoint.render("/metrics/s01", Exposition.Format.TEXT);
        Process check = new ProcessBuilder(PROMTOOL.getPath(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("promtool timed out", check.waitFor(30, TimeUnit.SECONDS));
        assertEquals("promtool check metrics: " + verdict + "\n" + text, 0, check.exitValue());

        int promPort = freePort();
        Path config = temp.getRoot().toPath().resolve("prometheus.yml");
        String target = "127.0.0.1:" + server.getAddress().getPort();
        Path token = temp.getRoot().toPath().resolve("node.token");
        Files.writeString(token, NODE_TOKEN + "\n", StandardCharsets.UTF_8);
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: om",
                "    metrics_path: /metrics/s01",
                "    authorization: {credentials_file: " + token + "}",
                "    static_configs: [{targets: ['" + target + "']}]",
                "  - job_name: text",
                "    metrics_path: /text/metrics/s01",
                "    authorization: {credentials_file: " + token + "}",
                "    static_configs: [{targets: ['" + target + "']}]",
                "  - job_name: anonymous",
                "    metrics_path: /metrics/s01",
                "    static_configs: [{targets: ['" + target + "']}]",
                ""), StandardCharsets.UTF_8);
        prometheus = new ProcessBuilder(PROMETHEUS.getPath(), "--config.file=" + config,
                "--storage.tsdb.path=" + temp.newFolder("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(temp.newFile("prometheus.log")).start();

        String api = "http://127.0.0.1:" + promPort;
        for (String job : new String[] {"om", "text"}) {
            assertEquals(job, "42.5", waitForValue(api, "rocmon_cpu_load{job=\"" + job + "\",source=\"c01\"}"));
            assertEquals(job, "7", waitForValue(api, "rocmon_cpu_load{job=\"" + job + "\",source=\"c\\\"02\"}"));
            assertEquals(job, "1", waitForValue(api, "rocmon_cpu_load_state{job=\"" + job + "\",sensor=\"s01\"}"));
            assertEquals(job, "1", waitForValue(api, "rocmon_up{job=\"" + job + "\"}"));
            assertEquals(job, "1", waitForValue(api, "up{job=\"" + job + "\"}"));
        }
        assertEquals("a scrape without the node token is refused", "0",
                waitForValue(api, "up{job=\"anonymous\"}"));
        assertTrue("Prometheus asked for OpenMetrics: " + accepts,
                accepts.get(0).startsWith("application/openmetrics-text"));
        assertTrue(contentTypes.get(0), contentTypes.get(0).startsWith("application/openmetrics-text; version=1.0.0"));
    }

    /** Polls the query API until the query has exactly one sample (30 s at most); @return its value */
    private static String waitForValue(String api, String query) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
        URI uri = URI.create(api + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                JsonNode result = MAPPER.readTree(last).path("data").path("result");
                if (result.size() == 1) {
                    return result.get(0).get("value").get(1).asText();
                }
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(250);
        }
        fail("no single sample for " + query + " within 30 s; last answer: " + last);
        return null;
    }
}
