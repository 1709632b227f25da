package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The OCCI 1.2 front end over real HTTP on one node: query interface and its renderings, discovery following a
 * mixin bundle, every entity verb and status, collections, and bad input.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OcciProtocolIT {

    private static final String SENSOR = "http://schemas.ogf.org/occi/monitoring#sensor";

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

    private String logSensor(String id, Path log) {
        return "{\"kind\":\"" + SENSOR + "\",\"mixins\":[\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Log.filename\":" + Json.quote(log.toString()) + ","
                + "\"com.example.occi.monitoring.Log.in_msg\":\"b\"}}";
    }

    @Test
    public void queryInterfaceRenderingsAndDiscoveryFollowTheMixinBundle() throws Exception {
        OcciHttp.Answer q = occi.get("/occi/-/");
        assertEquals(q.toString(), 200, q.code);
        assertTrue(q.header("Content-Type"), q.header("Content-Type").startsWith("application/occi+json"));
        assertTrue("Server header: " + q.header("Server"), q.header("Server").contains("OCCI/1.2"));
        Map<String, Object> model = q.json();
        assertTrue(model.get("kinds") instanceof List);
        for (String term : new String[] {"sensor", "collector", "compute", "entity", "resource", "link", "metric",
            "aggregator", "publisher", "EWMA", "Log", "SendUDP", "CPUPercent", "IsReachable"}) {
            assertTrue(term + " in the query interface", q.body.contains("\"term\" : \"" + term + "\""));
        }
        assertEquals(200, occi.get("/.well-known/org/ogf/occi/-/").code);
        OcciHttp.Answer plain = occi.get("/occi/-/", "Accept", "text/plain");
        assertTrue(plain.body, plain.body.contains("Category: EWMA; scheme=\"http://example.com/occi/monitoring/aggregator#\"; class=\"mixin\""));
        OcciHttp.Answer text = occi.get("/occi/-/?category=sensor", "Accept", "text/occi");
        assertTrue(text.header("Category"), text.header("Category").startsWith("sensor; scheme="));

        Bundle ewma = bundle("org.rocmon.mixins.aggregator.ewma");
        ewma.stop();
        try {
            Node.await("EWMA leaves /occi/-/", 10_000, () -> !occi.get("/occi/-/").body.contains("\"EWMA\""));
            OcciHttp.Answer refused = occi.put("/occi/sensor/e01", "{\"mixins\":[\"http://example.com/occi/monitoring/aggregator#EWMA\"],"
                    + "\"attributes\":{\"occi.sensor.period\":1}}");
            assertEquals(refused.toString(), 400, refused.code);
            assertEquals("mixins", refused.json().get("attribute"));
        } finally {
            ewma.start();
        }
        Node.await("EWMA is back in /occi/-/", 10_000, () -> occi.get("/occi/-/").body.contains("\"EWMA\""));
    }

    @Test
    public void entityVerbsCollectionsAndStatuses() throws Exception {
        Path log = Files.createTempDirectory(node.data, "occi-").resolve("p01.log");
        OcciHttp.Answer created = occi.put("/occi/sensor/p01", logSensor("p01", log));
        assertEquals(created.toString(), 201, created.code);
        assertTrue(created.header("Location"), created.header("Location").endsWith("/occi/sensor/p01"));
        assertEquals("deployed", OcciHttp.attribute(created, "rocmon.state"));
        assertEquals("the authenticated user", "admin", OcciHttp.attribute(created, "rocmon.owner"));
        Node.Response onNode = node.get("/sensor/p01/");
        assertEquals(onNode.toString(), 200, onNode.code);

        OcciHttp.Answer replaced = occi.put("/occi/sensor/p01", logSensor("p01", log));
        assertEquals(replaced.toString(), 200, replaced.code);
        OcciHttp.Answer updated = occi.call("POST", "/occi/sensor/p01", "application/json",
                "{\"attributes\":{\"occi.sensor.period\":2}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(updated.toString(), 200, updated.code);
        assertEquals(2.0, OcciHttp.attribute(updated, "occi.sensor.period"));
        Node.await("the node runs period 2", 5_000, () -> node.get("/sensor/p01/").body.contains("\"occi.sensor.period\" : 2")
                || node.get("/sensor/p01/").body.replace(" ", "").contains("\"occi.sensor.period\":2"));
        // Actions are defined (OcciActionsIT covers them); an unknown one is a 400.
        OcciHttp.Answer action = occi.call("POST", "/occi/sensor/p01?action=explode", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(action.toString(), 400, action.code);

        assertEquals(201, occi.put("/occi/sensor/p02", logSensor("p02", log.resolveSibling("p02.log"))).code);
        OcciHttp.Answer text = occi.get("/occi/sensor/p02", "Accept", "text/plain");
        assertTrue(text.body, text.body.contains("X-OCCI-Attribute: occi.sensor.period=1"));
        OcciHttp.Answer uris = occi.get("/occi/sensor/", "Accept", "text/uri-list");
        assertEquals(uris.toString(), 200, uris.code);
        assertTrue(uris.body, uris.body.contains("/occi/sensor/p01") && uris.body.contains("/occi/sensor/p02"));
        OcciHttp.Answer page = occi.get("/occi/sensor/?page=2&number=1");
        assertTrue(page.body, page.body.contains("\"p02\"") && !page.body.contains("\"p01\""));
        OcciHttp.Answer filtered = occi.get("/occi/sensor/?occi.sensor.period=2");
        assertTrue(filtered.body, filtered.body.contains("\"p01\"") && !filtered.body.contains("\"p02\""));

        OcciHttp.Answer viaText = occi.call("PUT", "/occi/compute/g09", "text/occi", new byte[0],
                "Category", "compute; scheme=\"http://schemas.ogf.org/occi/infrastructure#\"; class=\"kind\"",
                "X-OCCI-Attribute", "occi.compute.hostname=\"localhost\"");
        assertEquals(viaText.toString(), 201, viaText.code);

        assertEquals(204, occi.delete("/occi/sensor/p01").code);
        assertEquals(204, occi.delete("/occi/sensor/p02").code);
        assertEquals(204, occi.delete("/occi/compute/g09").code);
        assertEquals(404, occi.get("/occi/sensor/p01").code);
        Node.await("the node forgot p01", 5_000, () -> node.get("/sensor/p01/").code == 404);
    }

    @Test
    public void badInputGetsFourHundredsNeverFiveHundreds() {
        assertError(occi.put("/occi/sensor/b01", "{\"attributes\": "), 400, null);
        assertError(occi.put("/occi/sensor/b01", "{\"attributes\":{}}"), 400, "occi.sensor.period");
        assertError(occi.put("/occi/sensor/b01", "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#nothing\","
                + "\"attributes\":{\"occi.sensor.period\":1}}"), 400, "kind");
        assertError(occi.call("PUT", "/occi/sensor/b01", "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)), 415, null);
        assertError(occi.get("/occi/-/", "Accept", "image/png"), 406, null);
        assertError(occi.get("/occi/-/", "User-Agent", "client OCCI/1.3"), 501, null);
        assertError(occi.call("PUT", "/occi/sensor/b01", "text/plain", "Category sensor".getBytes(StandardCharsets.UTF_8)), 400, null);
        assertError(occi.call("PUT", "/occi/sensor/b01", "application/json", new byte[1024 * 1024 + 10]), 413, null);
        assertEquals(201, occi.put("/occi/compute/g08", "{\"attributes\":{}}").code);
        assertEquals(201, occi.put("/occi/sensor/b02", "{\"attributes\":{\"occi.sensor.period\":1}}").code);
        OcciHttp.Answer reversed = occi.put("/occi/collector/b03", Node.listing2("b03", 1, "g08", "b02"));
        assertError(reversed, 400, "occi.core.source");
        assertTrue(reversed.body, reversed.body.contains("reversed"));
        long past = System.currentTimeMillis() / 1000 - 3600;
        assertError(occi.put("/occi/sensor/b04", "{\"attributes\":{\"occi.sensor.period\":1,\"occi.sensor.timebase\":"
                + past + ",\"occi.sensor.timestop\":7200}}"), 400, null);
        assertEquals(404, node.get("/sensor/b04/").code);
        assertEquals(204, occi.delete("/occi/sensor/b02").code);
        assertEquals(204, occi.delete("/occi/compute/g08").code);
    }

    private static void assertError(OcciHttp.Answer a, int code, String attribute) {
        assertEquals(a.toString(), code, a.code);
        Map<String, Object> body = a.json();
        assertNotNull(a.toString(), body.get("detail"));
        assertTrue(a.toString(), a.header("Content-Type").startsWith("application/problem+json"));
        assertTrue(a.toString(), a.header("Server").contains("OCCI/1.2"));
        if (attribute != null) {
            assertEquals(a.toString(), attribute, body.get("attribute"));
        }
        assertFalse(a.body, a.body.contains("Exception"));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
