package org.rocmon.sensor.internal.http;

import static org.junit.Assert.assertEquals;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.sensor.internal.SensorManager;
import org.rocmon.sensor.internal.TestManagers;
import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

/**
 * Control commands and the pull of local data across two real HTTP nodes (a parent and a child sensor, each on its
 * own Jetty), with the child announcing itself to the parent through Rocmon-Source as an edge does.
 */
public class ControlAndPullTest {

    static final String LOG = FakeCatalog.PUB + "Log";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One node: a Jetty with the sensor servlet and its manager. */
    static final class Node {
        final Server server = new Server();
        final SensorManager manager;
        final String base;

        Node() throws Exception {
            FakeCatalog catalog = new FakeCatalog().add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"),
                    List.of());
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler ctx = new ServletContextHandler("/");
            JettyWebSocketServletContainerInitializer.configure(ctx, null);
            manager = TestManagers.create(catalog, Files.createTempDirectory("rocmon-control"), 8080);
            ServletHolder holder = new ServletHolder(new SensorServlet(manager));
            holder.setInitOrder(1);
            ctx.addServlet(holder, "/sensor/*");
            ctx.addServlet(holder, "/sensor");
            server.setHandler(ctx);
            server.start();
            base = "http://127.0.0.1:" + connector.getLocalPort();
        }

