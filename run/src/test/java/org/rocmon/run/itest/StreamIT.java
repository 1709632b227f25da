package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The Stream publisher on the runtime's own Jetty: a sensor with Stream fed by a CPUPercent collector on the same
 * node; a java.net.http client reads the server-sent events as they come, the listing shows the subscriber, DELETE
 * of the sensor ends the stream. With Chromium installed (always under CI), the browser page at /stream/ is loaded
 * headless and must show a live value.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StreamIT {

    private static final String STREAM = "http://example.com/occi/monitoring/publisher#Stream";
    private static final String MEMORY = "http://example.com/occi/monitoring/metric#Memory";
    private static final String CPU = "http://example.com/occi/monitoring/metric#CPUPercent";
    private static final File CHROMIUM = new File("/usr/bin/chromium");

    @Inject
    BundleContext context;

    private Node node;
    private HttpClient client;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Before
    public void setUp() {
        node = new Node(context).awaitReady();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @After
    public void tearDown() {
        node.delete("/resource/gs/");
        node.delete("/sensor/ss/");
    }

    private void deploy() {
        deploy(false);
    }

    /** @param memoryToo also publish channel b (the host's memory use) beside a (CPU percent) */
    private void deploy(boolean memoryToo) {
        String sensor = "{\"id\":\"ss\",\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":[\"" + STREAM + "\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,\"com.example.occi.monitoring.Stream.input\":\"a\""
                + (memoryToo ? ",\"com.example.occi.monitoring.Stream.input2\":\"b\"" : "") + "}}";
        Node.Response s = node.post("/sensor/ss/", sensor);
        assertEquals(s.toString(), 201, s.code);
        String collector = "{\"id\":\"cs\",\"kind\":\"" + Node.COLLECTOR_KIND + "\",\"mixins\":[\"" + CPU + "\""
                + (memoryToo ? ",\"" + MEMORY + "\"" : "") + "],"
                + "\"attributes\":{\"occi.collector.period\":0.2,\"com.example.occi.monitoring.CPUPercent.out\":\"a\""
                + (memoryToo ? ",\"com.example.occi.monitoring.Memory.out\":\"b\"" : "") + "},"
                + "\"target\":\"ss\",\"source\":\"gs\"}";
        Node.Response c = node.post("/resource/gs/collector/cs", collector);
        assertEquals(c.toString(), 201, c.code);
    }

    @Test
    public void aClientReadsLiveMeasurementsUntilTheSensorIsDeleted() throws Exception {
        deploy();
        Node.await("GET /stream/ss is there", 10_000,
                () -> node.get("/stream/").body.contains("\"/stream/ss\""));
        HttpResponse<java.util.stream.Stream<String>> r = client.send(HttpRequest.newBuilder(
                URI.create(node.base + "/stream/ss")).header("Accept", "text/event-stream")
                .header("Authorization", Node.basic("admin", node.adminPassword())).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Iterator<String> lines = r.body().iterator();

        List<Map<String, Object>> events = readEvents(lines, 3, 20_000);
        for (Map<String, Object> e : events) {
            assertEquals(e.toString(), "ss", e.get("sensor"));
            assertEquals(e.toString(), "a", e.get("channel"));
            assertEquals(e.toString(), "%", e.get("unit"));
            double v = (Double) e.get("value");
            assertTrue(e.toString(), v >= 0 && v <= 100);
            assertTrue(e.toString(), Math.abs(((Double) e.get("ts")) - System.currentTimeMillis()) < 60_000);
        }
        assertTrue("timestamps grow: " + events,
                (Double) events.get(events.size() - 1).get("ts") > (Double) events.get(0).get("ts"));

        Node.Response list = node.get("/stream/");
        assertEquals(list.toString(), 200, list.code);
        Matcher m = Pattern.compile("\"path\":\"/stream/ss\",\"subscribers\":(\\d+)").matcher(list.body);
        assertTrue(list.toString(), m.find());
        assertTrue("our client is listed: " + list, Integer.parseInt(m.group(1)) >= 1);
        Node.Response missing = node.get("/stream/nosuch");
        assertEquals(missing.toString(), 404, missing.code);
        assertTrue(missing.toString(), missing.body.contains("/stream/ss"));

        // Deleting the sensor ends the stream: an end event, then the response completes.
        assertEquals(204, node.delete("/sensor/ss/").code);
        CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
            boolean sawEnd = false;
            while (lines.hasNext()) {
                sawEnd |= lines.next().equals("event: end");
            }
            return sawEnd;
        });
        assertTrue("event: end before the response completes", ended.get(10, TimeUnit.SECONDS));
        Node.await("the stream is gone from the listing", 5_000,
                () -> !node.get("/stream/").body.contains("/stream/ss"));
    }

    @Test
    public void aHeadlessBrowserShowsALiveValue() throws Exception {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        if (!ci) {
            Assume.assumeTrue("no " + CHROMIUM + " (apt-get install chromium)", CHROMIUM.canExecute());
        }
        assertTrue("CI needs " + CHROMIUM, CHROMIUM.canExecute());
        deploy(true);
        // a round of the collector writes a and b together: after 10 frames both have a latest value
        Pattern published = Pattern.compile("\"path\":\"/stream/ss\",\"subscribers\":\\d+,\"published\":(\\d+)");
        Node.await("both channels of /stream/ss have a value", 15_000, () -> {
            Matcher p = published.matcher(node.get("/stream/").body);
            return p.find() && Long.parseLong(p.group(1)) >= 10;
        });
        Path profile = Files.createTempDirectory(node.data, "chromium-");
        // EventSource sends no headers of its own: the browser logs in on the page (Basic, from the URL here, a
        // prompt for a person) and sends the same credentials with the page's same-origin EventSource requests
        String page = "http://admin:" + node.adminPassword() + "@127.0.0.1:" + node.port + "/stream/?once";
        Process chromium = new ProcessBuilder(CHROMIUM.getPath(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", page)
                .redirectError(profile.resolve("stderr.txt").toFile()).start();
        CompletableFuture<String> dom = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        boolean exited = chromium.waitFor(45, TimeUnit.SECONDS);
        if (!exited) {
            chromium.destroyForcibly();
        }
        String html = dom.get(10, TimeUnit.SECONDS);
        assertTrue("chromium exited: " + html, exited);
        // The page's row for ss/a: a value cell holding a number
        Matcher m = Pattern.compile("<td>/stream/ss</td><td>ss</td><td>a</td><td class=\"value\">([0-9.eE+-]+)</td>")
                .matcher(html);
        assertTrue("a live CPU value in the DOM:\n" + html, m.find());
        double v = Double.parseDouble(m.group(1));
        assertTrue(html, v >= 0 && v <= 100);
        // ?once closes a stream after the latest value of every channel, not after its first value
        assertTrue("the memory value in the DOM too:\n" + html,
                html.contains("<td>/stream/ss</td><td>ss</td><td>b</td><td class=\"value\">"));
    }

    /** Reads SSE lines until {@code n} measurement events arrived; fails after {@code timeoutMs}. */
    private static List<Map<String, Object>> readEvents(Iterator<String> lines, int n, long timeoutMs)
            throws Exception {
        CompletableFuture<List<Map<String, Object>>> read = CompletableFuture.supplyAsync(() -> {
            List<Map<String, Object>> events = new ArrayList<>();
            String event = null;
            while (events.size() < n && lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && "measurement".equals(event)) {
                    events.add(Json.object(line.substring(6)));
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
            return events;
        });
        List<Map<String, Object>> events = read.get(timeoutMs, TimeUnit.MILLISECONDS);
        assertEquals("measurement events: " + events, n, events.size());
        return events;
    }
}
