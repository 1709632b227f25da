package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Test;

import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

public class IngestAndStoreTest {

    static final String LOG = FakeCatalog.PUB + "Log";

    private static FakeCatalog catalog() {
        return new FakeCatalog().add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"), List.of());
    }

    private static String frame(long epoch, long seq, String data) {
        return ("{'collector':'c01','epoch':" + epoch + ",'seq':" + seq + ",'ts':1000,'data':" + data + "}")
                .replace('\'', '"');
    }

    @Test
    public void acksAndDuplicates() throws Exception {
        SensorManager m = Harness.manager(catalog(), Harness.tempDir(), 2, 5000, 1000);
        try {
            m.registry().define("s01",
                    Harness.sensor("s01", 1, "'" + LOG + "'", "'com.example.occi.monitoring.Log.in_msg':'a'"));
            Sensor s = m.sensors().get("s01");
            Harness.Conn conn = new Harness.Conn("c01");
            assertEquals(new Ack(0, 0), m.ingest().opened(s, conn));
            assertEquals(new Ack(7, 1), m.ingest().frame(s, "c01", frame(7, 1, "{\"a\":1}")));
            assertEquals(new Ack(7, 2), m.ingest().frame(s, "c01", frame(7, 2, "{\"a\":2}")));
            assertEquals(new Ack(7, 2), m.ingest().frame(s, "c01", frame(7, 1, "{\"a\":1}")));
            assertEquals(1L, s.counters().duplicates.sum());
            assertEquals(2L, s.counters().in.sum());
            assertEquals("{\"ack\":2,\"epoch\":7}", new Ack(7, 2).toJson());
            assertNull("junk gets no ack", m.ingest().frame(s, "c01", "nonsense"));
            assertNull("a frame naming another collector is refused",
                    m.ingest().frame(s, "c01", frame(7, 3, "{\"a\":1}").replace("c01", "c99")));
            assertEquals(2L, s.counters().rejected.sum());
            assertNull("bare maps are not sequenced", m.ingest().frame(s, "c01", "{\"a\":5}"));
            assertEquals(3L, s.counters().in.sum());
            assertEquals(new Ack(7, 2), m.ingest().opened(s, new Harness.Conn("c01")));
            assertEquals("a newer connection replaces the old one", 1008, conn.closedWith);
            m.ingest().closed(s, conn, 1009);
            assertEquals(3L, s.counters().rejected.sum());
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void admission() throws Exception {
        SensorManager m = Harness.manager(catalog(), Harness.tempDir(), 2, 5000, 1000);
        try {
            assertFalse(m.admission().admits("s01", "c01"));
            m.admit("s01", "r07"); // before the sensor exists: remembered
            m.registry().define("s01", Harness.sensor("s01", 1, "", ""));
            assertTrue(m.hosts("s01"));
            assertTrue("listed in links", m.admission().admits("s01", "c01"));
            assertTrue("admitted by the service", m.admission().admits("s01", "r07"));
            assertFalse(m.admission().admits("s01", "c02"));
            Harness.Conn conn = new Harness.Conn("r07");
            m.ingest().opened(m.sensors().get("s01"), conn);
            m.revoke("s01", "r07");
            assertFalse(m.admission().admits("s01", "r07"));
            assertEquals(1008, conn.closedWith);
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void aRestartRestoresSensorsAdmissionsAndDedupeState() throws Exception {
        Path dir = Harness.tempDir();
        SensorManager m = Harness.manager(catalog(), dir, 2, 5000, 1000);
        m.registry().define("s01",
                Harness.sensor("s01", 1, "'" + LOG + "'", "'com.example.occi.monitoring.Log.in_msg':'a'"));
        m.admit("s01", "r07");
        Sensor s = m.sensors().get("s01");
        m.ingest().opened(s, new Harness.Conn("c01"));
        m.ingest().frame(s, "c01", frame(7, 1, "{\"a\":1}"));
        m.ingest().frame(s, "c01", frame(7, 2, "{\"a\":2}"));
        m.deactivate();
        Path file = dir.resolve("sensors").resolve("s01.json");
        assertTrue(Files.exists(file));
        JsonNode stored = Harness.MAPPER.readTree(file.toFile());
        assertEquals(2L, stored.path("collectors").path("c01").path("lastSeq").asLong());
        try (var files = Files.list(dir.resolve("sensors"))) {
            assertEquals("no temporary files left", 1L, files.count());
        }

        FakeCatalog c2 = catalog();
        SensorManager m2 = Harness.manager(c2, dir, 2, 5000, 1000);
        try {
            Sensor r = m2.sensors().get("s01");
            assertEquals("running", r.state()[0]);
            assertEquals(1000L, r.spec().periodMillis);
            assertTrue(m2.admission().admits("s01", "r07"));
            assertEquals(new Ack(7, 2), m2.ingest().opened(r, new Harness.Conn("c01")));
            assertEquals(new Ack(7, 2), m2.ingest().frame(r, "c01", frame(7, 2, "{\"a\":2}")));
            assertEquals(1L, r.counters().duplicates.sum());
            assertEquals(new Ack(7, 3), m2.ingest().frame(r, "c01", frame(7, 3, "{\"a\":3}")));
            Mixins.Recorder rec = (Mixins.Recorder) c2.openOf(LOG).get(0).mixin();
            Harness.await(() -> rec.got.size() == 1, 5000, "restored pipeline");
            assertTrue(m2.registry().delete("s01"));
            assertFalse(Files.exists(file));
        } finally {
            m2.deactivate();
        }
    }

    @Test
    public void aStoredSensorWhoseMixinIsMissingIsDegradedUntilItAppears() throws Exception {
        Path dir = Harness.tempDir();
        SensorManager m = Harness.manager(catalog(), dir, 2, 5000, 1000);
        m.registry().define("s01",
                Harness.sensor("s01", 1, "'" + LOG + "'", "'com.example.occi.monitoring.Log.in_msg':'a'"));
        m.deactivate();

        FakeCatalog empty = new FakeCatalog();
        SensorManager m2 = Harness.manager(empty, dir, 2, 5000, 1000);
        try {
            Sensor s = m2.sensors().get("s01");
            assertEquals("degraded", s.state()[0]);
            assertTrue(s.state()[1], s.state()[1].contains(LOG));
            m2.retry();
            assertEquals("degraded", s.state()[0]);
            empty.add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"), List.of());
            m2.retry();
            assertEquals("running", s.state()[0]);
            assertEquals(1, s.stages().size());
        } finally {
            m2.deactivate();
        }
    }
}
