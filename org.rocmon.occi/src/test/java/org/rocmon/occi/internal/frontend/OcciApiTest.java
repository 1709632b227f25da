package org.rocmon.occi.internal.frontend;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OcciApiTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Harness h;

    @Before
    public void setUp() throws Exception {
        h = new Harness(tmp.newFolder("occi").toPath());
    }

    private static void assertValid(JsonNode rendering, String definition) {
        List<String> v = OcciSchema.violations(rendering, definition);
        assertTrue("schema violations of " + definition + ": " + v + " in " + rendering, v.isEmpty());
    }

    private void deployFigure4() {
        assertEquals(201, h.put("/occi/compute/g01", Harness.compute("g01")).status);
        assertEquals(201, h.put("/occi/sensor/s01", Harness.listing1("s01", 3)).status);
        OcciResponse c = h.put("/occi/collector/c01", Harness.listing2("c01", "g01", "s01"));
        assertEquals(c.text(), 201, c.status);
    }

    @Test
    public void queryInterfaceListsKindsTagsAndInstalledMixinsAndIsSchemaValid() {
        OcciResponse r = h.get("/occi/-/");
        assertEquals(200, r.status);
        assertEquals("application/occi+json", r.contentType);
        assertTrue(r.first("Server").startsWith("OCCI/1.2"));
        JsonNode model = Harness.json(r);
        assertValid(model, "model");
        String text = model.toString();
        for (String term : new String[] {"\"entity\"", "\"resource\"", "\"link\"", "\"sensor\"", "\"collector\"",
            "\"compute\"", "\"metric\"", "\"aggregator\"", "\"publisher\"", "\"EWMA\"", "\"IsReachable\""}) {
            assertTrue(term + " in " + text, text.contains("\"term\":" + term));
        }
        JsonNode sensor = null;
        for (JsonNode k : model.get("kinds")) {
            if ("sensor".equals(k.get("term").asText())) {
                sensor = k;
            }
        }
        assertNotNull(sensor);
        JsonNode period = sensor.get("attributes").get("occi.sensor.period");
        assertTrue(period.get("required").asBoolean());
        assertEquals("number", period.get("type").asText());
        JsonNode ewma = null;
        for (JsonNode m : model.get("mixins")) {
            if ("EWMA".equals(m.get("term").asText())) {
                ewma = m;
            }
        }
        assertEquals("http://schemas.ogf.org/occi/monitoring#aggregator", ewma.get("depends").get(0).asText());
        assertEquals("http://schemas.ogf.org/occi/monitoring#sensor", ewma.get("applies").get(0).asText());
        assertEquals(16, ewma.get("attributes").get("com.example.occi.monitoring.EWMA.gain").get("default").asInt());

        // Same at the well-known location; removing a mixin from the catalog removes it from discovery.
        assertEquals(200, h.get("/.well-known/org/ogf/occi/-/").status);
        h.mixins.removeIf(m -> "EWMA".equals(m.term));
        assertFalse(h.get("/occi/-/").text().contains("EWMA"));
    }

    @Test
    public void queryInterfaceTextRenderingsAndCategoryFilter() {
        OcciResponse plain = h.get("/occi/-/", "Accept", "text/plain");
        assertEquals("text/plain", plain.contentType);
        assertTrue(plain.text(), plain.text().contains("Category: sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\""));
        assertTrue(plain.text(), plain.text().contains("occi.sensor.period{required}"));
        OcciResponse occi = h.get("/occi/-/?category=EWMA", "Accept", "text/occi");
        assertEquals("text/occi", occi.contentType);
        long categories = occi.headers.stream().filter(x -> x[0].equals("Category")).count();
        assertEquals(1, categories);
        assertTrue(occi.first("Category").startsWith("EWMA; scheme=\"http://example.com/occi/monitoring/aggregator#\"; class=\"mixin\""));
    }

    @Test
    public void listingsDeployOntoTheNodeWithAdmissionAndTheSensorsWebSocketUrl() {
        deployFigure4();
        List<String> calls = h.nodes.calls();
        assertTrue(calls.toString(), calls.contains("GET " + Harness.LOCAL + "/resource/"));
        assertTrue(calls.toString(), calls.contains("POST " + Harness.LOCAL + "/sensor/s01/"));
        assertTrue(calls.toString(), calls.contains("POST " + Harness.LOCAL + "/resource/g01/collector/c01"));
        String collectorBody = h.nodes.bodies.get("POST " + Harness.LOCAL + "/resource/g01/collector/c01");
        assertTrue(collectorBody, collectorBody.contains("\"target\":\"ws://127.0.0.1:1/sensor/s01/\""));
        assertTrue(collectorBody, collectorBody.contains("\"source\":\"g01\""));
        assertTrue(collectorBody, collectorBody.contains("\"com.example.occi.monitoring.IsReachable.hostname\":\"127.0.0.1\""));
        assertFalse("front-end attributes stay in the front end: " + collectorBody, collectorBody.contains("rocmon.owner"));
        // The sensor was re-posted with the collector in its links before the collector started.
        int admitted = calls.lastIndexOf("POST " + Harness.LOCAL + "/sensor/s01/");
        assertTrue(calls.toString(), admitted < calls.indexOf("POST " + Harness.LOCAL + "/resource/g01/collector/c01"));

        JsonNode sensor = Harness.json(h.get("/occi/sensor/s01"));
        assertValid(sensor, "resource");
        assertEquals("deployed", sensor.get("attributes").get("rocmon.state").asText());
        assertEquals("anonymous", sensor.get("attributes").get("rocmon.owner").asText());
        assertEquals(3, sensor.get("attributes").get("occi.sensor.period").asInt());
        // GFD.221: the collector is a link of its source (the compute); the sensor names it in rocmon.collectors.
        assertNull(sensor.get("links"));
        assertEquals("/occi/collector/c01", sensor.get("attributes").get("rocmon.collectors").get(0).asText());
        assertEquals("c01", Harness.json(h.get("/occi/compute/g01")).get("links").get(0).get("id").asText());
        JsonNode collector = Harness.json(h.get("/occi/collector/c01"));
        assertValid(collector, "link");
        assertEquals("/occi/compute/g01", collector.get("source").get("location").asText());
        assertEquals("/occi/sensor/s01", collector.get("target").get("location").asText());
        assertValid(Harness.json(h.get("/occi/")), "entity_collection");
        assertValid(Harness.json(h.get("/occi/collector/")), "link_collection");
        assertValid(Harness.json(h.get("/occi/compute/g01")), "resource");
    }

    @Test
    public void putReplacesWith200AndLocationOnlyOnCreate() {
        OcciResponse created = h.put("/occi/sensor/s01", Harness.listing1("s01", 3));
        assertEquals(201, created.status);
        assertEquals("http://127.0.0.1:8080/occi/sensor/s01", created.first("Location"));
        OcciResponse replaced = h.put("/occi/sensor/s01", Harness.listing1("s01", 5));
        assertEquals(200, replaced.status);
        assertNull(replaced.first("Location"));
        assertEquals(5, Harness.json(replaced).get("attributes").get("occi.sensor.period").asInt());
    }

    @Test
    public void reversedLinkIsRefusedWithTheDirection() {
        h.put("/occi/compute/g01", Harness.compute("g01"));
        h.put("/occi/sensor/s01", Harness.listing1("s01", 3));
        h.nodes.clear();
        OcciResponse r = h.put("/occi/collector/c01", Harness.listing2("c01", "s01", "g01"));
        assertEquals(400, r.status);
        JsonNode e = Harness.json(r);
        assertEquals("occi.core.source", e.get("attribute").asText());
        assertTrue(e.get("detail").asText(), e.get("detail").asText().contains("reversed"));
        assertTrue("nothing deployed: " + h.nodes.calls(), h.nodes.calls().isEmpty());
        assertEquals(404, h.get("/occi/collector/c01").status);
    }

    @Test
    public void periodsAreRequiredAndPositive() {
        OcciResponse missing = h.put("/occi/sensor/s02", "{\"attributes\":{}}");
        assertEquals(400, missing.status);
        assertEquals("occi.sensor.period", Harness.json(missing).get("attribute").asText());
        OcciResponse zero = h.put("/occi/sensor/s02", "{\"attributes\":{\"occi.sensor.period\":0}}");
        assertEquals(400, zero.status);
        OcciResponse text = h.put("/occi/sensor/s02", "{\"attributes\":{\"occi.sensor.period\":\"often\"}}");
        assertEquals(400, text.status);
        assertEquals(201, h.put("/occi/sensor/s02", "{\"attributes\":{\"occi.sensor.period\":\"0.2\"}}").status);
    }

    @Test
    public void windowsInThePastOrStoppingBeforeStartingAreRefusedWithoutAllocating() {
        long now = h.clock.get() / 1000;
        h.nodes.clear();
        OcciResponse past = h.put("/occi/sensor/s03", "{\"attributes\":{\"occi.sensor.period\":1,"
                + "\"occi.sensor.timebase\":" + (now - 100) + ",\"occi.sensor.timestart\":0,\"occi.sensor.timestop\":200}}");
        assertEquals(past.text(), 400, past.status);
        OcciResponse reversed = h.put("/occi/sensor/s03", "{\"attributes\":{\"occi.sensor.period\":1,"
                + "\"occi.sensor.timestart\":50,\"occi.sensor.timestop\":10}}");
        assertEquals(400, reversed.status);
        assertEquals("occi.sensor.timestop", Harness.json(reversed).get("attribute").asText());
        assertTrue(h.nodes.calls().isEmpty());
        assertEquals(404, h.get("/occi/sensor/s03").status);
        OcciResponse future = h.put("/occi/sensor/s03", "{\"attributes\":{\"occi.sensor.period\":1,"
                + "\"occi.sensor.timebase\":" + (now + 10) + ",\"occi.sensor.timestop\":60}}");
        assertEquals(future.text(), 201, future.status);
        OcciResponse suspended = h.put("/occi/sensor/s04", "{\"attributes\":{\"occi.sensor.period\":1,"
                + "\"occi.sensor.timebase\":-1}}");
        assertEquals(201, suspended.status);
    }

    @Test
    public void mixinsMustExistAndApplyToTheKind() {
        OcciResponse unknown = h.put("/occi/sensor/s05", "{\"mixins\":[\"http://example.com/occi/monitoring/aggregator#Nope\"],"
                + "\"attributes\":{\"occi.sensor.period\":1}}");
        assertEquals(400, unknown.status);
        JsonNode e = Harness.json(unknown);
        assertEquals("mixins", e.get("attribute").asText());
        assertTrue(e.get("available").toString(), e.get("available").toString().contains("EWMA"));
        OcciResponse wrong = h.put("/occi/sensor/s05", "{\"mixins\":[\"http://example.com/occi/monitoring/metric#CPUPercent\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,\"com.example.occi.monitoring.CPUPercent.out\":\"a\"}}");
        assertEquals(400, wrong.status);
        assertTrue(Harness.json(wrong).get("detail").asText().contains("applies to"));
        OcciResponse badType = h.put("/occi/sensor/s05", "{\"mixins\":[\"http://example.com/occi/monitoring/aggregator#EWMA\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,\"com.example.occi.monitoring.EWMA.gain\":\"lots\","
                + "\"com.example.occi.monitoring.EWMA.instream\":\"a\",\"com.example.occi.monitoring.EWMA.outstream\":\"b\"}}");
        assertEquals(400, badType.status);
        assertEquals("com.example.occi.monitoring.EWMA.gain", Harness.json(badType).get("attribute").asText());
        OcciResponse missing = h.put("/occi/sensor/s05", "{\"mixins\":[\"http://example.com/occi/monitoring/aggregator#EWMA\"],"
                + "\"attributes\":{\"occi.sensor.period\":1}}");
        assertEquals(400, missing.status);
        assertEquals("com.example.occi.monitoring.EWMA.instream", Harness.json(missing).get("attribute").asText());
        OcciResponse typo = h.put("/occi/sensor/s05", "{\"attributes\":{\"occi.sensor.period\":1,\"occi.sensor.perod\":2}}");
        assertEquals(400, typo.status);
    }

    @Test
    public void badInputGetsClearStatusesNever500() {
        assertEquals(400, h.put("/occi/sensor/s06", "{\"attributes\":").status);
        assertEquals(400, h.put("/occi/sensor/s06", "[1,2]").status);
        assertEquals(400, h.put("/occi/sensor/s06", "").status);
        assertEquals(400, h.put("/occi/sensor/s06", "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\"}").status);
        assertEquals(400, h.put("/occi/sensor/s06", "{\"id\":\"other\",\"attributes\":{\"occi.sensor.period\":1}}").status);
        assertEquals(400, h.put("/occi/sensor/s06", "{\"mixins\":\"EWMA\",\"attributes\":{\"occi.sensor.period\":1}}").status);
        assertEquals(400, h.call("PUT", "/occi/sensor/s06", "text/plain", "Category sensor").status);
        assertEquals(400, h.call("PUT", "/occi/sensor/s06", "text/plain",
                "Category: sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\"\n"
                        + "X-OCCI-Attribute: occi.sensor.period=\"unterminated").status);
        assertEquals(415, h.call("PUT", "/occi/sensor/s06", "application/xml", "<x/>").status);
        assertEquals(406, h.call("GET", "/occi/-/", null, null, "Accept", "image/png").status);
        assertEquals(501, h.call("GET", "/occi/-/", null, null, "User-Agent", "curl OCCI/1.3").status);
        assertEquals(200, h.call("GET", "/occi/-/", null, null, "User-Agent", "OCCI/1.2").status);
        assertEquals(404, h.get("/occi/sensor/none").status);
        assertEquals(404, h.get("/elsewhere").status);
        assertEquals(405, h.call("PUT", "/occi/-/", null, "{}").status);
        assertEquals("GET", h.call("PUT", "/occi/-/", null, "{}").first("Allow"));
        assertEquals(415, h.call("PUT", "/occi/sensor/s06", "text/plain", "{\"kind\":\"x\"}").status);
        assertEquals(400, h.get("/occi/sensor/?page=0").status);
        assertEquals(400, h.get("/occi/sensor/bad%20id").status == 404 ? 400 : h.get("/occi/sensor/bad id").status);
    }

    @Test
    public void textOcciInputAndTextRenderingsRoundTrip() {
        OcciResponse put = h.call("PUT", "/occi/sensor/s07", "text/occi", null,
                "Category", "sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\"",
                "Category", "Log; scheme=\"http://example.com/occi/monitoring/publisher#\"; class=\"mixin\"",
                "X-OCCI-Attribute", "occi.sensor.period=2",
                "X-OCCI-Attribute", "com.example.occi.monitoring.Log.filename=\"a \\\"b\\\".log\", "
                        + "com.example.occi.monitoring.Log.in_msg=\"b\"",
                "X-OCCI-Attribute", "occi.core.title=\"text sensor\"");
        assertEquals(put.text(), 201, put.status);
        OcciResponse plain = h.get("/occi/sensor/s07", "Accept", "text/plain");
        String t = plain.text();
        assertTrue(t, t.contains("Category: sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\""));
        assertTrue(t, t.contains("Category: Log; scheme=\"http://example.com/occi/monitoring/publisher#\"; class=\"mixin\""));
        assertTrue(t, t.contains("X-OCCI-Attribute: occi.sensor.period=2"));
        assertTrue(t, t.contains("X-OCCI-Attribute: com.example.occi.monitoring.Log.filename=\"a \\\"b\\\".log\""));
        assertTrue(t, t.contains("X-OCCI-Attribute: occi.core.title=\"text sensor\""));
        // The text/plain rendering is accepted back as input.
        assertEquals(200, h.call("PUT", "/occi/sensor/s07", "text/plain", t).status);
        JsonNode json = Harness.json(h.get("/occi/sensor/s07"));
        assertEquals("a \"b\".log", json.get("attributes").get("com.example.occi.monitoring.Log.filename").asText());
        assertEquals("text sensor", json.get("title").asText());
    }

    @Test
    public void collectionsFilterPaginateAndRenderUriLists() {
        deployFigure4();
        for (int i = 0; i < 5; i++) {
            assertEquals(201, h.put("/occi/sensor/p" + i, "{\"attributes\":{\"occi.sensor.period\":" + (i + 1) + "}}").status);
        }
        JsonNode all = Harness.json(h.get("/occi/sensor/"));
        assertEquals(6, all.get("resources").size());
        JsonNode page2 = Harness.json(h.get("/occi/sensor/?page=2&number=4"));
        assertEquals(2, page2.get("resources").size());
        assertEquals("{}", Harness.json(h.get("/occi/sensor/?page=9&number=4")).toString());
        JsonNode period3 = Harness.json(h.get("/occi/sensor/?occi.sensor.period=3"));
        assertEquals(2, period3.get("resources").size());
        JsonNode byValue = Harness.json(h.get("/occi/?attribute=localhost"));
        assertEquals("g01", byValue.get("resources").get(0).get("id").asText());
        JsonNode ewma = Harness.json(h.get("/occi/?category=http://example.com/occi/monitoring/aggregator%23EWMA"));
        assertEquals(1, ewma.get("resources").size());
        JsonNode resources = Harness.json(h.get("/occi/resource/"));
        assertEquals(7, resources.get("resources").size());
        assertValid(resources, "resource_collection");
        OcciResponse uris = h.get("/occi/collector/", "Accept", "text/uri-list");
        assertEquals("text/uri-list", uris.contentType);
        assertEquals("http://127.0.0.1:8080/occi/collector/c01\r\n", uris.text());
        OcciResponse locations = h.get("/occi/mixins/aggregator/EWMA/", "Accept", "text/plain");
        assertEquals("X-OCCI-Location: /occi/sensor/s01\n", locations.text());
        assertEquals(406, h.get("/occi/sensor/s01", "Accept", "text/uri-list").status);
    }

    @Test
    public void deletingASensorDeletesTheCollectorsInItsScopeAndUndeploys() {
        deployFigure4();
        h.nodes.clear();
        assertEquals(204, h.call("DELETE", "/occi/sensor/s01", null, null).status);
        assertEquals(404, h.get("/occi/collector/c01").status);
        assertEquals(404, h.get("/occi/sensor/s01").status);
        List<String> calls = h.nodes.calls();
        assertTrue(calls.toString(), calls.contains("DELETE " + Harness.LOCAL + "/resource/g01/collector/c01"));
        assertTrue(calls.toString(), calls.contains("DELETE " + Harness.LOCAL + "/sensor/s01/"));
        assertEquals(200, h.get("/occi/compute/g01").status);
    }

    @Test
    public void partialUpdateAddsMixinsAndChangesAttributesActionsAreUnknown() {
        deployFigure4();
        OcciResponse r = h.call("POST", "/occi/sensor/s01", "application/json", "{\"attributes\":{\"occi.sensor.period\":7}}");
        assertEquals(r.text(), 200, r.status);
        JsonNode s = Harness.json(r);
        assertEquals(7, s.get("attributes").get("occi.sensor.period").asInt());
        assertEquals(3, s.get("mixins").size());
        OcciResponse action = h.call("POST", "/occi/sensor/s01?action=reboot", "application/json", "{}");
        assertEquals(400, action.status);
        assertEquals("action", Harness.json(action).get("attribute").asText());
        assertEquals(5, Harness.json(action).get("available").size());
        assertEquals(404, h.call("POST", "/occi/sensor/nope", "application/json", "{}").status);
    }

    @Test
    public void aNodeThatIsDownLeavesTheEntityFailedThenARetryDeploysIt() {
        h.nodes.down = true;
        OcciResponse r = h.put("/occi/sensor/s01", Harness.listing1("s01", 3));
        assertEquals(201, r.status);
        JsonNode a = Harness.json(r).get("attributes");
        assertEquals("failed", a.get("rocmon.state").asText());
        assertTrue(a.get("rocmon.reason").asText(), a.get("rocmon.reason").asText().contains("unreachable"));
        h.put("/occi/compute/g01", Harness.compute("g01"));
        OcciResponse c = h.put("/occi/collector/c01", Harness.listing2("c01", "g01", "s01"));
        assertEquals("pending", Harness.json(c).get("attributes").get("rocmon.state").asText());
        h.nodes.down = false;
        h.frontend.retry();
        for (String p : new String[] {"/occi/sensor/s01", "/occi/compute/g01", "/occi/collector/c01"}) {
            assertEquals(p, "deployed", Harness.json(h.get(p)).get("attributes").get("rocmon.state").asText());
        }
    }

    @Test
    public void aNodeRefusalIsRelayedAndNothingIsStored() {
        h.nodes.refuse = "/sensor/s01/";
        OcciResponse r = h.put("/occi/sensor/s01", Harness.listing1("s01", 3));
        assertEquals(400, r.status);
        assertEquals("com.example.occi.monitoring.EWMA.gain", Harness.json(r).get("attribute").asText());
        assertEquals(404, h.get("/occi/sensor/s01").status);
    }

    @Test
    public void theStoreSurvivesARestartAndReconcilesWithTheNodes() throws Exception {
        deployFigure4();
        assertEquals(201, h.call("PUT", "/occi/node/edge1", "application/json", "{\"url\":\"http://127.0.0.1:2\"}").status);
        Harness again = new Harness(h.data);
        assertEquals(200, again.get("/occi/collector/c01").status);
        assertEquals("http://127.0.0.1:2", Harness.json(again.get("/occi/node/edge1")).get("url").asText());
        again.frontend.markRestarted();
        assertEquals("a stored state is not trusted after a restart", "pending",
                Harness.json(again.get("/occi/collector/c01")).get("attributes").get("rocmon.state").asText());
        again.frontend.retry();
        List<String> calls = again.nodes.calls();
        assertTrue(calls.toString(), calls.contains("POST " + Harness.LOCAL + "/sensor/s01/"));
        assertTrue(calls.toString(), calls.contains("POST " + Harness.LOCAL + "/resource/g01/collector/c01"));
        assertEquals("deployed", Harness.json(again.get("/occi/collector/c01")).get("attributes").get("rocmon.state").asText());
    }

    @Test
    public void nodesAreRegisteredByUrlAndComputesNameThem() {
        assertEquals(400, h.put("/occi/compute/g02", "{\"attributes\":{\"rocmon.node\":\"edge1\"}}").status);
        assertEquals(400, h.call("PUT", "/occi/node/edge1", "application/json", "{\"url\":\"ftp://x\"}").status);
        assertEquals(201, h.call("PUT", "/occi/node/edge1", "application/json", "{\"url\":\"http://127.0.0.1:9001\"}").status);
        assertEquals(201, h.put("/occi/compute/g02", "{\"attributes\":{\"rocmon.node\":\"edge1\"}}").status);
        assertTrue(h.nodes.calls().contains("GET http://127.0.0.1:9001/resource/"));
        assertEquals(409, h.call("DELETE", "/occi/node/edge1", null, null).status);
        assertEquals(204, h.call("DELETE", "/occi/compute/g02", null, null).status);
        assertEquals(204, h.call("DELETE", "/occi/node/edge1", null, null).status);
        assertTrue(Harness.json(h.get("/occi/node/")).toString().contains("\"local\""));
    }

    @Test
    public void mixinCollectionsAssociateAndDisassociate() {
        assertEquals(201, h.put("/occi/sensor/s08", "{\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Log.filename\":\"x\",\"com.example.occi.monitoring.Log.in_msg\":\"a\"}}").status);
        OcciResponse add = h.call("POST", "/occi/mixins/publisher/Log/", "application/json",
                "{\"locations\":[\"/occi/sensor/s08\"]}");
        assertEquals(add.text(), 200, add.status);
        assertEquals("s08", Harness.json(add).get("resources").get(0).get("id").asText());
        assertEquals(1, Harness.json(h.get("/occi/sensor/s08")).get("mixins").size());
        assertEquals(400, h.call("POST", "/occi/mixins/aggregator/", "application/json",
                "{\"locations\":[\"/occi/sensor/s08\"]}").status);
        OcciResponse remove = h.call("DELETE", "/occi/mixins/publisher/Log/", "text/uri-list", "/occi/sensor/s08\n");
        assertEquals(200, remove.status);
        assertEquals("{}", Harness.json(remove).toString());
        assertNull(Harness.json(h.get("/occi/sensor/s08")).get("mixins"));
    }

    @Test
    public void errorsAreProblemsInJsonAndNameValueLinesInText() {
        OcciResponse json = h.call("GET", "/occi/sensor/none", null, null, "Accept", "application/json");
        assertEquals(404, json.status);
        assertEquals("application/problem+json", json.contentType);
        JsonNode p = Harness.json(json);
        assertEquals("about:blank", p.get("type").asText());
        assertEquals("Not Found", p.get("title").asText());
        assertEquals(404, p.get("status").asInt());
        assertEquals("no sensor none", p.get("detail").asText());
        assertTrue(json.first("Server").startsWith("OCCI/1.2"));
        OcciResponse text = h.call("PUT", "/occi/sensor/s09", "text/plain",
                "Category: sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\"\n",
                "Accept", "text/plain");
        assertEquals(400, text.status);
        assertEquals("text/plain", text.contentType);
        assertTrue(text.text(), text.text().contains("status: 400\n"));
        assertTrue(text.text(), text.text().contains("attribute: occi.sensor.period\n"));
        assertTrue(text.first("Server").startsWith("OCCI/1.2"));
        OcciResponse occi = h.call("DELETE", "/occi/-/", null, null, "Accept", "text/occi");
        assertEquals(405, occi.status);
        assertEquals("GET", occi.first("Allow"));
        assertTrue(occi.text(), occi.text().startsWith("type: about:blank\ntitle: Method Not Allowed\n"));
    }

    @Test
    public void textOcciQueryIsOneCategoryHeaderAndA406WhenItCannotFitTheHeaderBudget() {
        OcciResponse fits = h.get("/occi/-/", "Accept", "text/occi");
        assertEquals(200, fits.status);
        assertEquals("one comma-separated Category header", 1,
                fits.headers.stream().filter(x -> x[0].equals("Category")).count());
        assertTrue(fits.first("Category"), fits.first("Category").contains(", resource; scheme="));
        OcciApi small = new OcciApi(h.frontend, 2048);
        OcciRequest req = new OcciRequest("GET", "/occi/-/", java.util.Map.of(),
                java.util.Map.of("Accept", java.util.List.of("text/occi")), new byte[0], null, "http://x");
        OcciResponse refused = small.handle(req);
        assertEquals(refused.text(), 406, refused.status);
        assertTrue(refused.text(), refused.text().contains("text/plain"));
        assertTrue(refused.first("Server").startsWith("OCCI/1.2"));
        OcciRequest plain = new OcciRequest("GET", "/occi/-/", java.util.Map.of(),
                java.util.Map.of("Accept", java.util.List.of("text/plain")), new byte[0], null, "http://x");
        assertEquals(200, small.handle(plain).status);
    }
}
