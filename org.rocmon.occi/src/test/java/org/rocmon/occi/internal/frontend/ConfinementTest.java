package org.rocmon.occi.internal.frontend;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.occi.internal.frontend.model.Entity;

/**
 * Point 4 of issue 12 on the front end: path attributes confined for everyone, destinations of users held to the
 * operator's list, secrets never shown and kept when omitted, collectors per user capped.
 */
public class ConfinementTest {

    private static final String LOG_FILE = "com.example.occi.monitoring.Log.filename";
    private static final String HOOK_URL = "com.example.occi.monitoring.Webhook.url";
    private static final String HOOK_AUTH = "com.example.occi.monitoring.Webhook.authorization";
    private static final String SALT = "com.example.occi.monitoring.Anonymize.salt";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String logSensor(String id, String file) {
        return "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\",\"mixins\":["
                + "\"http://example.com/occi/monitoring/publisher#Log\"],\"attributes\":{\"occi.sensor.period\":3,"
                + "\"" + LOG_FILE + "\":\"" + file + "\",\"com.example.occi.monitoring.Log.in_msg\":\"b\"}}";
    }

    private static String hookSensor(String url, String auth) {
        return "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\",\"mixins\":["
                + "\"http://example.com/occi/monitoring/publisher#Webhook\","
                + "\"http://example.com/occi/monitoring/aggregator#Anonymize\"],\"attributes\":{"
                + "\"occi.sensor.period\":3,\"" + HOOK_URL + "\":\"" + url + "\","
                + (auth == null ? "" : "\"" + HOOK_AUTH + "\":\"" + auth + "\",")
                + "\"com.example.occi.monitoring.Webhook.input\":\"c\",\"" + SALT + "\":\"pepper-and-salt\","
                + "\"com.example.occi.monitoring.Anonymize.input\":\"a\","
                + "\"com.example.occi.monitoring.Anonymize.output\":\"c\"}}";
    }

    @Test
    public void aLogFileOutsideTheDataFolderIsRefusedForAdminsToo() throws Exception {
        Path data = tmp.newFolder("occi").toPath();
        Harness h = new Harness(data);
        for (boolean admin : new boolean[] {true, false}) {
            h.as(admin ? "root" : "alice", admin);
            for (String bad : new String[] {tmp.getRoot() + "/elsewhere.log", "../escape.log", "/etc/passwd"}) {
                OcciResponse r = h.put("/occi/sensor/bad", logSensor("bad", bad));
                assertEquals(r.text(), 400, r.status);
                assertEquals(LOG_FILE, Harness.json(r).path("attribute").asText());
            }
            assertEquals(404, h.get("/occi/sensor/bad").status);
        }
        Files.createSymbolicLink(data.resolve("out"), tmp.getRoot().toPath());
        OcciResponse link = h.put("/occi/sensor/lnk", logSensor("lnk", "out/escape.log"));
        assertEquals(link.text(), 400, link.status);
        assertEquals(LOG_FILE, Harness.json(link).path("attribute").asText());
        assertEquals(201, h.put("/occi/sensor/ok1", logSensor("ok1", "logs/ok1.log")).status);
        assertEquals(201, h.put("/occi/sensor/ok2", logSensor("ok2", data + "/ok2.log")).status);
    }

    @Test
    public void aUsersDestinationMustBeOnTheListAndAnAdminsNeedNot() throws Exception {
        Harness h = new Harness(tmp.newFolder("occi").toPath(), Harness.LOOPBACK.withDestinations(
                DestinationPolicy.of(new String[] {"127.0.0.1:9999", "hooks.example.org"})));
        h.as("alice", false);
        OcciResponse r = h.put("/occi/sensor/s01", hookSensor("http://127.0.0.1:8080/hook", null));
        assertEquals(r.text(), 403, r.status);
        JsonNode p = Harness.json(r);
        assertEquals(HOOK_URL, p.path("attribute").asText());
        assertEquals("127.0.0.1:8080", p.path("destination").asText());
        assertTrue(r.text(), p.path("detail").asText().contains("userDestinations"));
        assertEquals(201, h.put("/occi/sensor/s01", hookSensor("http://127.0.0.1:9999/hook", null)).status);
        assertEquals(201, h.put("/occi/sensor/s02", hookSensor("https://HOOKS.example.org/x", null)).status);
        // changing it to another destination is checked again; SendUDP's host takes its port attribute
        OcciResponse moved = h.call("POST", "/occi/sensor/s01", "application/occi+json",
                "{\"attributes\":{\"" + HOOK_URL + "\":\"http://10.1.2.3:9999/hook\"}}");
        assertEquals(moved.text(), 403, moved.status);
        assertEquals(403, h.put("/occi/sensor/s03", Harness.listing1("s03", 3)).status);
        h.as("root", true);
        assertEquals(201, h.put("/occi/sensor/s04", hookSensor("http://10.1.2.3/hook", null)).status);
    }

