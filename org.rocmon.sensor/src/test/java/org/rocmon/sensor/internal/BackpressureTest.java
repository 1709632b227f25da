package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.After;
import org.junit.Test;

import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;
import org.rocmon.sensor.internal.pipeline.Stage;

/** Acks are withheld while a stage the frame reached is above high water, and released once it drained. */
public class BackpressureTest {

    static final String SLOW = FakeCatalog.PUB + "Slow";
    static final String EWMA = FakeCatalog.AGG + "EWMA";
    static final int CHANNELS = 10;

    private final List<SensorManager> managers = new ArrayList<>();

    @After
    public void tearDown() {
        managers.forEach(SensorManager::deactivate);
    }

    private SensorManager manager(int inbox) throws Exception {
        List<String> ins = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            ins.add("i" + i);
        }
        FakeCatalog c = new FakeCatalog().add(SLOW, "publisher", Mixins.Slow::new, ins, List.of())
                .add(EWMA, "aggregator", Mixins.Ewma::new, List.of("instream"), List.of("outstream"));
        SensorManager m = Harness.manager(c, Harness.tempDir(), 2, 5000, inbox);
        managers.add(m);
        return m;
    }

    /** A sensor whose Slow publisher reads channels m0..m9, or c0..c9 behind an EWMA on a when behindEwma. */
    private static Sensor define(SensorManager m, boolean behindEwma) throws Exception {
        StringBuilder attrs = new StringBuilder();
        for (int i = 0; i < CHANNELS; i++) {
            attrs.append(i == 0 ? "" : ",").append("'com.example.occi.monitoring.Slow.i").append(i).append("':'")
                    .append(behindEwma && i == 0 ? "c" : "m" + i).append("'");
        }
        String mixins = "'" + SLOW + "'";
        if (behindEwma) {
            mixins += ",'" + EWMA + "'";
            attrs.append(",'com.example.occi.monitoring.EWMA.gain':2,'com.example.occi.monitoring.EWMA.instream':'a',"
                    + "'com.example.occi.monitoring.EWMA.outstream':'c'");
        }
        m.registry().define("s01", Harness.sensor("s01", 60, mixins, attrs.toString()));
        return m.sensors().get("s01");
    }

    private static String frame(long seq, String data) {
        return "{\"collector\":\"c01\",\"epoch\":7,\"seq\":" + seq + ",\"ts\":1000,\"data\":" + data + "}";
    }

    private static String wide(long v) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < CHANNELS; i++) {
            b.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(v);
        }
        return b.append('}').toString();
    }

    private static Stage stage(Sensor s, String mixin) {
        return s.stages().stream().filter(st -> st.mixinId().equals(mixin)).findFirst().orElseThrow();
    }

    private static Mixins.Slow slow(Sensor s) {
        return (Mixins.Slow) stage(s, SLOW).instance().mixin();
    }

    private static long lastReleased(Harness.Conn conn) {
        return conn.acks.isEmpty() ? 0 : conn.acks.get(conn.acks.size() - 1).seq();
    }

    @Test
    public void aSlowStageWithholdsAcksAndReleasesThemWhenItDrains() throws Exception {
        SensorManager m = manager(100); // high water 50, low water 25
        Sensor s = define(m, false);
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        Mixins.Slow slow = slow(s);
        slow.nanosPerValue = 0;
        CountDownLatch gate = new CountDownLatch(1);
        slow.gate = gate;
        assertEquals(new Ack(7, 1), m.ingest().frame(s, "c01", frame(1, "{\"m1\":1}")));
        assertTrue(slow.entered.await(5, TimeUnit.SECONDS)); // the actor is stuck on value 1; the inbox now fills
        for (int seq = 2; seq <= 50; seq++) {
            assertEquals("below high water the ack goes out at once", new Ack(7, seq),
                    m.ingest().frame(s, "c01", frame(seq, "{\"m1\":" + seq + "}")));
        }
        for (int seq = 51; seq <= 60; seq++) {
            assertNull("at high water the ack of frame " + seq + " is withheld",
                    m.ingest().frame(s, "c01", frame(seq, "{\"m1\":" + seq + "}")));
        }
        assertTrue(s.withholding("c01"));
        assertEquals(10L, s.counters().withheld.sum());
        assertNull("a duplicate cannot overtake a withheld ack", m.ingest().frame(s, "c01", frame(3, "{\"m1\":3}")));
        assertEquals("a new connection learns only what was released", new Ack(7, 50),
                m.ingest().opened(s, new Harness.Conn("c01")));
        Harness.Conn conn2 = new Harness.Conn("c01");
        m.ingest().opened(s, conn2);
        Thread.sleep(50);
        assertTrue("nothing is released while the stage is stuck", conn2.acks.isEmpty());

        gate.countDown();
        Harness.await(() -> lastReleased(conn2) == 60, 5000, "the withheld ack");
        assertEquals(new Ack(7, 60), conn2.acks.get(conn2.acks.size() - 1));
        assertFalse(s.withholding("c01"));
        Harness.await(() -> slow.count.get() == 60, 5000, "all values published");
        assertEquals(0L, s.counters().dropped.sum());
        assertEquals(new Ack(7, 61), m.ingest().frame(s, "c01", frame(61, "{\"m1\":61}")));
    }

    @Test
    public void aCongestedConsumerBehindAnAggregatorAlsoWithholds() throws Exception {
        SensorManager m = manager(100);
        Sensor s = define(m, true);
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        Mixins.Slow slow = slow(s);
        slow.nanosPerValue = 0;
        CountDownLatch gate = new CountDownLatch(1);
        slow.gate = gate;
        Stage ewma = stage(s, EWMA);
        int firstWithheld = 0;
        for (int seq = 1; seq <= 60; seq++) {
            Ack a = m.ingest().frame(s, "c01", frame(seq, "{\"a\":" + seq + "}"));
            if (a == null && firstWithheld == 0) {
                firstWithheld = seq;
            }
            long out = seq;
            Harness.await(() -> ewma.counters().out.sum() == out, 5000, "EWMA passing value " + seq + " on");
        }
        // EWMA itself never fills: the congestion is its consumer's, seen through the stage graph
        assertTrue("withheld from frame " + firstWithheld, firstWithheld >= 50 && firstWithheld <= 53);
        assertTrue(s.withholding("c01"));
        gate.countDown();
        Harness.await(() -> lastReleased(conn) == 60, 5000, "the withheld ack");
        assertEquals(0L, s.counters().dropped.sum());
    }

    /**
     * A client that keeps at most {@code window} frames unacknowledged, with window x channels within the headroom
     * above high water (40 x 10 = 400 <= 1000 - 500), loses nothing however slow the stage is.
     */
    @Test
    public void aClientRespectingItsWindowSeesNoDrops() throws Exception {
        SensorManager m = manager(1000);
        Sensor s = define(m, false);
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        Mixins.Slow slow = slow(s);
        slow.nanosPerValue = 20_000; // ~50k values/s at best: far slower than the loop below can send
        int frames = 1000;
        int window = 40;
        long acked = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int seq = 1; seq <= frames; seq++) {
            while (seq - 1 - Math.max(acked, lastReleased(conn)) >= window) {
                assertTrue("the window never opened again", System.nanoTime() < deadline);
                LockSupport.parkNanos(50_000);
            }
            Ack a = m.ingest().frame(s, "c01", frame(seq, wide(seq)));
            if (a != null) {
                acked = Math.max(acked, a.seq());
            }
        }
        Harness.await(() -> slow.count.get() == frames * CHANNELS, 30_000, "every value published");
        Harness.await(() -> !s.withholding("c01"), 5000, "the last withheld ack to go out");
        assertEquals(frames, Math.max(acked, lastReleased(conn)));
        assertTrue("backpressure engaged", s.counters().withheld.sum() > 0);
        assertEquals(0L, s.counters().dropped.sum());
        assertEquals(0L, stage(s, SLOW).counters().dropped.sum());
    }

    /** Acks are advice: a client that does not wait still finds the inbox bounded, and the excess is counted. */
    @Test
    public void aClientIgnoringAcksCannotExceedTheInboxBound() throws Exception {
        SensorManager m = manager(1000);
        Sensor s = define(m, false);
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        Mixins.Slow slow = slow(s);
        slow.nanosPerValue = 0;
        CountDownLatch gate = new CountDownLatch(1);
        slow.gate = gate;
        m.ingest().frame(s, "c01", frame(1, wide(1)));
        assertTrue(slow.entered.await(5, TimeUnit.SECONDS)); // frame 1's 10 values sit in the stuck actor's batch
        for (int seq = 2; seq <= 300; seq++) {
            m.ingest().frame(s, "c01", frame(seq, wide(seq)));
        }
        for (int i = 0; i < 10; i++) {
            assertNull("bare frames have no ack", m.ingest().frame(s, "c01", wide(i)));
        }
        Stage st = stage(s, SLOW);
        assertEquals(1000, st.queued());
        long offered = 309L * CHANNELS;
        assertEquals(offered - 1000, s.counters().dropped.sum());
        assertEquals(offered - 1000, st.counters().dropped.sum());
        assertTrue(s.withholding("c01"));
        gate.countDown();
        Harness.await(() -> slow.count.get() == 1000 + CHANNELS, 5000, "what the inbox held");
        Harness.await(() -> lastReleased(conn) == 300, 5000, "the withheld ack");
        assertNotNull(conn.acks.get(0));
    }
}
