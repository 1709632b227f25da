package org.rocmon.collector.internal.resource;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.SensorAdmission;

public class ResourceApiTest {

    /** The paper's listing 2, with 127.0.0.1 for the reachability probe and a short period. */
    static final String LISTING_2 = "{\n"
            + "  \"id\": \"c01\",\n"
            + "  \"kind\": \"http://schemas.ogf.org/occi/monitoring#collector\",\n"
            + "  \"mixins\": [\n"
            + "    \"http://example.com/occi/monitoring/metric#CPUPercent\",\n"
            + "    \"http://example.com/occi/monitoring/metric#IsReachable\"\n"
            + "  ],\n"
            + "  \"attributes\": {\n"
            + "    \"occi\": { \"collector\": { \"period\": PERIOD } },\n"
            + "    \"com\": { \"example\": { \"occi\": { \"monitoring\": {\n"
            + "      \"CPUPercent\" : { \"out\": \"a\"},\n"
            + "      \"IsReachable\" : { \"hostname\": \"127.0.0.1\", \"maxdelay\": 1000, \"out\": \"b\" }\n"
            + "    } } } } },\n"
            + "  \"actions\": [],\n"
            + "  \"target\": \"s01\",\n"
            + "  \"source\": \"g01\"\n"
            + "}";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Fakes.Catalog catalog;
    private Fakes.Edges edges;
    private final AtomicReference<SensorAdmission> admission = new AtomicReference<>();
    private Pools pools;
    private CollectorManager manager;
    private ResourceApi api;
    private Path data;

    @Before
    public void setUp() throws Exception {
        catalog = new Fakes.Catalog().metric("CPUPercent", Fakes.Counting::new)
                .metric("IsReachable", Fakes.Counting::new)
                .aggregator("http://example.com/occi/monitoring/aggregator#EWMA");
        edges = new Fakes.Edges();
        data = tmp.newFolder("data").toPath();
        pools = new Pools(16, 1000, 10_000);
        manager = newManager();
        api = new ResourceApi(manager);
    }

    private CollectorManager newManager() {
        return new CollectorManager(catalog, edges, admission::get, new CollectorStore(data),
                new TargetResolver(8080), HostFacts.collect(), 10, pools, 100);
    }

    @After
    public void tearDown() {
        manager.close();
        pools.close();
    }

    static String listing2(String period) {
        return LISTING_2.replace("PERIOD", period);
    }

    private ApiResponse call(String method, String path, String body) {
        return call(method, path, "application/json", body);
    }

    private ApiResponse call(String method, String path, String type, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return Requests.handle(api, method, path, type, body == null ? -1 : bytes.length, new ByteArrayInputStream(bytes));
    }

