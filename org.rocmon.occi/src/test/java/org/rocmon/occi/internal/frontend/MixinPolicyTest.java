package org.rocmon.occi.internal.frontend;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.http.Problem;

/** Mixins confined per role and the per-user cap on entities, as the policy and through the OCCI API. */
public class MixinPolicyTest {

    private static final String NAGIOS = "http://example.com/occi/monitoring/metric#NagiosPlugin";
    private static final String NRPE = "http://example.com/occi/monitoring/metric#NRPE";
    private static final String CPU = "http://example.com/occi/monitoring/metric#CPUPercent";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void byDefaultUsersMayNotRunCommandsAndMayApplyAnythingElse() {
        MixinPolicy p = MixinPolicy.DEFAULT;
        assertFalse(p.allowsUser(NAGIOS));
        assertFalse(p.allowsUser(NRPE));
        assertTrue(p.allowsUser(CPU));
        assertTrue(p.allowsUser("http://other.org/x#Anything"));
        // the defaults in the DS configuration are the same
        assertFalse(MixinPolicy.of(new String[] {NAGIOS, NRPE}, new String[0]).allowsUser(NRPE));
    }

    @Test
    public void aBareTermMatchesAnyScheme() {
        MixinPolicy p = MixinPolicy.of(new String[] {"Log"}, new String[0]);
        assertFalse(p.allowsUser("http://example.com/occi/monitoring/publisher#Log"));
        assertFalse(p.allowsUser("http://other.org/p#Log"));
        assertTrue(p.allowsUser("http://other.org/p#LogFile"));
        assertTrue(p.allowsUser(NAGIOS));
    }

    @Test
    public void anAllowlistAdmitsOnlyWhatItNamesLessTheDenied() {
        MixinPolicy p = MixinPolicy.of(new String[] {"EWMA"}, new String[] {CPU, "EWMA", "Log"});
        assertTrue(p.allowsUser(CPU));
        assertTrue(p.allowsUser("http://example.com/occi/monitoring/publisher#Log"));
        assertFalse(p.allowsUser("http://example.com/occi/monitoring/aggregator#EWMA"));
        assertFalse(p.allowsUser("http://example.com/occi/monitoring/metric#IsReachable"));
    }

