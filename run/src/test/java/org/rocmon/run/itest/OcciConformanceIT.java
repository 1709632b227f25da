package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

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
 * OCCI 1.2 conformance against the real runtime: the MUST and SHOULD clauses of GFD.223 (HTTP protocol) and
 * GFD.229 (text rendering), and the shape of GFD.225 (JSON rendering), for the query interface, entity CRUD,
 * collections and filtering, mixin association, actions and error statuses, each in the renderings it concerns.
 * docs/occi.md's conformance table names the method that shows each clause.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OcciConformanceIT {

    private static final String SENSOR = "http://schemas.ogf.org/occi/monitoring#sensor";
    private static final String ACTION = "http://schemas.ogf.org/occi/monitoring/action#";
    private static final String JSON = "application/occi+json";
    private static final String[] RENDERINGS = {"application/occi+json", "application/json", "text/plain",
        "text/occi"};

    @Inject
    BundleContext context;

    private Node node;
    private OcciHttp occi;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Before
    public void setUp() {
        node = new Node(context).awaitReady();
        occi = new OcciHttp(node);
        Node.await("GET /occi/-/ answers 200", 30_000, () -> occi.get("/occi/-/").code == 200);
    }

    // ---- query interface (GFD.223 3.4.1, GFD.229 5.x)

    /** Issue 17.1: text/occi query interface, GET and HEAD, 200 with every category, no header cut off. */
    @Test
    public void queryInterfaceAnswers200InEveryRenderingIncludingTextOcciAndHead() {
        OcciHttp.Answer json = occi.get("/occi/-/", "Accept", JSON);
        assertEquals(json.toString(), 200, json.code);
        int categories = count(json.json(), "kinds") + count(json.json(), "mixins") + count(json.json(), "actions");
        assertTrue("the model has kinds, mixins and actions: " + categories, categories > 30);

        OcciHttp.Answer text = occi.get("/occi/-/", "Accept", "text/occi");
        assertEquals(text.toString(), 200, text.code);
        assertOcciServer(text);
        String header = text.header("Category");
        assertNotNull("a Category header", header);
        assertTrue("a few KiB of categories in one header: " + header.length(), header.length() > 4_000);
        List<String> values = splitCategories(header);
        assertEquals("every category, none cut off", categories, values.size());
        assertTrue(header, header.contains("sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\""));
        assertTrue(header, header.contains("EWMA; scheme=\"http://example.com/occi/monitoring/aggregator#\""));

        OcciHttp.Answer head = occi.call("HEAD", "/occi/-/", null, null, "Accept", "text/occi");
        assertEquals(head.toString(), 200, head.code);
        assertEquals(header, head.header("Category"));
        assertOcciServer(head);

        OcciHttp.Answer plain = occi.get("/occi/-/", "Accept", "text/plain");
        assertEquals(plain.toString(), 200, plain.code);
        assertEquals(categories, plain.body.lines().filter(l -> l.startsWith("Category: ")).count());
        OcciHttp.Answer headPlain = occi.call("HEAD", "/occi/-/", null, null, "Accept", "text/plain");
        assertEquals(200, headPlain.code);
        assertEquals("", headPlain.body);
        // the well-known location answers the same
        assertEquals(200, occi.get("/.well-known/org/ogf/occi/-/", "Accept", "text/occi").code);
        // GFD.223: the query interface MAY be filtered by category
        OcciHttp.Answer one = occi.get("/occi/-/?category=" + enc("http://schemas.ogf.org/occi/monitoring#sensor"),
                "Accept", "text/plain");
        assertEquals(one.body, 1, one.body.lines().filter(l -> l.startsWith("Category: ")).count());
    }

    /** Issue 17.4: the abstract entity kind is bound to no location. */
    @Test
    public void theAbstractEntityKindHasNoLocation() {
        Map<String, Object> model = occi.get("/occi/-/", "Accept", JSON).json();
        Map<String, Object> entity = category(model, "kinds", "entity");
        assertNotNull("entity is in the model", entity);
        assertNull("entity has no location: " + entity, entity.get("location"));
        assertEquals("/occi/sensor/", category(model, "kinds", "sensor").get("location"));
        String plain = occi.get("/occi/-/?category=entity", "Accept", "text/plain").body;
        assertTrue(plain, plain.startsWith("Category: entity; scheme=\"http://schemas.ogf.org/occi/core#\""));
        assertFalse(plain, plain.contains("location="));
        for (String accept : RENDERINGS) {
            OcciHttp.Answer none = occi.get("/occi/entity/", "Accept", accept);
            assertEquals(none.toString(), 404, none.code);
            assertOcciServer(none);
        }
        // resource and link keep their collections (see the conformance table)
        assertEquals(200, occi.get("/occi/resource/").code);
        assertEquals(200, occi.get("/occi/link/").code);
    }

    // ---- entities (GFD.223 3.4.2-3.4.5)

    /** Create (POST on the kind, PUT), read, update, replace and delete, with the statuses GFD.223 asks for. */
    @Test
    public void entityCrudAnswersTheStatusesOfGfd223() throws Exception {
        Path log = Files.createTempDirectory(node.data, "conf-").resolve("cr.log");
        // POST on the kind's collection: 201 with Location
        OcciHttp.Answer posted = occi.call("POST", "/occi/sensor/", JSON, bytes(logSensor("cr1", log)));
        assertEquals(posted.toString(), 201, posted.code);
        assertTrue(posted.header("Location"), posted.header("Location").endsWith("/occi/sensor/cr1"));
        assertOcciServer(posted);
        // POST again with the same id: 409
        assertEquals(409, occi.call("POST", "/occi/sensor/", JSON, bytes(logSensor("cr1", log))).code);
        // PUT creates (201) in text/plain, then replaces (200)
        String text = "Category: sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\"\n"
                + "Category: Log; scheme=\"http://example.com/occi/monitoring/publisher#\"; class=\"mixin\"\n"
                + "X-OCCI-Attribute: occi.sensor.period=1\n"
                + "X-OCCI-Attribute: com.example.occi.monitoring.Log.filename=" + Json.quote(log + "2") + "\n"
                + "X-OCCI-Attribute: com.example.occi.monitoring.Log.in_msg=\"b\"\n";
        OcciHttp.Answer created = occi.call("PUT", "/occi/sensor/cr2", "text/plain", bytes(text), "Accept",
                "text/plain");
        assertEquals(created.toString(), 201, created.code);
        assertTrue(created.header("Location"), created.header("Location").endsWith("/occi/sensor/cr2"));
        assertTrue(created.body, created.body.startsWith("Category: sensor;"));
        OcciHttp.Answer replaced = occi.call("PUT", "/occi/sensor/cr2", "text/plain", bytes(text));
        assertEquals(replaced.toString(), 200, replaced.code);
        // GET in every rendering
        for (String accept : RENDERINGS) {
            OcciHttp.Answer got = occi.get("/occi/sensor/cr2", "Accept", accept);
            assertEquals(accept + ": " + got, 200, got.code);
            assertTrue(got.header("Content-Type"), got.header("Content-Type").startsWith(accept));
            assertOcciServer(got);
        }
        OcciHttp.Answer headers = occi.get("/occi/sensor/cr2", "Accept", "text/occi");
        assertTrue(headers.header("X-OCCI-Attribute"), headers.header("X-OCCI-Attribute").contains("occi.core.id=\"cr2\""));
        // POST on an entity: partial update, 200
        OcciHttp.Answer updated = occi.call("POST", "/occi/sensor/cr2", "text/plain",
                bytes("X-OCCI-Attribute: occi.sensor.period=2\n"), "Accept", "text/plain");
        assertEquals(updated.toString(), 200, updated.code);
        assertTrue(updated.body, updated.body.contains("X-OCCI-Attribute: occi.sensor.period=2"));
        // DELETE: 204 without a body, then 404
        OcciHttp.Answer deleted = occi.delete("/occi/sensor/cr2");
        assertEquals(204, deleted.code);
        assertOcciServer(deleted);
        assertEquals(404, occi.get("/occi/sensor/cr2").code);
        assertEquals(204, occi.delete("/occi/sensor/cr1").code);
    }

    // ---- collections (GFD.223 3.4.3, GFD.229 locations)

    @Test
    public void collectionsListLocationsAndFilterByCategoryAndAttribute() throws Exception {
        Path log = Files.createTempDirectory(node.data, "conf-").resolve("co.log");
        assertEquals(201, occi.put("/occi/sensor/co1", logSensor("co1", log)).code);
        assertEquals(201, occi.put("/occi/compute/co2", "{\"attributes\":{\"occi.compute.hostname\":\"localhost\"}}").code);
        OcciHttp.Answer plain = occi.get("/occi/", "Accept", "text/plain");
        assertEquals(200, plain.code);
        assertTrue(plain.body, plain.body.contains("X-OCCI-Location: /occi/sensor/co1\n"));
        assertTrue(plain.body, plain.body.contains("X-OCCI-Location: /occi/compute/co2\n"));
        OcciHttp.Answer headers = occi.get("/occi/", "Accept", "text/occi");
        assertTrue(headers.header("X-OCCI-Location"), headers.header("X-OCCI-Location").contains("/occi/sensor/co1"));
        OcciHttp.Answer uris = occi.get("/occi/sensor/", "Accept", "text/uri-list");
        assertTrue(uris.body, uris.body.contains(node.base + "/occi/sensor/co1"));
        // filtering: by kind (scheme + term or term), by mixin, by attribute
        assertFalse(occi.get("/occi/?category=" + enc(SENSOR), "Accept", "text/plain").body.contains("co2"));
        assertTrue(occi.get("/occi/?category=compute", "Accept", "text/plain").body.contains("co2"));
        assertTrue(occi.get("/occi/?category=Log", "Accept", "text/plain").body.contains("co1"));
        assertTrue(occi.get("/occi/resource/?attribute=localhost", "Accept", "text/plain").body.contains("co2"));
        assertFalse(occi.get("/occi/resource/?attribute=localhost", "Accept", "text/plain").body.contains("co1"));
        // an empty collection is 200 with no locations
        OcciHttp.Answer none = occi.get("/occi/collector/?category=nothing", "Accept", "text/plain");
        assertEquals(200, none.code);
        assertEquals("", none.body);
        assertEquals(204, occi.delete("/occi/sensor/co1").code);
        assertEquals(204, occi.delete("/occi/compute/co2").code);
    }

    // ---- links (GFD.221 / GFD.229 link rendering)

    /** Issue 17.5: a collector is a link of its source (the compute), not of the sensor it delivers to. */
    @Test
    public void aCollectorIsRenderedUnderItsSourceAndTheSensorNamesItInRocmonCollectors() throws Exception {
        Path log = Files.createTempDirectory(node.data, "conf-").resolve("ln.log");
        assertEquals(201, occi.put("/occi/compute/lg1", "{\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}").code);
        assertEquals(201, occi.put("/occi/sensor/ls1", logSensor("ls1", log)).code);
        OcciHttp.Answer c = occi.put("/occi/collector/lc1", Node.listing2("lc1", 1, "ls1", "lg1"));
        assertEquals(c.toString(), 201, c.code);

        String sensor = occi.get("/occi/sensor/ls1", "Accept", "text/plain").body;
        assertFalse(sensor, sensor.contains("Link: </occi/compute/lg1>"));
        assertFalse(sensor, sensor.contains("self=\"/occi/collector/lc1\""));
        assertTrue(sensor, sensor.contains("X-OCCI-Attribute: rocmon.collectors=\"/occi/collector/lc1\""));
        Map<String, Object> sensorJson = occi.get("/occi/sensor/ls1", "Accept", JSON).json();
        assertNull(sensorJson.toString(), sensorJson.get("links"));
        assertEquals(List.of("/occi/collector/lc1"), ((Map<?, ?>) sensorJson.get("attributes")).get("rocmon.collectors"));

        String compute = occi.get("/occi/compute/lg1", "Accept", "text/plain").body;
        assertTrue(compute, compute.contains("Link: </occi/sensor/ls1>; rel=\"" + SENSOR
                + "\"; self=\"/occi/collector/lc1\"; category=\"http://schemas.ogf.org/occi/monitoring#collector\""));
        Map<String, Object> computeJson = occi.get("/occi/compute/lg1", "Accept", JSON).json();
        List<?> links = (List<?>) computeJson.get("links");
        assertEquals(computeJson.toString(), 1, links.size());
        assertEquals("lc1", ((Map<?, ?>) links.get(0)).get("id"));
        // the filtered collection query finds a sensor's collectors too
        OcciHttp.Answer incoming = occi.get("/occi/collector/?occi.core.target=" + enc("/occi/sensor/ls1"),
                "Accept", "text/plain");
        assertEquals(incoming.body, "X-OCCI-Location: /occi/collector/lc1\n", incoming.body);
        assertEquals(204, occi.delete("/occi/sensor/ls1").code);
        assertEquals(204, occi.delete("/occi/compute/lg1").code);
    }

    // ---- mixins (GFD.223 3.4.4 mixin association)

    /** Issue 17.3: association and disassociation answer 200 with the mixin's collection. */
    @Test
    public void mixinAssociationAndDisassociationAnswer200WithTheCollection() throws Exception {
        Path log = Files.createTempDirectory(node.data, "conf-").resolve("mx.log");
        assertEquals(201, occi.put("/occi/compute/mg1", "{\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}").code);
        assertEquals(201, occi.put("/occi/sensor/ms1", logSensor("ms1", log)).code);
        assertEquals(201, occi.put("/occi/collector/mc1", Node.listing2("mc1", 1, "ms1", "mg1")).code);
        String mixin = "/occi/mixins/metric/CPUPercent/";

        OcciHttp.Answer removed = occi.call("DELETE", mixin, "text/occi", new byte[0], "X-OCCI-Location",
                "/occi/collector/mc1", "Accept", "text/plain");
        assertEquals(removed.toString(), 200, removed.code);
        assertOcciServer(removed);
        assertFalse(removed.body, removed.body.contains("/occi/collector/mc1"));
        assertFalse(occi.get("/occi/collector/mc1", "Accept", "text/plain").body.contains("Category: CPUPercent;"));

        OcciHttp.Answer added = occi.call("POST", mixin, "text/occi", new byte[0], "X-OCCI-Location",
                "/occi/collector/mc1", "Accept", "text/plain");
        assertEquals(added.toString(), 200, added.code);
        assertTrue(added.body, added.body.contains("X-OCCI-Location: /occi/collector/mc1\n"));

        OcciHttp.Answer json = occi.call("DELETE", mixin, JSON, bytes("{\"locations\":[\"/occi/collector/mc1\"]}"),
                "Accept", JSON);
        assertEquals(json.toString(), 200, json.code);
        assertFalse(json.body, json.body.contains("mc1"));
        OcciHttp.Answer back = occi.call("POST", mixin, "text/uri-list", bytes("/occi/collector/mc1\n"),
                "Accept", "text/uri-list");
        assertEquals(back.toString(), 200, back.code);
        assertTrue(back.body, back.body.contains(node.base + "/occi/collector/mc1\r\n"));
        // GET on the mixin collection lists the same
        assertTrue(occi.get(mixin, "Accept", "text/plain").body.contains("/occi/collector/mc1"));
        assertEquals(204, occi.delete("/occi/sensor/ms1").code);
        assertEquals(204, occi.delete("/occi/compute/mg1").code);
    }

    // ---- actions (GFD.223 3.4.6, GFD.229 action links, GFD.225 actions)

    /** Issue 17.6: the applicable actions are action links (text) and the actions array (JSON). */
    @Test
    public void resourceRenderingsCarryTheirActionLinks() throws Exception {
        Path log = Files.createTempDirectory(node.data, "conf-").resolve("al.log");
        assertEquals(201, occi.put("/occi/sensor/al1", logSensor("al1", log)).code);
        String plain = occi.get("/occi/sensor/al1", "Accept", "text/plain").body;
        for (String term : new String[] {"init", "start", "stop", "pause", "resume"}) {
            assertTrue(plain, plain.contains("Link: </occi/sensor/al1?action=" + term + ">; rel=\"" + ACTION + term
                    + "\"\n"));
        }
        String links = occi.get("/occi/sensor/al1", "Accept", "text/occi").header("Link");
        assertTrue(links, links.contains("</occi/sensor/al1?action=pause>; rel=\"" + ACTION + "pause\""));
        Map<String, Object> json = occi.get("/occi/sensor/al1", "Accept", JSON).json();
        assertEquals(List.of(ACTION + "init", ACTION + "start", ACTION + "stop", ACTION + "pause", ACTION + "resume"),
                json.get("actions"));
        // a compute has none
        assertEquals(201, occi.put("/occi/compute/al2", "{\"attributes\":{}}").code);
        assertFalse(occi.get("/occi/compute/al2", "Accept", "text/plain").body.contains("?action="));
        assertNull(occi.get("/occi/compute/al2", "Accept", JSON).json().get("actions"));
        assertEquals(204, occi.delete("/occi/sensor/al1").code);
        assertEquals(204, occi.delete("/occi/compute/al2").code);
    }

    /** Issue 17.2: triggering an action answers 200 with the rendering, in text/occi and JSON. */
    @Test
    public void actionsAnswer200() throws Exception {
        Path log = Files.createTempDirectory(node.data, "conf-").resolve("ac.log");
        assertEquals(201, occi.put("/occi/sensor/ac1", logSensor("ac1", log)).code);
        OcciHttp.Answer paused = occi.call("POST", "/occi/sensor/ac1?action=pause", "text/occi", new byte[0],
                "Category", "pause; scheme=\"" + ACTION + "\"; class=\"action\"", "Accept", "text/plain");
        assertEquals(paused.toString(), 200, paused.code);
        assertOcciServer(paused);
        assertTrue(paused.body, paused.body.contains("X-OCCI-Attribute: rocmon.control=\"paused\""));
        Node.await("the node paused ac1", 5_000, () -> node.get("/sensor/ac1/").body.contains("paused"));
        OcciHttp.Answer resumed = occi.call("POST", "/occi/sensor/ac1?action=resume", JSON,
                bytes("{\"action\":\"" + ACTION + "resume\",\"attributes\":{\"propagate\":false}}"), "Accept", JSON);
        assertEquals(resumed.toString(), 200, resumed.code);
        assertEquals("running", OcciHttp.attribute(resumed, "rocmon.control"));
        // an action the kind does not define: 400 naming the available ones
        OcciHttp.Answer unknown = occi.call("POST", "/occi/sensor/ac1?action=explode", JSON, bytes("{}"));
        assertEquals(400, unknown.code);
        assertEquals("action", unknown.json().get("attribute"));
        assertEquals(204, occi.delete("/occi/sensor/ac1").code);
    }

    // ---- errors and headers (GFD.223 3.2, 3.6; RFC 9457 for JSON)

    /** GFD.223: the server MUST send Server: OCCI/1.2 on every answer; errors have clear statuses, never 500. */
    @Test
    public void errorStatusesInEveryRenderingWithTheServerHeader() {
        for (String accept : RENDERINGS) {
            OcciHttp.Answer notFound = occi.get("/occi/sensor/nobody", "Accept", accept);
            assertEquals(404, notFound.code);
            assertOcciServer(notFound);
            assertError(notFound, accept, "no sensor nobody");
            OcciHttp.Answer notAllowed = occi.call("PUT", "/occi/-/", JSON, bytes("{}"), "Accept", accept);
            assertEquals(405, notAllowed.code);
            assertEquals("GET", notAllowed.header("Allow"));
            assertOcciServer(notAllowed);
            OcciHttp.Answer bad = occi.call("PUT", "/occi/sensor/e1", JSON, bytes("{\"attributes\":{}}"),
                    "Accept", accept);
            assertEquals(400, bad.code);
            assertError(bad, accept, "occi.sensor.period");
            OcciHttp.Answer newer = occi.get("/occi/-/", "Accept", accept, "User-Agent", "client OCCI/1.3");
            assertEquals(501, newer.code);
            assertOcciServer(newer);
            OcciHttp.Answer unsupported = occi.call("PUT", "/occi/sensor/e1", "application/xml", bytes("<a/>"),
                    "Accept", accept);
            assertEquals(415, unsupported.code);
            OcciHttp.Answer tooLarge = occi.call("PUT", "/occi/sensor/e1", JSON, new byte[1024 * 1024 + 10],
                    "Accept", accept);
            assertEquals(413, tooLarge.code);
            assertOcciServer(tooLarge);
        }
        OcciHttp.Answer notAcceptable = occi.get("/occi/-/", "Accept", "image/png");
        assertEquals(406, notAcceptable.code);
        assertTrue(notAcceptable.header("Content-Type"), notAcceptable.header("Content-Type")
                .startsWith("application/problem+json"));
        OcciHttp.Answer jsonAsText = occi.call("PUT", "/occi/sensor/e1", "text/plain", bytes("{\"id\":\"e1\"}"));
        assertEquals(415, jsonAsText.code);
        assertTrue(jsonAsText.body, jsonAsText.body.contains("application/occi+json"));
    }

    /**
     * Issue 17.7: an error the container raises itself under /occi/ (an ambiguous URI, refused by Jetty's HTTP
     * connection before any context, servlet or filter sees the request) still carries Server: OCCI/1.2 and no
     * HTML page; what the front end cannot render, it cannot make OCCI-style (docs/occi.md, Errors).
     */
    @Test
    public void containerErrorsUnderOcciCarryTheOcciServerHeader() {
        for (String accept : RENDERINGS) {
            OcciHttp.Answer a = occi.get("/occi//-/", "Accept", accept);
            assertEquals(a.toString(), 400, a.code);
            assertOcciServer(a);
            // Jetty's error handler, as configured, answers without a body rather than its HTML page
            assertFalse(a.body, a.body.toLowerCase(java.util.Locale.ROOT).contains("<html"));
        }
        // the same path without the empty segment is the query interface
        assertEquals(200, occi.get("/occi/-/", "Accept", "text/plain").code);
    }

    // ---- helpers

    private static void assertOcciServer(OcciHttp.Answer a) {
        String server = a.header("Server");
        assertNotNull(a + " has no Server header", server);
        assertTrue(a + ": Server " + server, server.contains("OCCI/1.2"));
    }

    /** JSON renderings get RFC 9457 problems; text renderings the same members as name: value lines. */
    private static void assertError(OcciHttp.Answer a, String accept, String expected) {
        assertFalse(a.body, a.body.contains("Exception"));
        if (accept.contains("json")) {
            assertTrue(a.header("Content-Type"), a.header("Content-Type").startsWith("application/problem+json"));
            Map<String, Object> p = a.json();
            assertEquals("about:blank", p.get("type"));
            assertEquals(a.code, ((Number) p.get("status")).intValue());
            assertNotNull(p.get("title"));
            assertTrue(a.body, String.valueOf(p.get("detail")).contains(expected)
                    || expected.equals(p.get("attribute")));
        } else {
            assertTrue(a.header("Content-Type"), a.header("Content-Type").startsWith("text/plain"));
            assertTrue(a.body, a.body.contains("status: " + a.code + "\n"));
            assertTrue(a.body, a.body.contains("detail: "));
            assertTrue(a.body, a.body.contains(expected));
        }
    }

    private static String logSensor(String id, Path log) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + SENSOR + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Log.filename\":" + Json.quote(log.toString()) + ","
                + "\"com.example.occi.monitoring.Log.in_msg\":\"b\"}}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int count(Map<String, Object> model, String member) {
        Object list = model.get(member);
        return list instanceof List ? ((List<?>) list).size() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> category(Map<String, Object> model, String member, String term) {
        for (Object c : (List<?>) model.get(member)) {
            if (term.equals(((Map<?, ?>) c).get("term"))) {
                return (Map<String, Object>) c;
            }
        }
        return null;
    }

    /** Splits a comma-separated Category header, commas inside quoted strings excepted. */
    private static List<String> splitCategories(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char ch = header.charAt(i);
            if (ch == '\\' && quoted && i + 1 < header.length()) {
                b.append(ch).append(header.charAt(++i));
                continue;
            }
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == ',' && !quoted) {
                out.add(b.toString().trim());
                b.setLength(0);
            } else {
                b.append(ch);
            }
        }
        if (b.length() > 0) {
            out.add(b.toString().trim());
        }
        return out;
    }
}