    private static JsonNode json(ApiResponse r) {
        return Requests.MAPPER.valueToTree(r.body);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    public void listing2StartsACollectorThatSendsOneFramePerRound() throws Exception {
        ApiResponse r = call("POST", "/g01/collector/c01", listing2("0.1"));
        assertEquals(json(r).toString(), 201, r.status);
        assertEquals("/resource/g01/collector/c01", r.headers.get("Location"));
        Fakes.Edge edge = edges.last();
        assertEquals("c01", edge.collectorId);
        assertEquals("ws://127.0.0.1:8080/sensor/s01/", edge.uri.toString());
        assertEquals("the edge announces where its frames come from",
                "http://127.0.0.1:8080/resource/g01/collector/c01", edge.source);
        await("3 frames", () -> edge.frames.size() >= 3);
        Map<String, Measurement> frame = edge.frames.get(0);
        assertEquals(Map.of("a", 1.0, "b", 1.0), Map.of("a", frame.get("a").value(), "b", frame.get("b").value()));

        JsonNode c = json(call("GET", "/g01/collector/c01", null));
        assertEquals("running", c.path("status").path("state").asText());
        assertEquals("c01", c.path("id").asText());
        assertEquals("g01", c.path("source").asText());
        assertEquals("s01", c.path("target").asText());
        assertEquals(3, c.path("attributes").path("occi.collector.period").asDouble() * 30, 0.001);
        assertEquals("127.0.0.1", c.path("attributes").path("com.example.occi.monitoring.IsReachable.hostname")
                .asText());
        assertTrue(c.path("values").has("a"));
        assertTrue(c.path("values").path("b").has("ts"));
        assertTrue(c.path("status").path("counters").path("measures").asLong() >= 6);
        assertEquals("connected", c.path("edge").path("state").asText());

        JsonNode res = json(call("GET", "/g01/", null));
        assertEquals("g01", res.path("id").asText());
        assertTrue(res.path("host").path("cores").asInt() > 0);
        assertTrue(res.path("host").path("memory").asLong() > 0);
        assertFalse(res.path("host").path("os").path("name").asText().isEmpty());
        assertFalse(res.path("host").path("hostname").asText().isEmpty());
        assertEquals("c01", res.path("collectors").get(0).path("id").asText());

        JsonNode list = json(call("GET", "/", null));
        assertEquals("g01", list.path("resources").get(0).path("id").asText());
        assertEquals("c01", list.path("resources").get(0).path("collectors").get(0).asText());
        assertEquals(200, call("GET", "/g01/collector/", null).status);
    }

    @Test
    public void flatFormAndUrlTargetAreAccepted() throws Exception {
        String flat = "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/metric#CPUPercent\"],"
                + "\"attributes\":{\"occi.collector.period\":\"0.5\",\"com.example.occi.monitoring.CPUPercent.out\":\"a\"},"
                + "\"target\":{\"location\":\"http://127.0.0.1:9090/sensor/s02/\"},\"source\":\"http://127.0.0.1:8080/resource/g01/\"}";
        ApiResponse r = call("POST", "/g01/collector/c02", flat);
        assertEquals(json(r).toString(), 201, r.status);
        assertEquals("ws://127.0.0.1:9090/sensor/s02/", edges.last().uri.toString());
    }

    @Test
    public void updateKeepsTheEdgeForTheSameTargetAndReplacesItOtherwise() throws Exception {
        assertEquals(201, call("POST", "/g01/collector/c01", listing2("0.1")).status);
        Fakes.Edge first = edges.last();
        Fakes.Instance oldMetric = catalog.opened.get(0);
        ApiResponse r = call("POST", "/g01/collector/c01", listing2("0.2"));
        assertEquals(200, r.status);
        assertEquals(1, edges.opened.size());
        assertFalse(first.closed);
        await("old metric closed", () -> oldMetric.closes.get() == 1);
        assertEquals(0.2, json(call("GET", "/g01/collector/c01", null)).path("attributes")
                .path("occi.collector.period").asDouble(), 1e-9);

        assertEquals(200, call("POST", "/g01/collector/c01", listing2("0.2").replace("\"s01\"", "\"s09\"")).status);
        assertTrue(first.closed);
        assertEquals("ws://127.0.0.1:8080/sensor/s09/", edges.last().uri.toString());
    }

    private void assertBad(int status, String attribute, String body) {
        assertBad(status, attribute, "application/json", body);
    }

    private void assertBad(int status, String attribute, String type, String body) {
        ApiResponse r = call("POST", "/g01/collector/c01", type, body);
        JsonNode j = json(r);
        assertEquals(j.toString(), status, r.status);
        assertTrue(j.toString(), j.path("detail").asText().length() > 5);
        assertEquals(j.toString(), status, j.path("status").asInt());
        assertEquals(j.toString(), "about:blank", j.path("type").asText());
        assertFalse(j.toString(), j.has("error"));
        if (attribute != null) {
            assertEquals(j.toString(), attribute, j.path("attribute").asText());
        }
    }

    @Test
    public void badInputIsRefusedAndThePreviousCollectorKeepsRunning() throws Exception {
        assertEquals(201, call("POST", "/g01/collector/c01", listing2("0.1")).status);
        Fakes.Edge edge = edges.last();
        String ok = listing2("0.1");

        assertBad(400, null, "{not json");
        assertBad(400, null, "[1,2]");
        assertBad(400, null, "");
        assertBad(400, "kind", ok.replace("monitoring#collector", "monitoring#sensor"));
        assertBad(400, "id", ok.replace("\"id\": \"c01\"", "\"id\": \"c02\""));
        assertBad(400, "occi.collector.period", ok.replace("\"period\": 0.1", "\"other\": 1"));
        assertBad(400, "occi.collector.period", ok.replace("\"period\": 0.1", "\"period\": 0"));
        assertBad(400, "occi.collector.period", ok.replace("\"period\": 0.1", "\"period\": -3"));
        assertBad(400, "occi.collector.period", ok.replace("\"period\": 0.1", "\"period\": \"abc\""));
        assertBad(400, "target", ok.replace("\"target\": \"s01\",", ""));
        assertBad(400, "target", ok.replace("\"target\": \"s01\"", "\"target\": \"ftp://127.0.0.1/x\""));
        assertBad(400, "source", ok.replace("\"source\": \"g01\"", "\"source\": \"g02\""));
        assertBad(400, "mixins", ok.replace("metric#CPUPercent", "aggregator#EWMA"));
        assertBad(400, "mixins", ok.replace("metric#CPUPercent", "metric#NoSuchProbe"));
        assertBad(400, "com.example.occi.monitoring.IsReachable.out", ok.replace("\"maxdelay\": 1000, \"out\": \"b\"",
                "\"maxdelay\": 1000"));
        assertBad(400, "mixins", ok.replace("\"mixins\": [", "\"mixins\": [ 42, "));
        assertBad(400, "occi.collector.timestop",
                ok.replace("\"period\": 0.1", "\"period\": 0.1, \"timestart\": 10, \"timestop\": 5"));
        assertBad(415, null, "text/plain", ok);
        assertBad(413, null, "{\"x\":\"" + "y".repeat(org.rocmon.http.RocmonHttp.MAX_BODY) + "\"}");

        // reversed link: the sensor as source, this resource as target
        ApiResponse reversed = call("POST", "/g01/collector/c01",
                ok.replace("\"target\": \"s01\"", "\"target\": \"g01\"").replace("\"source\": \"g01\"",
                        "\"source\": \"s01\""));
        assertEquals(400, reversed.status);
        assertTrue(json(reversed).path("detail").asText().contains("reversed"));

        JsonNode unknown = json(call("POST", "/g01/collector/c01", ok.replace("metric#CPUPercent", "metric#Nope")));
        assertEquals("http://example.com/occi/monitoring/metric#Nope", unknown.path("mixin").asText());
        assertTrue(unknown.path("available").toString().contains("IsReachable"));

        // the first definition is untouched and still measuring; nothing new leaked
        assertEquals(1, edges.opened.size());
        assertFalse(edge.closed);
        int frames = edge.frames.size();
        await("still running", () -> edge.frames.size() > frames + 2);
        assertEquals(0, catalog.opened.get(0).closes.get());
        for (Fakes.Instance i : catalog.opened.subList(2, catalog.opened.size())) {
            assertEquals("a refused definition closes what it opened", 1, i.closes.get());
        }
    }

    @Test
    public void aCollectorWhoseSensorRefusesItIsDegradedWithTheSensorsReason() throws Exception {
        assertEquals(201, call("POST", "/g01/collector/c01", listing2("0.05")).status);
        Fakes.Edge edge = edges.last();
        edge.refusedWith = "refused by the sensor (HTTP 403): no sensor s99";
        JsonNode c = json(call("GET", "/g01/collector/c01", null));
        assertEquals(c.toString(), "degraded", c.path("status").path("state").asText());
        assertEquals("cannot deliver to its sensor: refused by the sensor (HTTP 403): no sensor s99",
                c.path("status").path("reason").asText());
        assertEquals("degraded", json(call("GET", "/g01/collector/", null)).path("collectors").get(0)
                .path("state").asText());
        int frames = edge.frames.size();
        await("it keeps measuring into the edge's buffer", () -> edge.frames.size() > frames + 1);

        edge.refusedWith = null;
        c = json(call("GET", "/g01/collector/c01", null));
        assertEquals("running", c.path("status").path("state").asText());
        assertTrue(c.path("status").path("reason").isNull() || c.path("status").path("reason").isMissingNode());
        assertEquals("a pause still shows as paused", 202, action("/g01/collector/c01", "pause").status);
        edge.refusedWith = "refused by the sensor (HTTP 403): no sensor s99";
        assertEquals("paused", json(call("GET", "/g01/collector/c01", null)).path("status").path("state").asText());
    }

    @Test
    public void anEdgeThatKeepsFailingDegradesItsCollectorAfterAFewAttempts() {
        org.rocmon.api.dto.StatusDTO edge = new org.rocmon.api.dto.StatusDTO();
        edge.state = "connecting";
        edge.reason = "cannot connect (nothing listening, or unreachable)";
        edge.counters.put("failures", RunningCollector.EDGE_FAILURES - 1);
        assertNull("a first failure or two is a reconnect, not a fault", RunningCollector.failing(edge));
        edge.counters.put("failures", RunningCollector.EDGE_FAILURES);
        assertEquals("cannot deliver to its sensor: cannot connect (nothing listening, or unreachable)",
                RunningCollector.failing(edge));
        edge.state = "connected";
        assertNull(RunningCollector.failing(edge));
    }

    @Test
    public void pathsAndMethods() {
        assertEquals(404, call("GET", "/g01/", null).status);
        assertEquals(404, call("GET", "/g01/collector/c01", null).status);
        assertEquals(404, call("DELETE", "/g01/collector/c01", null).status);
        assertEquals(404, call("DELETE", "/g01/", null).status);
        assertEquals(404, call("GET", "/g01/other/c01", null).status);
        assertEquals(400, call("GET", "/g%01/", null).status);
        assertEquals(400, call("POST", "/../collector/c01", listing2("1")).status);
        ApiResponse put = call("PUT", "/g01/collector/c01", listing2("1"));
        assertEquals(405, put.status);
        assertEquals("GET, POST, DELETE", put.headers.get("Allow"));
        assertEquals("Method Not Allowed", json(put).path("title").asText());
        assertEquals(405, call("POST", "/g01/", listing2("1")).status);
        assertEquals(200, call("GET", null, null).status);
    }

    @Test
    public void aThrowingAndAHangingMetricDoNotStopTheOthers() throws Exception {
        Fakes.Throwing throwing = new Fakes.Throwing();
        Fakes.Hanging hanging = new Fakes.Hanging("h");
        catalog.metric("Throws", ch -> throwing).metric("Hangs", ch -> hanging).metric("Rogue", Fakes.Rogue::new);
        String body = "{\"mixins\":[\"" + Fakes.METRIC + "CPUPercent\",\"" + Fakes.METRIC + "Throws\",\""
                + Fakes.METRIC + "Hangs\",\"" + Fakes.METRIC + "Rogue\"],"
                + "\"attributes\":{\"occi.collector.period\":0.1,"
                + "\"com.example.occi.monitoring.CPUPercent.out\":\"a\","
                + "\"com.example.occi.monitoring.Throws.out\":\"t\","
                + "\"com.example.occi.monitoring.Hangs.out\":\"h\","
                + "\"com.example.occi.monitoring.Rogue.out\":\"r\"},\"target\":\"s01\"}";
        assertEquals(201, call("POST", "/g01/collector/c03", body).status);
        // another collector on the same node must keep its pace while c03's metric hangs
        assertEquals(201, call("POST", "/g01/collector/c01", listing2("0.1")).status);
        Fakes.Edge c03 = edges.opened.get(0);
        Fakes.Edge c01 = edges.opened.get(1);
        await("c01 delivers during the hang", () -> c01.frames.size() >= 5);
        assertTrue("the hang is still going on", hanging.calls.get() == 1);
        await("c03 delivers without the hanging metric", () -> c03.frames.size() >= 3);
        Map<String, Measurement> frame = c03.frames.get(1);
        assertTrue(frame.containsKey("a"));
        assertTrue(frame.containsKey("r"));
        assertFalse(frame.containsKey("h"));
        assertFalse(frame.containsKey("t"));
        assertFalse(frame.containsKey("never"));
        assertFalse(frame.containsKey("undeclared"));
        await("hanging metric back", () -> c03.frames.stream().anyMatch(f -> f.containsKey("h")));
        assertEquals("never called concurrently", 1, hanging.maxRunning);

        JsonNode status = json(call("GET", "/g01/collector/c03", null)).path("status").path("counters");
        assertTrue(status.toString(), status.path("errors").asLong() >= 3);
        assertTrue(status.toString(), status.path("timeouts").asLong() >= 1);
        assertTrue(status.toString(), status.path("skipped").asLong() >= 1);
        assertTrue(status.toString(), status.path("rejected").asLong() >= 3);
        assertTrue(throwing.calls.get() >= 3);
    }

    @Test
    public void deleteStopsEverything() throws Exception {
        admission.set(new Fakes.Admission());
        assertEquals(201, call("POST", "/g01/collector/c01", listing2("0.05")).status);
        Fakes.Edge edge = edges.last();
        await("frames", () -> edge.frames.size() >= 2);
        assertEquals(List.of("admit s01 c01"), ((Fakes.Admission) admission.get()).log);
        assertTrue(Files.exists(data.resolve("resources/g01/c01.json")));

        assertEquals(204, call("DELETE", "/g01/collector/c01", null).status);
        assertTrue(edge.closed);
        await("metrics closed", () -> catalog.opened.stream().allMatch(i -> i.closes.get() == 1));
        assertEquals(List.of("admit s01 c01", "revoke s01 c01"), ((Fakes.Admission) admission.get()).log);
        int frames = edge.frames.size();
        Thread.sleep(200);
        assertEquals(frames, edge.frames.size());
        assertEquals(404, call("GET", "/g01/collector/c01", null).status);
        assertFalse(Files.exists(data.resolve("resources/g01/c01.json")));
        assertEquals("the resource stays until deleted", 200, call("GET", "/g01/", null).status);

        assertEquals(201, call("POST", "/g01/collector/c02", listing2("0.05").replace("c01", "c02")).status);
        Fakes.Edge second = edges.last();
        assertEquals(204, call("DELETE", "/g01/", null).status);
        assertTrue(second.closed);
        assertEquals(404, call("GET", "/g01/", null).status);
        assertFalse(Files.exists(data.resolve("resources/g01")));
    }

    @Test
    public void negativeTimebaseSuspends() throws Exception {
        String body = listing2("0.05").replace("\"period\": 0.05", "\"period\": 0.05, \"timebase\": -1");
        assertEquals(201, call("POST", "/g01/collector/c01", body).status);
        await("suspended", () -> "suspended".equals(manager.collector("g01", "c01").state()));
        Thread.sleep(200);
        assertTrue(edges.last().frames.isEmpty());
        assertEquals(0L, (long) manager.collector("g01", "c01").status().counters.get("measures"));

        // a window in the past stops measuring too; one in effect measures
        String ended = listing2("0.05").replace("\"period\": 0.05",
                "\"period\": 0.05, \"timebase\": 1000, \"timestart\": 0, \"timestop\": 10");
        assertEquals(200, call("POST", "/g01/collector/c01", ended).status);
        Thread.sleep(200);
        assertTrue(edges.last().frames.isEmpty());
        String current = listing2("0.05").replace("\"period\": 0.05",
                "\"period\": 0.05, \"timebase\": " + (System.currentTimeMillis() / 1000 - 5) + ", \"timestop\": 3600");
        assertEquals(200, call("POST", "/g01/collector/c01", current).status);
        await("measuring", () -> !edges.last().frames.isEmpty());
    }

    @Test
    public void definitionsSurviveARestartAndMissingMixinsHealLater() throws Exception {
        assertEquals(201, call("POST", "/g01/collector/c01", listing2("0.05")).status);
        JsonNode stored = Requests.MAPPER.readTree(data.resolve("resources/g01/c01.json").toFile());
        assertEquals("s01", stored.path("target").asText());
        manager.close();
        assertTrue(edges.last().closed);
        assertTrue(Files.exists(data.resolve("resources/g01/c01.json")));

        // "restart" with IsReachable not installed yet
        var reachable = catalog.metrics.remove(Fakes.METRIC + "IsReachable");
        manager = newManager();
        api = new ResourceApi(manager);
        manager.restore();
        RunningCollector c = manager.collector("g01", "c01");
        assertNotNull(c);
        assertEquals("degraded", c.state());
        assertTrue(c.status().reason, c.status().reason.contains("IsReachable"));
        assertEquals(200, call("GET", "/g01/collector/c01", null).status);

        catalog.metrics.put(Fakes.METRIC + "IsReachable", reachable);
        await("healed", () -> "running".equals(manager.collector("g01", "c01").state()));
        Fakes.Edge edge = edges.last();
        assertFalse(edge.closed);
        await("measuring", () -> edge.frames.size() >= 2);
        assertEquals("ws://127.0.0.1:8080/sensor/s01/", edge.uri.toString());
    }

    @Test
    public void uninstalledMixinDegradesThenHeals() throws Exception {
        assertEquals(201, call("POST", "/g01/collector/c01", listing2("0.05")).status);
        Fakes.Instance first = catalog.opened.get(0);
        first.available = false;
        await("degraded", () -> "degraded".equals(manager.collector("g01", "c01").state()));
        await("healed", () -> "running".equals(manager.collector("g01", "c01").state()));
        assertEquals(1, first.closes.get());
        assertSame(edges.opened.get(0), manager.collector("g01", "c01").edge());
    }

    @Test
    public void targetResolution() {
        TargetResolver r = new TargetResolver(8181);
        assertEquals("ws://127.0.0.1:8181/sensor/s01/", r.resolve("s01").uri.toString());
        assertEquals("s01", r.resolve("s01").localSensor);
        assertEquals("ws://127.0.0.1:9000/sensor/x/", r.resolve("http://127.0.0.1:9000/sensor/x/").uri.toString());
        assertEquals("wss://localhost/sensor/x/", r.resolve("https://localhost/sensor/x/").uri.toString());
        assertEquals("ws://127.0.0.1:1/sensor/y/?collector=c", r.resolve("ws://127.0.0.1:1/sensor/y/?collector=c")
                .uri.toString());
        assertNull(r.resolve("wss://127.0.0.1/sensor/z/").localSensor);
        for (String bad : new String[] {"ftp://127.0.0.1/", "http:///nohost", "a b", "mailto:x@y"}) {
            try {
                r.resolve(bad);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains(bad));
            }
        }
    }

