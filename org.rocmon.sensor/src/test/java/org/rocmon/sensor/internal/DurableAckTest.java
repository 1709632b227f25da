package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

/** The sensor's ingest journal: an ack means the frame is committed, and a crash replays what was not published. */
public class DurableAckTest {

    static final String LOG = FakeCatalog.PUB + "Log";

    private static FakeCatalog catalog() {
        return new FakeCatalog().add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"), List.of());
    }

    private static SensorManager manager(FakeCatalog c, Path dir) {
        return new SensorManager(c, new SensorManager.Settings(2, 5000, 1000, dir, 8080, 60_000, 60_000, 100)
                .withAcks("disk", false));
    }

    private static String frame(long epoch, long seq, double a) {
        return "{\"collector\":\"c01\",\"epoch\":" + epoch + ",\"seq\":" + seq + ",\"ts\":" + (1000 + seq)
                + ",\"data\":{\"a\":" + a + "}}";
    }

    private static Sensor define(SensorManager m) throws Exception {
        m.registry().define("s01",
                Harness.sensor("s01", 1, "'" + LOG + "'", "'com.example.occi.monitoring.Log.in_msg':'a'"));
        return m.sensors().get("s01");
    }

    private static Mixins.Recorder recorder(FakeCatalog c) {
        return (Mixins.Recorder) c.openOf(LOG).get(0).mixin();
    }

    @Test
    public void acksWaitForTheCommitAndPublishedFramesAreTrimmed() throws Exception {
        Path dir = Harness.tempDir();
        FakeCatalog c = catalog();
        SensorManager m = manager(c, dir);
        try {
            Sensor s = define(m);
            Harness.Conn conn = new Harness.Conn("c01");
            assertNull("the open ack comes from the journal", m.ingest().opened(s, conn));
            Harness.await(() -> conn.acks.contains(new Ack(0, 0)), 5000, "open ack");
            for (int i = 1; i <= 200; i++) {
                assertNull("acks come from the journal", m.ingest().frame(s, "c01", frame(7, i, i)));
            }
            Harness.await(() -> conn.acks.contains(new Ack(7, 200)), 5000, "ack of the last frame");
            Mixins.Recorder rec = recorder(c);
            Harness.await(() -> rec.got.size() == 200, 5000, "published");
            Harness.await(() -> ((Number) s.journal().status().get("held")).intValue() == 0, 5000,
                    "frames trimmed once published");
            assertTrue(Files.exists(dir.resolve("sensors").resolve("s01.wal.mv.db")));
            assertNull("a duplicate's ack too", m.ingest().frame(s, "c01", frame(7, 3, 3)));
            assertEquals(1L, s.counters().duplicates.sum());
            assertTrue(m.registry().delete("s01"));
            assertFalse("deleting the sensor deletes its journal",
                    Files.exists(dir.resolve("sensors").resolve("s01.wal.mv.db")));
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void aCrashReplaysWhatWasAcknowledgedAndNotPublished() throws Exception {
        Path dir = Harness.tempDir();
        FakeCatalog c = catalog();
        SensorManager m = manager(c, dir);
        Sensor s = define(m);
        Mixins.Recorder rec = recorder(c);
        rec.gate = new CountDownLatch(1); // the publisher hangs on its first value: nothing gets published
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        for (int i = 1; i <= 5; i++) {
            m.ingest().frame(s, "c01", frame(7, i, i));
        }
        Harness.await(() -> conn.acks.contains(new Ack(7, 5)), 5000, "frames acknowledged");
        rec.entered.await();
        s.journal().abandon(); // kill -9: nothing more reaches the file
        rec.gate.countDown();
        m.deactivate();

        FakeCatalog c2 = catalog();
        SensorManager m2 = manager(c2, dir);
        try {
            Sensor r = m2.sensors().get("s01");
            Mixins.Recorder rec2 = recorder(c2);
            Harness.await(() -> rec2.got.size() == 5, 5000, "acknowledged frames replayed");
            List<Double> values = new ArrayList<>();
            for (Measurement v : rec2.got) {
                values.add((Double) v.value());
                assertEquals("c01", v.source());
            }
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), values);
            Harness.Conn again = new Harness.Conn("c01");
            m2.ingest().opened(r, again);
            Harness.await(() -> again.acks.contains(new Ack(7, 5)), 5000, "open ack from the journal's tracks");
            m2.ingest().frame(r, "c01", frame(7, 5, 5));
            assertEquals("re-sent frame refused", 1L, r.counters().duplicates.sum());
            m2.ingest().frame(r, "c01", frame(7, 6, 6));
            Harness.await(() -> rec2.got.size() == 6, 5000, "new frame published");
            Harness.await(() -> ((Number) r.journal().status().get("held")).intValue() == 0, 5000, "trimmed");
        } finally {
            m2.deactivate();
        }
    }

    @Test
    public void aCleanStopKeepsOnlyWhatWasNotPublished() throws Exception {
        Path dir = Harness.tempDir();
        FakeCatalog c = catalog();
        SensorManager m = manager(c, dir);
        Sensor s = define(m);
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        for (int i = 1; i <= 50; i++) {
            m.ingest().frame(s, "c01", frame(9, i, i));
        }
        Mixins.Recorder rec = recorder(c);
        Harness.await(() -> rec.got.size() == 50, 5000, "published");
        Harness.await(() -> conn.acks.contains(new Ack(9, 50)), 5000, "acked");
        m.deactivate();

        FakeCatalog c2 = catalog();
        SensorManager m2 = manager(c2, dir);
        try {
            Sensor r = m2.sensors().get("s01");
            Harness.Conn again = new Harness.Conn("c01");
            m2.ingest().opened(r, again);
            Harness.await(() -> again.acks.contains(new Ack(9, 50)), 5000, "sequence state kept");
            Thread.sleep(200);
            assertTrue("nothing published twice after a stop", c2.openOf(LOG).isEmpty()
                    || recorder(c2).got.isEmpty());
        } finally {
            m2.deactivate();
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void anUnknownModeIsRefused() {
        new SensorManager.Settings(2, 5000, 1000, Path.of("x"), 8080, 1, 1, 1).withAcks("tape", false);
    }
}
