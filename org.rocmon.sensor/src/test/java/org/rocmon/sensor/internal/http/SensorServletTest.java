package org.rocmon.sensor.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.dto.StatusDTO;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.sensor.internal.SensorManager;
import org.rocmon.sensor.internal.TestManagers;
import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

/** The servlet and the WebSocket on a real Jetty 12 on loopback, without OSGi. */
public class SensorServletTest {

    static final String LOG = FakeCatalog.PUB + "Log";
    static final String EWMA = FakeCatalog.AGG + "EWMA";
    static final ObjectMapper MAPPER = new ObjectMapper();

    static Server server;
    static SensorManager manager;
    static FakeCatalog catalog;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<Map<String, Measurement>> FORWARDED = new CopyOnWriteArrayList<>();
    static final List<URI> EDGE_URIS = new CopyOnWriteArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        catalog = new FakeCatalog()
                .add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"), List.of())
                .add(EWMA, "aggregator", Mixins.Ewma::new, List.of("instream"), List.of("outstream"));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler("/");
        JettyWebSocketServletContainerInitializer.configure(ctx, null);
        manager = TestManagers.create(catalog, Files.createTempDirectory("rocmon-servlet"), 8080);
        ServletHolder holder = new ServletHolder(new SensorServlet(manager));
        holder.setInitOrder(1); // as the whiteboard does: init before the first request
        ctx.addServlet(holder, "/sensor/*");
        ctx.addServlet(holder, "/sensor");
        server.setHandler(ctx);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterClass
    public static void stop() throws Exception {
        server.stop();
        TestManagers.stop(manager);
    }

    static HttpResponse<String> call(String method, String path, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return MAPPER.readTree(r.body());
    }

    static String sensor(String id, String extra) {
        return "{'id':'" + id + "','kind':'http://schemas.ogf.org/occi/monitoring#sensor','mixins':['" + EWMA
                + "','" + LOG + "'],'attributes':{'occi':{'sensor':{'period':1}},'com':{'example':{'occi':{"
                + "'monitoring':{'EWMA':{'gain':'2','instream':'a','outstream':'c'},'Log':{'in_msg':'c'}}}}}},"
                + "'links':[{'id':'c01'}]" + extra + "}";
    }

    @Test
    public void restLifecycleAndErrors() throws Exception {
        HttpResponse<String> r = call("POST", "/sensor/s10/", sensor("s10", ""), "application/json");
        assertEquals(r.body(), 201, r.statusCode());
        assertEquals("/sensor/s10/", r.headers().firstValue("Location").orElse(""));
        assertEquals("running", json(r).path("status").path("state").asText());
        r = call("POST", "/sensor/s10/", sensor("s10", ""), "application/occi+json; charset=utf-8");
        assertEquals(200, r.statusCode());
        r = call("GET", "/sensor/s10/", null, null);
        assertEquals(200, r.statusCode());
        JsonNode d = json(r);
        assertEquals("2", d.path("attributes").path("com.example.occi.monitoring.EWMA.gain").asText());
        assertEquals(2, d.path("stages").size());
        assertEquals("aggregator", d.path("stages").get(0).path("kind").asText());
        assertEquals("c", d.path("stages").get(0).path("outputs").get(0).asText());
        assertTrue(d.path("status").path("counters").has("duplicates"));
        r = call("GET", "/sensor/", null, null);
        assertTrue(r.body(), json(r).toString().contains("\"id\":\"s10\""));

        expect(call("POST", "/sensor/s10/", "{}", "text/plain"), 415, null);
        expect(call("POST", "/sensor/s10/", "{'id':", "application/json"), 400, null);
        expect(call("POST", "/sensor/s10/", "", null), 400, null);
        expect(call("POST", "/sensor/s10/", sensor("s11", ""), null), 400, "id");
        expect(call("POST", "/sensor/s10/", sensor("s10", "").replace("'period':1", "'period':0"), null), 400,
                "occi.sensor.period");
        expect(call("POST", "/sensor/s10/", sensor("s10", "").replace("'gain':'2'", "'gain':'-1'"), null), 400,
                "com.example.occi.monitoring.EWMA.gain");
        expect(call("POST", "/sensor/s10/", sensor("s10", "").replace("#EWMA", "#Nope"), null), 400, "mixins");
        expect(call("POST", "/sensor/bad%20id/", sensor("s10", ""), null), 400, "id");
        expect(call("POST", "/sensor/s10/", "{\"big\":\"" + "x".repeat(1 << 20) + "\"}", null), 413, null);
        expect(call("GET", "/sensor/nope/", null, null), 404, null);
        expect(call("DELETE", "/sensor/nope/", null, null), 404, null);
        r = call("PUT", "/sensor/s10/", "{}", null);
        expect(r, 405, null);
        assertEquals("GET, HEAD, POST, DELETE", r.headers().firstValue("Allow").orElse(""));
        expect(call("POST", "/sensor/s10/collector/e1", "{'attributes':{'occi.collector.period':1},'target':'s20'}",
                null), 409, null);
        assertEquals("running", json(call("GET", "/sensor/s10/", null, null)).path("status").path("state").asText());

        assertEquals(204, call("DELETE", "/sensor/s10/", null, null).statusCode());
        expect(call("GET", "/sensor/s10/", null, null), 404, null);
    }