    private ApiResponse action(String path, String action) {
        return Requests.handle(api, "POST", path, action, null, -1, new ByteArrayInputStream(new byte[0]));
    }

    @Test
    public void controlCommandsStopPauseAndResumeAndSurviveARestart() throws Exception {
        assertEquals(201, call("POST", "/g01/collector/c01", listing2("0.05")).status);
        Fakes.Edge edge = edges.last();
        await("frames", () -> edge.frames.size() >= 2);

        ApiResponse r = action("/g01/collector/c01", "pause");
        assertEquals(202, r.status);
        assertEquals("paused", json(r).path("state").asText());
        JsonNode d = json(call("GET", "/g01/collector/c01", null));
        assertEquals("paused", d.path("status").path("state").asText());
        assertEquals("pause", d.path("control").path("requested").asText());
        Thread.sleep(100); // a round already running may still finish
        int frames = edge.frames.size();
        await("paused rounds counted", () -> json(call("GET", "/g01/collector/c01", null)).path("status")
                .path("counters").path("paused").asLong() >= 3);
        assertEquals("a paused collector sends nothing", frames, edge.frames.size());

        assertEquals(202, action("/g01/collector/c01", "resume").status);
        await("frames again", () -> edge.frames.size() > frames + 1);

        assertEquals(202, action("/g01/collector/c01/", "STOP").status);
        assertEquals("stopped", json(call("GET", "/g01/collector/c01", null)).path("status").path("state").asText());
        manager.close();
        manager = newManager();
        api = new ResourceApi(manager);
        manager.restore();
        assertEquals("the stop survives a restart", "stopped",
                json(call("GET", "/g01/collector/c01", null)).path("status").path("state").asText());
        Fakes.Edge again = edges.last();
        Thread.sleep(200);
        assertEquals("a stopped collector measures nothing", 0, again.frames.size());
        assertEquals(202, action("/g01/collector/c01", "start").status);
        await("running after start", () -> again.frames.size() >= 1);
        assertEquals("running", json(call("GET", "/g01/collector/c01", null)).path("status").path("state").asText());

        r = action("/g01/collector/c01", "explode");
        assertEquals(400, r.status);
        assertEquals("action", json(r).path("attribute").asText());
        assertEquals("[\"init\",\"start\",\"stop\",\"pause\",\"resume\",\"terminate\"]",
                json(r).path("available").toString());
        assertEquals(404, action("/g01/collector/nope", "stop").status);
        assertEquals(400, action("/g01/", "stop").status);

        r = action("/g01/collector/c01", "init");
        assertEquals(202, r.status);
        assertEquals("init leaves the collector stopped, ready for a start", "stopped",
                json(call("GET", "/g01/collector/c01", null)).path("status").path("state").asText());
        assertEquals(202, action("/g01/collector/c01", "start").status);
        assertEquals("running", json(call("GET", "/g01/collector/c01", null)).path("status").path("state").asText());
        r = action("/g01/collector/c01", "terminate");
        assertEquals(202, r.status);
        assertEquals("terminated", json(r).path("state").asText());
        assertEquals("terminate deletes it", 404, call("GET", "/g01/collector/c01", null).status);
    }
}
