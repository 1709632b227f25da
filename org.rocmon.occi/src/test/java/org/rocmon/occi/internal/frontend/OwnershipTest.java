package org.rocmon.occi.internal.frontend;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Each user's own entities: others' answer as missing ones; an admin sees and acts on all. */
public class OwnershipTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Harness h;

    @Before
    public void setUp() throws Exception {
        h = new Harness(tmp.newFolder("occi").toPath());
        h.as("alice", false);
        assertEquals(201, h.put("/occi/compute/g01", Harness.compute("g01")).status);
        assertEquals(201, h.put("/occi/sensor/s01", Harness.listing1("s01", 3)).status);
        OcciResponse c = h.put("/occi/collector/c01", Harness.listing2("c01", "g01", "s01"));
        assertEquals(c.text(), 201, c.status);
    }

    @Test
    public void theOwnerIsTheAuthenticatedUser() {
        assertEquals("alice", OcciHttpAttribute.of(h.get("/occi/sensor/s01"), "rocmon.owner"));
        assertTrue(h.get("/occi/").text().contains("/occi/sensor/s01"));
    }

    @Test
    public void anotherUserFindsNothing() {
        h.as("bob", false);
        assertEquals(404, h.get("/occi/sensor/s01").status);
        assertEquals(404, h.get("/occi/sensor/s01?data").status);
        assertEquals(404, h.call("POST", "/occi/sensor/s01?action=pause", null, null).status);
        assertEquals(404, h.call("POST", "/occi/sensor/s01", "application/occi+json",
                "{\"attributes\":{\"occi.sensor.period\":5}}").status);
        assertEquals(404, h.call("DELETE", "/occi/sensor/s01", null, null).status);
        for (String collection : new String[] {"/occi/", "/occi/sensor/", "/occi/collector/", "/occi/resource/",
            "/occi/mixins/aggregator/EWMA/"}) {
            OcciResponse r = h.get(collection);
            assertEquals(collection, 200, r.status);
            assertFalse(collection + ": " + r.text(), r.text().contains("s01") || r.text().contains("c01"));
        }
        // a collection DELETE takes only bob's entities
        assertEquals(204, h.call("DELETE", "/occi/sensor/", null, null).status);
        // taking the id over is refused without saying whose it is
        OcciResponse put = h.put("/occi/sensor/s01", Harness.listing1("s01", 5));
        assertEquals(put.text(), 409, put.status);
        assertFalse(put.text(), put.text().contains("alice"));
        // linking to alice's entities: as if they did not exist
        assertEquals(201, h.put("/occi/sensor/b01", Harness.listing1("b01", 3)).status);
        OcciResponse link = h.put("/occi/collector/b02", Harness.listing2("b02", "g01", "b01"));
        assertEquals(link.text(), 400, link.status);
        assertTrue(link.text(), link.text().contains("not a known entity"));
        assertEquals(404, h.call("POST", "/occi/mixins/publisher/Log/", "text/uri-list",
                "/occi/sensor/s01\n").status);
        // node registration is for admins
        assertEquals(403, h.call("PUT", "/occi/node/n1", "application/occi+json",
                "{\"url\":\"http://127.0.0.1:9\"}").status);

        h.as("alice", false);
        assertEquals(200, h.get("/occi/sensor/s01").status);
        assertEquals("3", String.valueOf(OcciHttpAttribute.of(h.get("/occi/sensor/s01"), "occi.sensor.period")
                ).replace(".0", ""));
        assertFalse(h.get("/occi/sensor/").text().contains("b01"));
    }

    @Test
    public void anAdminSeesAndActsOnAll() {
        h.as("root", true);
        assertEquals(200, h.get("/occi/sensor/s01").status);
        assertTrue(h.get("/occi/").text().contains("/occi/collector/c01"));
        OcciResponse r = h.call("POST", "/occi/sensor/s01", "application/occi+json",
                "{\"attributes\":{\"occi.sensor.period\":5}}");
        assertEquals(r.text(), 200, r.status);
        assertEquals("the owner stays", "alice", OcciHttpAttribute.of(r, "rocmon.owner"));
        assertEquals(204, h.call("DELETE", "/occi/sensor/s01", null, null).status);
        h.as("alice", false);
        assertEquals(404, h.get("/occi/sensor/s01").status);
    }

    /** Reads one attribute of a JSON entity rendering. */
    static final class OcciHttpAttribute {
        static Object of(OcciResponse r, String name) {
            com.fasterxml.jackson.databind.JsonNode a = Harness.json(r).get("attributes");
            com.fasterxml.jackson.databind.JsonNode v = a == null ? null : a.get(name);
            return v == null ? null : v.isNumber() ? v.numberValue() : v.asText();
        }
    }
}