    @Test
    public void aSensorOwnedByConfigurationRefusesRestDelete() throws Exception {
        org.rocmon.sensor.internal.TestManagers.declare(manager, "org.rocmon.sensor.declared~s40", "s40",
                MAPPER.readTree(sensor("s40", "").replace('\'', '"')));
        HttpResponse<String> r = call("GET", "/sensor/s40/", null, null);
        assertEquals("config:org.rocmon.sensor.declared~s40", json(r).path("declaredBy").asText());
        r = call("GET", "/sensor/", null, null);
        assertTrue(r.body(), r.body().contains("\"declaredBy\":\"config:org.rocmon.sensor.declared~s40\""));
        r = call("DELETE", "/sensor/s40/", null, null);
        expect(r, 409, null);
        assertTrue(r.body(), json(r).path("detail").asText().contains("owned by configuration"));
        assertNotNull(manager.sensors().get("s40"));
        manager.registry().delete("s40");
    }

    /** Asserts an RFC 9457 problem: {"type":"about:blank","title","status","detail"[,"attribute"]}. */
    static void expect(HttpResponse<String> r, int status, String attribute) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        assertTrue(r.body(), r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        JsonNode e = json(r);
        assertEquals(r.body(), "about:blank", e.path("type").asText());
        assertEquals(r.body(), status, e.path("status").asInt());
        assertNotNull(r.body(), e.path("title").asText(null));
        assertNotNull(r.body(), e.path("detail").asText(null));
        assertTrue(r.body(), e.path("error").isMissingNode());
        if (attribute != null) {
            assertEquals(r.body(), attribute, e.path("attribute").asText());
        }
    }

