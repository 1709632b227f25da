package org.rocmon.sensor.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.runtime.LocalSensorLinks;
import org.rocmon.sensor.internal.SensorManager;
import org.rocmon.sensor.internal.TestManagers;
import org.rocmon.sensor.internal.fakes.FakeCatalog;

/** The sensor's end of in-process collector links: admission as on the upgrade, ingest and acks as on the socket. */
public class LocalLinksTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SensorManager manager;
    private LocalLinks links;

    static final class Peer implements LocalSensorLinks.Peer {
        final List<String> texts = new CopyOnWriteArrayList<>();
        volatile int closedWith;

        @Override
        public void text(String message) {
            texts.add(message);
        }

        @Override
        public void closed(int code, String reason) {
            closedWith = code;
        }
    }

    @Before
    public void setUp() throws Exception {
        manager = TestManagers.create(new FakeCatalog(), Files.createTempDirectory("rocmon-local"), 8080);
        manager.registry().define("s01",
                MAPPER.readTree(("{'id':'s01','kind':'http://schemas.ogf.org/occi/monitoring#sensor',"
                + "'mixins':[],'attributes':{'occi.sensor.period':1},'links':['c01']}").replace('\'', '"')));
        links = new LocalLinks(manager);
    }

    @After
    public void tearDown() {
        links.deactivate();
        TestManagers.stop(manager);
    }

    private static String frame(long seq) {
        return "{\"collector\":\"c01\",\"epoch\":7,\"seq\":" + seq + ",\"ts\":1000,\"data\":{\"a\":" + seq + "}}";
    }

    private void refused(String sensor, String collector, int status) {
        try {
            links.open(sensor, collector, null, new Peer());
            fail(sensor + "/" + collector + " opened");
        } catch (LocalSensorLinks.LinkRefusedException e) {
            assertEquals(e.getMessage(), status, e.status());
        }
    }

    @Test
    public void admissionIsTheUpgradesOwn() {
        refused("s99", "c01", 403);
        refused("s01", "c02", 403);
        refused("s01", "bad id!", 403);
        manager.admit("s01", "c02");
        try {
            links.open("s01", "c02", null, new Peer()).close();
        } catch (LocalSensorLinks.LinkRefusedException e) {
            throw new AssertionError("an admitted collector was refused", e);
        }
    }

    @Test
    public void framesAreTakenAndAckedAsOnTheSocket() throws Exception {
        Peer peer = new Peer();
        LocalSensorLinks.Link link = links.open("s01", "c01", "http://127.0.0.1:1/resource/g01/", peer);
        assertEquals("the first ack says what the sensor has", List.of("{\"ack\":0,\"epoch\":0}"), peer.texts);
        assertTrue(link.frame(frame(1)));
        assertTrue(link.frame(frame(2)));
        assertTrue("a duplicate is acked again, not taken again", link.frame(frame(1)));
        assertEquals(List.of("{\"ack\":0,\"epoch\":0}", "{\"ack\":1,\"epoch\":7}", "{\"ack\":2,\"epoch\":7}",
                "{\"ack\":2,\"epoch\":7}"), peer.texts);
        assertEquals(2L, manager.sensors().get("s01").counters().in.sum());
        assertTrue("junk is counted, not acked", link.frame("nonsense"));
        assertEquals(4, peer.texts.size());
        assertEquals(1L, manager.sensors().get("s01").counters().rejected.sum());
        link.close();
        link.close();
    }

    @Test
    public void revokingTheCollectorOrStoppingTheRuntimeClosesTheLink() throws Exception {
        manager.admit("s01", "c02");
        Peer revoked = new Peer();
        links.open("s01", "c02", null, revoked);
        manager.revoke("s01", "c02");
        assertEquals(1008, revoked.closedWith);

        Peer peer = new Peer();
        links.open("s01", "c01", null, peer);
        links.deactivate();
        assertEquals(1001, peer.closedWith);
        refused("s01", "c01", 503);
    }
}