        void stop() throws Exception {
            server.stop();
            TestManagers.stop(manager);
        }
    }

    Node parent;
    Node child;

    @Before
    public void start() throws Exception {
        parent = new Node();
        child = new Node();
    }

    @After
    public void stop() throws Exception {
        parent.stop();
        child.stop();
    }

    static HttpResponse<String> call(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = call("GET", url, null);
        assertEquals(r.body(), 200, r.statusCode());
        return MAPPER.readTree(r.body());
    }

    static String sensor(String id) {
        return "{'id':'" + id + "','mixins':['" + LOG + "'],'attributes':{'occi.sensor.period':0.05,"
                + "'com.example.occi.monitoring.Log.in_msg':'a'},'links':['c01']}";
    }

    static WebSocket connect(String base, String sensor, String collector, String source,
            SensorServletTest.Listener l) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().header("Rocmon-Collector", collector);
        if (source != null) {
            b.header("Rocmon-Source", source);
        }
        return b.buildAsync(URI.create(base.replace("http", "ws") + "/sensor/" + sensor + "/"), l)
                .get(10, TimeUnit.SECONDS);
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static String state(String url) {
        try {
            return get(url).path("status").path("state").asText();
        } catch (Exception e) {
            return "unreachable";
        }
    }

    @Test
    public void pauseDropsAndCountsStopRefusesAndResumeRuns() throws Exception {
        String url = parent.base + "/sensor/p/";
        assertEquals(201, call("POST", url, sensor("p")).statusCode());
        SensorServletTest.Listener l = new SensorServletTest.Listener();
        WebSocket ws = connect(parent.base, "p", "c01", null, l);
        ws.sendText("{\"a\":1}", true).get(5, TimeUnit.SECONDS);
        await(() -> get0(url).path("status").path("counters").path("in").asLong() == 1, "one value in");

        HttpResponse<String> r = call("POST", url + "?action=pause", null);
        assertEquals(r.body(), 202, r.statusCode());
        assertEquals("paused", MAPPER.readTree(r.body()).path("state").asText());
        JsonNode d = get(url);
        assertEquals("paused", d.path("status").path("state").asText());
        assertEquals("pause", d.path("control").path("requested").asText());
        ws.sendText("{\"a\":2}", true).get(5, TimeUnit.SECONDS);
        await(() -> get0(url).path("status").path("counters").path("dropped").asLong() == 1,
                "the paused sensor to drop and count");
        assertEquals(1, get(url).path("status").path("counters").path("in").asLong());

        assertEquals(202, call("POST", url + "?action=resume", null).statusCode());
        assertEquals("running", state(url));
        ws.sendText("{\"a\":3}", true).get(5, TimeUnit.SECONDS);
        await(() -> get0(url).path("status").path("counters").path("in").asLong() == 2, "data taken again");

        assertEquals(202, call("POST", url + "?action=stop", null).statusCode());
        assertEquals("stopped", state(url));
        assertEquals("the stop closes the collector's socket", 1013, (int) l.closed.get(5, TimeUnit.SECONDS));
        try {
            connect(parent.base, "p", "c01", null, new SensorServletTest.Listener());
            fail("a stopped sensor let a collector in");
        } catch (ExecutionException e) {
            assertEquals(503, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
        assertEquals(202, call("POST", url + "?action=start", null).statusCode());
        assertEquals("running", state(url));
        connect(parent.base, "p", "c01", null, new SensorServletTest.Listener()).abort();

        r = call("POST", url + "?action=explode", null);
        assertEquals(400, r.statusCode());
        JsonNode e = MAPPER.readTree(r.body());
        assertEquals("action", e.path("attribute").asText());
        assertEquals("[\"init\",\"start\",\"stop\",\"pause\",\"resume\",\"terminate\"]", e.path("available").toString());
        assertEquals(400, call("POST", url + "?action=stop&propagate=maybe", null).statusCode());
        assertEquals(404, call("POST", parent.base + "/sensor/nope/?action=stop", null).statusCode());
        assertEquals("running", state(url));
    }

    @Test
    public void propagationAndPullAcrossNodes() throws Exception {
        String p = parent.base + "/sensor/p/";
        String c = child.base + "/sensor/ch/";
        assertEquals(201, call("POST", p, sensor("p")).statusCode());
        assertEquals(201, call("POST", c, sensor("ch")).statusCode());
        WebSocket up = connect(parent.base, "p", "c01", c, new SensorServletTest.Listener());
        WebSocket down = connect(child.base, "ch", "c01", null, new SensorServletTest.Listener());
        down.sendText("{\"a\":42}", true).get(5, TimeUnit.SECONDS);
        up.sendText("{\"a\":7}", true).get(5, TimeUnit.SECONDS);
        await(() -> get0(p).path("status").path("counters").path("in").asLong() == 1, "parent data");
        await(() -> get0(c).path("status").path("counters").path("in").asLong() == 1, "child data");

        JsonNode own = get(p + "data");
        assertEquals(p, own.path("sensor").asText());
        assertEquals(7, own.path("channels").path("a").path("value").asInt());
        assertEquals("c01", own.path("channels").path("a").path("source").asText());
        assertTrue(own.path("channels").path("a").path("ts").asLong() > 0);
        assertEquals(c, get(p).path("sources").path("c01").asText());

        for (String name : new String[] {"ch", c, c.substring(0, c.length() - 1)}) {
            JsonNode below = get(p + "data?descendant=" + java.net.URLEncoder.encode(name, "UTF-8"));
            assertEquals(c, below.path("sensor").asText());
            assertEquals(42, below.path("channels").path("a").path("value").asInt());
        }
        HttpResponse<String> r = call("GET", p + "data?descendant=ghost", null);
        assertEquals(404, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(r.body(), MAPPER.readTree(r.body()).path("detail").asText().contains("ghost"));
        assertEquals(r.body(), "ghost", MAPPER.readTree(r.body()).path("descendant").asText());

        r = call("POST", p + "?action=pause&propagate=true", null);
        assertEquals(202, r.statusCode());
        await(() -> "paused".equals(state(c)), "the child to be paused by propagation");
        await(() -> get0(p).path("control").path("pending").asInt(-1) == 0, "the child's answer");
        await(() -> "paused".equals(state(p)), "the parent, once its child succeeded");
        JsonNode ctl = get(p).path("control");
        assertEquals(c, ctl.path("propagated").get(0).path("target").asText());
        assertEquals("the child answered with its outcome", 200, ctl.path("propagated").get(0).path("status").asInt());
        assertEquals("succeeded", ctl.path("propagated").get(0).path("outcome").asText());
        assertEquals(false, ctl.path("failures").asBoolean());

        // a command for the grandchild-less child, addressed through the parent; the caller waits for its outcome
        r = call("POST", p + "?action=resume&descendant=ch&command=via-p&wait=5s", null);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode routed = MAPPER.readTree(r.body());
        assertEquals("ch", routed.path("id").asText());
        assertEquals("succeeded", routed.path("command").path("status").asText());
        assertEquals("via-p", routed.path("command").path("command").asText());
        assertEquals("running", state(c));
        assertEquals("paused", state(p));
        JsonNode read = get(p + "command/via-p?wait=1s");
        assertEquals("the ancestor relays the record of a command it routed", "ch", read.path("id").asText());
        assertEquals("succeeded", read.path("command").path("status").asText());
        r = call("POST", c + "?action=resume&command=via-p", null);
        assertEquals("the same id again is a duplicate", 200, r.statusCode());
        assertTrue(r.body(), MAPPER.readTree(r.body()).path("duplicate").asBoolean());
        assertEquals(404, call("GET", p + "command/ghost", null).statusCode());
        assertEquals(400, call("POST", p + "?action=stop&wait=soon", null).statusCode());
        assertEquals(400, call("POST", p + "?action=stop&policy=random", null).statusCode());
        r = call("POST", p + "?action=stop&descendant=ghost", null);
        assertEquals(404, r.statusCode());

        child.server.stop(); // the child node dies
        r = call("POST", p + "?action=resume&propagate=true&wait=10s", null);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode cmd = MAPPER.readTree(r.body()).path("command");
        assertEquals("failed", cmd.path("status").asText());
        assertEquals(false, cmd.path("applied").asBoolean());
        assertEquals(c, cmd.path("failed").get(0).asText());
        assertEquals("children first: the parent is untouched", "paused", state(p));
        ctl = get(p).path("control");
        assertTrue(ctl.toString(), ctl.path("failures").asBoolean());
        assertTrue(ctl.toString(), ctl.path("propagated").get(0).path("error").asText().contains("unreachable"));
        r = call("POST", p + "?action=resume&propagate=true&policy=parent-first", null);
        assertEquals(202, r.statusCode());
        assertEquals("parent-first applies at once", "running", state(p));

        r = call("GET", p + "data?descendant=ch", null);
        assertEquals(502, r.statusCode());
        assertEquals(c, MAPPER.readTree(r.body()).path("hop").asText());
        assertEquals(r.body(), 502, MAPPER.readTree(r.body()).path("status").asInt());
        up.abort();
    }

    private static JsonNode get0(String url) {
        try {
            return get(url);
        } catch (Exception e) {
            return MAPPER.createObjectNode();
        }
    }
}