    @Test
    public void entriesAreHostsPortsOrBlocks() throws Exception {
        DestinationPolicy p = DestinationPolicy.of(new String[] {"127.0.0.0/8", "[::1]:80", "db.local:8086"});
        assertTrue(p.allows(new DestinationPolicy.Destination("127.9.9.9", 1)));
        assertTrue(p.allows(new DestinationPolicy.Destination("localhost", 8888))); // resolved, all loopback
        assertTrue(p.allows(new DestinationPolicy.Destination("::1", 80)));
        assertFalse(p.allows(new DestinationPolicy.Destination("::1", 81)));
        assertTrue(p.allows(new DestinationPolicy.Destination("DB.local", 8086)));
        assertFalse(p.allows(new DestinationPolicy.Destination("db.local", 8087)));
        assertFalse(p.allows(new DestinationPolicy.Destination("10.0.0.1", 80)));
        assertFalse(DestinationPolicy.NONE.allows(new DestinationPolicy.Destination("127.0.0.1", 80)));
        for (String bad : new String[] {"", "a b", "10.0.0.0/33", "host:0", "host:70000", "[zz]:1"}) {
            try {
                DestinationPolicy.of(new String[] {bad});
                fail(bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("userDestinations"));
            }
        }
    }

    @Test
    public void secretsAreNeverShownAndAreKeptWhenOmitted() throws Exception {
        Harness h = new Harness(tmp.newFolder("occi").toPath(), Harness.LOOPBACK);
        h.as("alice", false);
        assertEquals(201, h.put("/occi/sensor/s01", hookSensor("http://127.0.0.1:9/hook", "Bearer tok-123")).status);
        for (OcciResponse r : new OcciResponse[] {h.get("/occi/sensor/s01"), h.get("/occi/sensor/"),
            h.get("/occi/sensor/s01", "Accept", "text/plain"), h.get("/occi/sensor/s01", "Accept", "text/occi"),
            h.get("/occi/")}) {
            assertFalse(r.text(), r.text().contains("pepper-and-salt") || r.text().contains("tok-123"));
        }
        assertTrue(h.get("/occi/sensor/s01").text().contains("******"));
        // a filter on a secret's value finds nothing, so it cannot be guessed one try at a time
        assertEquals(0, Harness.json(h.get("/occi/sensor/?attribute=" + SALT + "&value=pepper-and-salt"))
                .path("resources").size());
        assertEquals(1, Harness.json(h.get("/occi/sensor/?attribute=occi.sensor.period&value=3"))
                .path("resources").size());
        // GET, change, PUT back: the masked secrets stay what they were
        String shown = h.get("/occi/sensor/s01").text().replace("\"occi.sensor.period\":3", "\"occi.sensor.period\":5");
        assertEquals(200, h.put("/occi/sensor/s01", shown).status);
        Entity stored = h.frontend.get("s01");
        assertEquals("pepper-and-salt", stored.attributes.get(SALT));
        assertEquals("Bearer tok-123", stored.attributes.get(HOOK_AUTH));
        // a PUT that omits them keeps them; a new value replaces
        assertEquals(200, h.put("/occi/sensor/s01", hookSensor("http://127.0.0.1:9/hook", null)).status);
        assertEquals("Bearer tok-123", h.frontend.get("s01").attributes.get(HOOK_AUTH));
        assertEquals(200, h.put("/occi/sensor/s01", hookSensor("http://127.0.0.1:9/hook", "Bearer new")).status);
        assertEquals("Bearer new", h.frontend.get("s01").attributes.get(HOOK_AUTH));
    }

    @Test
    public void aUserOwnsAtMostTheCollectorCap() throws Exception {
        Harness h = new Harness(tmp.newFolder("occi").toPath(), Harness.LOOPBACK.withMaxCollectors(2));
        h.as("alice", false);
        assertEquals(201, h.put("/occi/compute/g01", Harness.compute("g01")).status);
        assertEquals(201, h.put("/occi/sensor/s01", Harness.listing1("s01", 3)).status);
        assertEquals(201, h.put("/occi/collector/c01", Harness.listing2("c01", "g01", "s01")).status);
        assertEquals(201, h.put("/occi/collector/c02", Harness.listing2("c02", "g01", "s01")).status);
        OcciResponse over = h.put("/occi/collector/c03", Harness.listing2("c03", "g01", "s01"));
        assertEquals(over.text(), 403, over.status);
        JsonNode p = Harness.json(over);
        assertEquals(2, p.path("limit").asInt());
        assertEquals("maxCollectorsPerUser", p.path("setting").asText());
        assertTrue(over.text(), p.path("detail").asText().contains("maxCollectorsPerUser"));
        // a sensor is no collector; replacing one is no new one
        assertEquals(201, h.put("/occi/sensor/s02", Harness.listing1("s02", 3)).status);
        assertEquals(200, h.put("/occi/collector/c02", Harness.listing2("c02", "g01", "s01")).status);
        h.as("root", true);
        assertEquals(201, h.put("/occi/collector/r01", Harness.listing2("r01", "g01", "s01")).status);
    }

    @Test
    public void aCapBelowOneIsRefused() {
        try {
            Harness.LOOPBACK.withMaxCollectors(0);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("maxCollectorsPerUser"));
        }
    }

}