    /** Collects text messages. */
    static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                texts.add(part.toString());
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }
    }

    static WebSocket connect(String sensor, String collector, Listener l) throws Exception {
        return HTTP.newWebSocketBuilder().header("Rocmon-Collector", collector)
                .buildAsync(URI.create(base.replace("http", "ws") + "/sensor/" + sensor + "/"), l)
                .get(10, TimeUnit.SECONDS);
    }

    /** Sends a WebSocket handshake by hand and returns the whole answer: the JDK client hides a refusal's body. */
    static String rawUpgrade(String path, String collector) throws Exception {
        URI u = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.setSoTimeout(10_000);
            String req = "GET " + path + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + (collector == null ? "" : "Rocmon-Collector: " + collector + "\r\n") + "\r\n";
            socket.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            java.io.InputStream in = socket.getInputStream();
            int n;
            while (!out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("}") && (n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    public void aRefusedUpgradeIsAProblemWithTheReason() throws Exception {
        assertEquals(201, call("POST", "/sensor/s21/", sensor("s21", ""), null).statusCode());
        try {
            String a = rawUpgrade("/sensor/s99/", "c01");
            assertTrue(a, a.startsWith("HTTP/1.1 403"));
            assertTrue(a, a.contains("application/problem+json"));
            assertTrue(a, a.contains("\"detail\":\"no sensor s99\""));
            a = rawUpgrade("/sensor/s21/", "c9");
            assertTrue(a, a.startsWith("HTTP/1.1 403"));
            assertTrue(a, a.contains("\"detail\":\"collector c9 is not admitted by sensor s21\""));
            a = rawUpgrade("/sensor/s21/", null);
            assertTrue(a, a.contains("Rocmon-Collector header"));
            assertEquals(202, call("POST", "/sensor/s21/?action=stop", null, null).statusCode());
            a = rawUpgrade("/sensor/s21/", "c01");
            assertTrue(a, a.startsWith("HTTP/1.1 503"));
            assertTrue(a, a.contains("\"detail\":\"sensor s21 is stopped\""));
        } finally {
            call("DELETE", "/sensor/s21/", null, null);
        }
    }

    @Test
    public void collectorsStreamOverTheWebSocketOnTheSamePath() throws Exception {
        assertEquals(201, call("POST", "/sensor/s20/", sensor("s20", ""), null).statusCode());
        try {
            connect("s20", "intruder", new Listener());
            fail("an unadmitted collector was let in");
        } catch (ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof WebSocketHandshakeException);
            assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
        try {
            connect("nope", "c01", new Listener());
            fail("a WebSocket to an unknown sensor opened");
        } catch (ExecutionException e) {
            assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
        Listener l = new Listener();
        WebSocket ws = connect("s20", "c01", l);
        assertEquals("{\"ack\":0,\"epoch\":0}", l.texts.poll(5, TimeUnit.SECONDS));
        for (int i = 1; i <= 3; i++) {
            ws.sendText("{\"collector\":\"c01\",\"epoch\":9,\"seq\":" + i + ",\"ts\":1000,\"data\":{\"a\":" + i
                    + "}}", true).get(5, TimeUnit.SECONDS);
        }
        ws.sendText("{\"collector\":\"c01\",\"epoch\":9,\"seq\":2,\"data\":{\"a\":2}}", true).get();
        long deadline = System.currentTimeMillis() + 5000;
        String last = null;
        while (System.currentTimeMillis() < deadline && !"{\"ack\":3,\"epoch\":9}".equals(last)) {
            String t = l.texts.poll(100, TimeUnit.MILLISECONDS);
            last = t == null ? last : t;
        }
        assertEquals("{\"ack\":3,\"epoch\":9}", last);
        ws.sendText("junk", true).get();
        ws.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2}), true).get();
        Mixins.Recorder rec = (Mixins.Recorder) catalog.openOf(LOG).stream()
                .filter(i -> i.context().entityId().equals("s20")).findFirst().get().mixin();
        long end = System.currentTimeMillis() + 5000;
        while (rec.got.size() < 3 && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertEquals(3, rec.got.size());
        JsonNode d = json(call("GET", "/sensor/s20/", null, null));
        for (int i = 0; i < 100 && d.path("status").path("counters").path("rejected").asInt() < 2; i++) {
            Thread.sleep(20); // frames are processed in order, but after the client's send completes
            d = json(call("GET", "/sensor/s20/", null, null));
        }
        assertEquals(1, d.path("status").path("counters").path("duplicates").asInt());
        assertEquals(2, d.path("status").path("counters").path("rejected").asInt());
        assertEquals(3, d.path("channels").path("a").path("value").asInt());
        assertEquals("c01", d.path("channels").path("a").path("source").asText());
        assertEquals(3, d.path("collectors").get(0).path("lastSeq").asInt());
        assertTrue(d.path("collectors").get(0).path("connected").asBoolean());

        ws.sendText("{\"a\":\"" + "x".repeat(70_000) + "\"}", true);
        assertEquals(Integer.valueOf(1009), l.closed.get(5, TimeUnit.SECONDS));

        Listener again = new Listener();
        WebSocket ws2 = connect("s20", "c01", again);
        assertEquals("dedupe state survives reconnects", "{\"ack\":3,\"epoch\":9}",
                again.texts.poll(5, TimeUnit.SECONDS));
        assertEquals(204, call("DELETE", "/sensor/s20/", null, null).statusCode());
        assertEquals(Integer.valueOf(1001), again.closed.get(5, TimeUnit.SECONDS));
        ws2.abort();
    }

    /**
     * A client that blasts frames without waiting for acks, at a stage stuck for a moment: the sensor stops reading
     * the congested connection instead of reading the frames into a full inbox, so nothing is dropped.
     */
    @Test
    public void aCongestedConnectionIsNotReadUntilItsStageDrains() throws Exception {
        String body = "{'id':'s40','kind':'http://schemas.ogf.org/occi/monitoring#sensor','mixins':['" + LOG
                + "'],'attributes':{'occi.sensor.period':1,'com.example.occi.monitoring.Log.in_msg':'a'},"
                + "'links':['c01']}";
        assertEquals(201, call("POST", "/sensor/s40/", body, null).statusCode());
        Mixins.Recorder rec = (Mixins.Recorder) catalog.openOf(LOG).stream()
                .filter(i -> i.context().entityId().equals("s40")).findFirst().get().mixin();
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        rec.gate = gate;
        Listener l = new Listener();
        WebSocket ws = connect("s40", "c01", l);
        int frames = 1500; // inbox 1000: without the pause, about 500 would be dropped
        ws.sendText(frame(1), true).get(5, TimeUnit.SECONDS);
        assertTrue(rec.entered.await(5, TimeUnit.SECONDS));
        Thread sender = new Thread(() -> {
            for (int seq = 2; seq <= frames; seq++) {
                try {
                    ws.sendText(frame(seq), true).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    return;
                }
            }
        });
        sender.start();
        org.rocmon.sensor.internal.Sensor s = manager.sensors().get("s40");
        long until = System.currentTimeMillis() + 10_000;
        while (!s.withholding("c01") && System.currentTimeMillis() < until) {
            Thread.sleep(1);
        }
        long pausedSince = System.nanoTime();
        assertTrue("the ack was withheld at high water", s.withholding("c01"));
        Thread.sleep(150); // the client goes on sending, but the congested connection is no longer read
        // frame 1 is in the stuck call; frames 2..501 filled the inbox (1000) to high water (500), then reading stopped
        int queued = s.stages().get(0).queued();
        gate.countDown();
        org.junit.Assume.assumeTrue("this thread was starved past the longest pause; the timing proves nothing",
                System.nanoTime() - pausedSince < CollectorSocket.MAX_PAUSE_NANOS * 8 / 10);
        assertEquals(500, queued);
        sender.join(10_000);
        long end = System.currentTimeMillis() + 10_000;
        while (rec.got.size() < frames && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        JsonNode d = json(call("GET", "/sensor/s40/", null, null));
        JsonNode counters = d.path("status").path("counters");
        assertEquals(counters.toString(), 0, counters.path("dropped").asInt());
        assertEquals(frames, rec.got.size());
        assertTrue(counters.toString(), counters.path("withheld").asInt() > 0);
        String want = "{\"ack\":" + frames + ",\"epoch\":5}";
        String last = null;
        until = System.currentTimeMillis() + 5000;
        while (!want.equals(last) && System.currentTimeMillis() < until) {
            String t = l.texts.poll(100, TimeUnit.MILLISECONDS);
            last = t == null ? last : t;
        }
        assertEquals("the withheld ack is released in the end", want, last);
        assertEquals(204, call("DELETE", "/sensor/s40/", null, null).statusCode());
        ws.abort();
    }

    /** A stage stuck longer than the longest pause: reading resumes, and the inbox bound drops and counts. */
    @Test
    public void aPauseIsBoundedAndThenTheInboxBoundApplies() throws Exception {
        String body = "{'id':'s41','kind':'http://schemas.ogf.org/occi/monitoring#sensor','mixins':['" + LOG
                + "'],'attributes':{'occi.sensor.period':1,'com.example.occi.monitoring.Log.in_msg':'a'},"
                + "'links':['c01']}";
        assertEquals(201, call("POST", "/sensor/s41/", body, null).statusCode());
        Mixins.Recorder rec = (Mixins.Recorder) catalog.openOf(LOG).stream()
                .filter(i -> i.context().entityId().equals("s41")).findFirst().get().mixin();
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        rec.gate = gate;
        try {
            Listener l = new Listener();
            WebSocket ws = connect("s41", "c01", l);
            int frames = 1500;
            ws.sendText(frame(1), true).get(5, TimeUnit.SECONDS);
            assertTrue(rec.entered.await(5, TimeUnit.SECONDS));
            Thread sender = new Thread(() -> {
                for (int seq = 2; seq <= frames; seq++) {
                    try {
                        ws.sendText(frame(seq), true).get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            long started = System.nanoTime();
            sender.start();
            org.rocmon.sensor.internal.Sensor s = manager.sensors().get("s41");
            long until = System.currentTimeMillis() + 10_000;
            while (s.counters().dropped.sum() < frames - 1 - 1000 && System.currentTimeMillis() < until) {
                Thread.sleep(5);
            }
            assertTrue("reading resumed only after the longest pause",
                    System.nanoTime() - started >= CollectorSocket.MAX_PAUSE_NANOS);
            assertEquals(1000, s.stages().get(0).queued());
            assertEquals(frames - 1 - 1000, s.counters().dropped.sum());
            gate.countDown();
            sender.join(10_000);
            String want = "{\"ack\":" + frames + ",\"epoch\":5}";
            String last = null;
            until = System.currentTimeMillis() + 5000;
            while (!want.equals(last) && System.currentTimeMillis() < until) {
                String t = l.texts.poll(100, TimeUnit.MILLISECONDS);
                last = t == null ? last : t;
            }
            assertEquals("acks cover dropped frames: the sensor never asks for them again", want, last);
            until = System.currentTimeMillis() + 10_000; // the ack goes out when the inbox drains, before the calls
            while (rec.got.size() < 1001 && System.currentTimeMillis() < until) {
                Thread.sleep(10);
            }
            assertEquals("frame 1 and what the inbox held", 1001, rec.got.size());
            ws.abort();
        } finally {
            gate.countDown();
            call("DELETE", "/sensor/s41/", null, null);
        }
    }

    private static String frame(int seq) {
        return "{\"collector\":\"c01\",\"epoch\":5,\"seq\":" + seq + ",\"ts\":1000,\"data\":{\"a\":" + seq + "}}";
    }

    @Test
    public void sensorToSensorCollectorForwardsAggregatorOutputs() throws Exception {
        TestManagers.edges(manager, (id, uri, buffer) -> {
            EDGE_URIS.add(uri);
            return new CollectorEdge() {
                @Override
                public void send(Map<String, Measurement> channels) {
                    FORWARDED.add(channels);
                }

                @Override
                public StatusDTO status() {
                    StatusDTO s = new StatusDTO();
                    s.state = "connected";
                    return s;
                }

                @Override
                public void close() {
                }
            };
        });
        try {
            assertEquals(201, call("POST", "/sensor/s30/", sensor("s30", ""), null).statusCode());
            assertEquals(201, call("POST", "/sensor/s31/", sensor("s31", ""), null).statusCode());
            HttpResponse<String> r = call("POST", "/sensor/s30/collector/e1",
                    "{'kind':'http://schemas.ogf.org/occi/monitoring#collector','attributes':{'occi':{'collector':"
                            + "{'period':0.05}}},'target':'s31','source':'s30'}", null);
            assertEquals(r.body(), 201, r.statusCode());
            assertEquals("the edge announces its source sensor",
                    "ws://127.0.0.1:8080/sensor/s31/?source=http%3A%2F%2F127.0.0.1%3A8080%2Fsensor%2Fs30%2F",
                    EDGE_URIS.get(0).toString());
            assertTrue("the local target admits the edge", manager.admission().admits("s31", "e1"));
            manager.ingest().frame(manager.sensors().get("s30"), "c01", "{\"a\":4}");
            long end = System.currentTimeMillis() + 5000;
            while (FORWARDED.isEmpty() && System.currentTimeMillis() < end) {
                Thread.sleep(10);
            }
            assertEquals(4.0, FORWARDED.get(0).get("c").asDouble(), 0);
            assertEquals(200, call("GET", "/sensor/s30/collector/e1", null, null).statusCode());
            assertEquals(204, call("DELETE", "/sensor/s30/collector/e1", null, null).statusCode());
            assertTrue(!manager.admission().admits("s31", "e1"));
            expect(call("DELETE", "/sensor/s30/collector/e1", null, null), 404, null);
        } finally {
            TestManagers.edges(manager, null);
            call("DELETE", "/sensor/s30/", null, null);
            call("DELETE", "/sensor/s31/", null, null);
        }
    }
}
