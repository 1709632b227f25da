package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.After;
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
 * Bad input over real HTTP and WebSocket gets a clear 4xx (never a 500) and leaves a working sensor untouched.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadInputIT {

    private static final String EWMA = "http://example.com/occi/monitoring/aggregator#EWMA";

    @Inject
    BundleContext context;

    private Node node;
    private Path log;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Before
    public void defineAGoodSensor() throws Exception {
        node = new Node(context).awaitReady();
        log = Files.createTempDirectory(node.data, "bad-").resolve("good.log");
        Node.Response r = node.post("/sensor/good/", Node.logSensor("good", "a", log, "w01"));
        // 200 when an earlier test's clean-up failed and "good" was still there.
        assertTrue(r.toString(), r.code == 201 || r.code == 200);
    }

    @After
    public void goodSensorStillWorks() throws Exception {
        Node.Response r = node.get("/sensor/good/");
        assertEquals(r.toString(), 200, r.code);
        int before = Node.logLines(log).size();
        try (Collector c = Collector.connect(node, "good", "w01")) {
            c.sendAndAwaitAck(1, 77);
        }
        Node.await("the good sensor logs the new value", 10_000, () -> Node.logLines(log).size() > before);
        node.delete("/sensor/good/");
    }

    @Test
    public void malformedJsonIs400() {
        expect(400, node.post("/sensor/bad/", "{\"id\": \"bad\", \"kind\": "), null);
        expect(400, node.post("/sensor/bad/", "[1, 2, 3]"), null);
        expectProblem(400, node.post("/resource/g9/collector/c9", "{not json"), null);
        assertEquals("nothing was defined", 404, node.get("/sensor/bad/").code);
    }

    @Test
    public void unknownMixinIs400NamingItAndListingInstalledOnes() {
        String body = sensor("bad", "\"mixins\":[\"http://example.com/occi/monitoring/aggregator#NoSuchThing\"]",
                "\"occi.sensor.period\":1");
        Node.Response r = expect(400, node.post("/sensor/bad/", body), "NoSuchThing");
        assertTrue("lists installed mixins: " + r, r.body.contains("EWMA") || r.body.contains("Log")
                || r.body.contains("SendUDP"));
    }

    @Test
    public void wrongKindIs400() {
        String body = "{\"id\":\"bad\",\"kind\":\"" + Node.COLLECTOR_KIND + "\",\"attributes\":{\"occi.sensor.period\":1}}";
        expect(400, node.post("/sensor/bad/", body), "kind");
        // A metric is a collector mixin: it has no place on a sensor.
        String metric = sensor("bad", "\"mixins\":[\"http://example.com/occi/monitoring/metric#CPUPercent\"]",
                "\"occi.sensor.period\":1,\"com.example.occi.monitoring.CPUPercent.out\":\"a\"");
        expect(400, node.post("/sensor/bad/", metric), "CPUPercent");
    }

    @Test
    public void missingOrWrongAttributeIs400NamingIt() {
        expect(400, node.post("/sensor/bad/", sensor("bad", "\"mixins\":[]", "\"x\":1")), "occi.sensor.period");
        expect(400, node.post("/sensor/bad/", sensor("bad", "\"mixins\":[]", "\"occi.sensor.period\":-3")),
                "occi.sensor.period");
        expect(400, node.post("/sensor/bad/", sensor("bad", "\"mixins\":[\"" + EWMA + "\"]",
                "\"occi.sensor.period\":1,\"com.example.occi.monitoring.EWMA.instream\":\"a\"")),
                "com.example.occi.monitoring.EWMA.outstream");
        String collector = "{\"id\":\"c9\",\"kind\":\"" + Node.COLLECTOR_KIND + "\",\"target\":\"good\","
                + "\"source\":\"g9\",\"mixins\":[\"http://example.com/occi/monitoring/metric#IsReachable\"],"
                + "\"attributes\":{\"com.example.occi.monitoring.IsReachable.hostname\":\"127.0.0.1\","
                + "\"com.example.occi.monitoring.IsReachable.out\":\"a\"}}";
        expectProblem(400, node.post("/resource/g9/collector/c9", collector), "occi.collector.period");
        // The path names the entity: a body naming another one is refused.
        expect(400, node.post("/sensor/bad/", sensor("other", "\"mixins\":[]", "\"occi.sensor.period\":1")), "id");
    }

    @Test
    public void oversizeBodyIs413AndNonJsonIs415AndUnknownIs404() {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        expect(413, node.call("POST", "/sensor/bad/", "application/json", big), null);
        expect(415, node.call("POST", "/sensor/bad/", "text/plain",
                sensor("bad", "\"mixins\":[]", "\"occi.sensor.period\":1").getBytes(StandardCharsets.UTF_8)), null);
        expect(404, node.get("/sensor/nosuch/"), null);
        expect(404, node.delete("/sensor/nosuch/"), null);
        expectProblem(404, node.get("/resource/nosuch/collector/none"), null);
    }

    @Test
    public void unadmittedCollectorIsRefusedWith403() throws Exception {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().header("Rocmon-Collector", "intruder")
                    .header("Authorization", node.nodeAuthorization())
                    .buildAsync(node.ws("good"), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS).abort();
            fail("an unadmitted collector opened a WebSocket");
        } catch (ExecutionException e) {
            assertTrue("handshake refused: " + e.getCause(), e.getCause() instanceof WebSocketHandshakeException);
            assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
        // The JDK client hides the refusal's body: the same handshake by hand shows the reason, as a problem.
        String refusal = rawUpgrade("/sensor/good/", "intruder");
        assertTrue(refusal, refusal.startsWith("HTTP/1.1 403"));
        assertTrue(refusal, refusal.toLowerCase(java.util.Locale.ROOT)
                .contains("content-type: application/problem+json"));
        assertTrue(refusal, refusal.contains("\"detail\":\"collector intruder is not admitted by sensor good\""));
        refusal = rawUpgrade("/sensor/s99/", "w01");
        assertTrue(refusal, refusal.startsWith("HTTP/1.1 403"));
        assertTrue(refusal, refusal.contains("\"detail\":\"no sensor s99\""));
    }

    @Test
    public void otherMethodsAre405WithAllow() throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:" + node.port
                + "/sensor/good/").openConnection();
        c.setRequestMethod("PUT");
        c.setRequestProperty("Authorization", node.nodeAuthorization());
        c.setDoOutput(true);
        c.getOutputStream().close();
        assertEquals(405, c.getResponseCode());
        assertEquals("GET, HEAD, POST, DELETE", c.getHeaderField("Allow"));
        assertTrue(c.getContentType(), c.getContentType().startsWith("application/problem+json"));
        c.getErrorStream().close();
        c.disconnect();
    }

    /** Sends a WebSocket handshake by hand and returns the answer up to the end of its JSON body. */
    private String rawUpgrade(String path, String collector) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.port)) {
            socket.setSoTimeout(10_000);
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nRocmon-Collector: " + collector + "\r\n"
                    + "Authorization: " + node.nodeAuthorization() + "\r\n\r\n";
            socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while (!out.toString(StandardCharsets.UTF_8).contains("}") && (n = socket.getInputStream().read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    public void junkFrameIsCountedAndTheSocketStaysOpen() throws Exception {
        long rejectedBefore = Json.sumOf(node.get("/sensor/good/").json(), "rejected");
        try (Collector c = Collector.connect(node, "good", "w01")) {
            c.socket.sendText("this is not json", true).get(5, TimeUnit.SECONDS);
            c.socket.sendText("{\"collector\":\"w01\",\"epoch\":\"soon\",\"seq\":\"x\",\"data\":[1]}", true)
                    .get(5, TimeUnit.SECONDS);
            c.sendAndAwaitAck(1, 42);
        }
        Node.await("the sensor counts the rejected frames", 5_000,
                () -> Json.sumOf(node.get("/sensor/good/").json(), "rejected") > rejectedBefore);
    }

    private Node.Response expect(int code, Node.Response r, String named) {
        assertEquals(r.toString(), code, r.code);
        if (named != null) {
            assertTrue("the answer names '" + named + "': " + r, r.body.contains(named));
        }
        if (r.request.contains(" /sensor/")) {
            // the sensor API answers every error as an RFC 9457 problem
            Map<String, Object> problem = Json.object(r.body);
            assertEquals("a problem: " + r, "about:blank", problem.get("type"));
            assertEquals("a problem: " + r, code, ((Number) problem.get("status")).intValue());
            assertNotNull("a problem: " + r, problem.get("detail"));
        } else if (code == 400) {
            assertNotNull("a JSON error body: " + r, Json.object(r.body).get("error"));
        }
        return r;
    }

    /** The resource API answers errors as RFC 9457 problems: type, title, status, detail (and attribute). */
    private Node.Response expectProblem(int code, Node.Response r, String attribute) {
        assertEquals(r.toString(), code, r.code);
        Map<String, Object> body = Json.object(r.body);
        assertEquals(r.toString(), code, ((Number) body.get("status")).intValue());
        assertNotNull(r.toString(), body.get("title"));
        assertTrue(r.toString(), String.valueOf(body.get("detail")).length() > 5);
        if (attribute != null) {
            assertEquals(r.toString(), attribute, body.get("attribute"));
        }
        return r;
    }

    private static String sensor(String id, String mixins, String attributes) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\"," + mixins + ",\"attributes\":{"
                + attributes + "}}";
    }

    /** A hand-driven collector on the JDK WebSocket client, to send exactly the frames a test wants. */
    static final class Collector implements AutoCloseable {
        final WebSocket socket;
        final BlockingQueue<String> received;
        final String id;
        final long epoch = System.currentTimeMillis();

        private Collector(WebSocket socket, BlockingQueue<String> received, String id) {
            this.socket = socket;
            this.received = received;
            this.id = id;
        }

        static Collector connect(Node node, String sensor, String id) throws Exception {
            BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Rocmon-Collector", id)
                    .header("Authorization", node.nodeAuthorization())
                    .buildAsync(node.ws(sensor), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                inbox.add(text.toString());
                                text.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            return new Collector(ws, inbox, id);
        }

        /** Sends one sequenced frame with channel a = value and waits for the sensor to acknowledge it. */
        void sendAndAwaitAck(long seq, double value) throws Exception {
            String frame = "{\"collector\":\"" + id + "\",\"epoch\":" + epoch + ",\"seq\":" + seq + ",\"ts\":"
                    + System.currentTimeMillis() + ",\"data\":{\"a\":" + value + "}}";
            socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
            long end = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < end) {
                String m = received.poll(100, TimeUnit.MILLISECONDS);
                if (m != null) {
                    Object ack = Json.object(m).get("ack");
                    Object ackEpoch = Json.object(m).get("epoch");
                    if (ack instanceof Number && ((Number) ack).longValue() >= seq && ackEpoch instanceof Number
                            && ((Number) ackEpoch).longValue() == epoch) {
                        return;
                    }
                }
            }
            throw new AssertionError("no ack for seq " + seq + " (socket open: " + !socket.isInputClosed() + ")");
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(t -> null).join();
        }
    }
}