    @Test
    public void malformedEntriesAreRefusedNamingTheSetting() {
        for (String bad : new String[] {"", " ", "http://example.com/x#", "no spaces#x y", "1abc", "#Log"}) {
            try {
                MixinPolicy.of(new String[] {bad}, new String[0]);
                fail("accepted \"" + bad + "\"");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("userDeniedMixins: "));
            }
        }
        try {
            MixinPolicy.of(new String[0], new String[] {"a b"});
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("userAllowedMixins: "));
        }
    }

    @Test
    public void theRefusalIsA403NamingTheMixin() throws Problem {
        MixinPolicy.DEFAULT.check(true, "root", List.of(NAGIOS));
        MixinPolicy.DEFAULT.check(false, "alice", List.of(CPU));
        try {
            MixinPolicy.DEFAULT.check(false, "alice", List.of(CPU, NRPE));
            fail();
        } catch (Problem p) {
            assertEquals(403, p.status());
            assertEquals("mixins", p.attribute());
            assertEquals(NRPE, p.extensions().get("mixin"));
            assertTrue(p.detail(), p.detail().contains(NRPE) && p.detail().contains("an admin may allow it"));
        }
    }

    // ---- through the API

    private Harness harness(int max) throws Exception {
        Harness h = new Harness(tmp.newFolder("occi").toPath(), MixinPolicy.DEFAULT, max);
        h.mixins.add(Harness.mixin("metric", "NagiosPlugin", "command:string!", "out:out!"));
        h.as("alice", false);
        assertEquals(201, h.put("/occi/compute/g01", Harness.compute("g01")).status);
        assertEquals(201, h.put("/occi/sensor/s01", Harness.listing1("s01", 3)).status);
        return h;
    }

    private static String nagiosCollector(String id) {
        return "{\"id\":\"" + id + "\",\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\","
                + "\"mixins\":[\"" + NAGIOS + "\"],\"attributes\":{\"occi\":{\"collector\":{\"period\":3}},"
                + "\"com\":{\"example\":{\"occi\":{\"monitoring\":{\"NagiosPlugin\":{\"command\":\"check_dummy 0\","
                + "\"out\":\"a\"}}}}}},\"target\":\"s01\",\"source\":\"g01\"}";
    }

    @Test
    public void aUserIsRefusedADeniedMixinAndAnAdminIsNot() throws Exception {
        Harness h = harness(100);
        OcciResponse r = h.put("/occi/collector/c01", nagiosCollector("c01"));
        assertEquals(r.text(), 403, r.status);
        JsonNode p = Harness.json(r);
        assertEquals("mixins", p.path("attribute").asText());
        assertEquals(NAGIOS, p.path("mixin").asText());
        assertTrue(r.text(), p.path("detail").asText().contains("an admin may allow it"));
        assertEquals(404, h.get("/occi/collector/c01").status);
        // POST on the kind's collection is refused alike
        assertEquals(403, h.call("POST", "/occi/collector/", "application/occi+json", nagiosCollector("c02")).status);

        // an allowed collector, then adding the mixin by a partial update or by association
        assertEquals(201, h.put("/occi/collector/c03", Harness.listing2("c03", "g01", "s01")).status);
        OcciResponse add = h.call("POST", "/occi/collector/c03", "application/occi+json",
                "{\"mixins\":[\"" + NAGIOS + "\"]}");
        assertEquals(add.text(), 403, add.status);
        OcciResponse assoc = h.call("POST", "/occi/mixins/metric/NagiosPlugin/", "text/uri-list",
                "/occi/collector/c03\n");
        assertEquals(assoc.text(), 403, assoc.status);
        assertEquals(NAGIOS, Harness.json(assoc).path("mixin").asText());
        assertFalse(h.get("/occi/collector/c03").text().contains("NagiosPlugin"));

        h.as("root", true);
        OcciResponse admin = h.put("/occi/collector/c04", nagiosCollector("c04").replace("s01", "s01"));
        assertEquals(admin.text(), 201, admin.status);
    }

    @Test
    public void aUserOwnsAtMostTheCapAndAdminsAreNotCapped() throws Exception {
        Harness h = harness(3); // g01 and s01 are two
        assertEquals(201, h.put("/occi/sensor/s02", Harness.listing1("s02", 3)).status);
        OcciResponse over = h.put("/occi/sensor/s03", Harness.listing1("s03", 3));
        assertEquals(over.text(), 403, over.status);
        JsonNode p = Harness.json(over);
        assertTrue(over.text(), p.path("detail").asText().contains("user alice owns 3 entities, the limit"));
        assertEquals(3, p.path("limit").asInt());
        assertEquals(403, h.call("POST", "/occi/sensor/", "application/occi+json",
                Harness.listing1("s04", 3)).status);
        // replacing one of one's own is no new entity
        assertEquals(200, h.put("/occi/sensor/s02", Harness.listing1("s02", 5)).status);
        // deleting makes room
        assertEquals(204, h.call("DELETE", "/occi/sensor/s02", null, null).status);
        assertEquals(201, h.put("/occi/sensor/s03", Harness.listing1("s03", 3)).status);
        // another user has their own count; admins have none
        h.as("bob", false);
        assertEquals(201, h.put("/occi/sensor/b01", Harness.listing1("b01", 3)).status);
        h.as("root", true);
        for (int i = 0; i < 5; i++) {
            assertEquals(201, h.put("/occi/sensor/r0" + i, Harness.listing1("r0" + i, 3)).status);
        }
    }
}
