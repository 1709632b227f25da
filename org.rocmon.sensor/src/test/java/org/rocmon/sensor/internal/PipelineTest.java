package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.After;
import org.junit.Test;

import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.FakeInstance;
import org.rocmon.sensor.internal.fakes.Mixins;
import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.pipeline.Stage;

public class PipelineTest {

    static final String EWMA = FakeCatalog.AGG + "EWMA";
    static final String PICKY = FakeCatalog.AGG + "Picky";
    static final String LOG = FakeCatalog.PUB + "Log";
    static final String UDP = FakeCatalog.PUB + "SendUDP";
    static final String CPU = FakeCatalog.MET + "CPUPercent";

    private final List<SensorManager> managers = new ArrayList<>();

    @After
    public void tearDown() {
        managers.forEach(SensorManager::deactivate);
    }

    private SensorManager manager(FakeCatalog c, int threads, long timeout, int inbox) throws Exception {
        SensorManager m = Harness.manager(c, Harness.tempDir(), threads, timeout, inbox);
        managers.add(m);
        return m;
    }

    private static FakeCatalog catalog() {
        return new FakeCatalog()
                .add(EWMA, "aggregator", Mixins.Ewma::new, List.of("instream"), List.of("outstream"))
                .add(PICKY, "aggregator", Mixins.Picky::new, List.of("instream"), List.of("outstream"))
                .add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"), List.of())
                .add(UDP, "publisher", Mixins.Recorder::new, List.of("input"), List.of())
                .add(CPU, "metric", Object::new, List.of(), List.of("out"));
    }

    private static Mixins.Recorder recorder(FakeCatalog c, String id) {
        return (Mixins.Recorder) c.openOf(id).get(0).mixin();
    }

    private static void send(SensorManager m, String sensor, String frame) {
        m.ingest().frame(m.sensors().get(sensor), "c01", frame.replace('\'', '"'));
    }

    @Test
    public void valuesFanOutToEverySubscriberAndThroughAggregators() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 10_000);
        assertTrue(m.registry().define("s01", Harness.sensor("s01", 1, "'" + EWMA + "','" + LOG + "','" + UDP + "'",
                "'com.example.occi.monitoring.EWMA.gain':2,'com.example.occi.monitoring.EWMA.instream':'a',"
                        + "'com.example.occi.monitoring.EWMA.outstream':'c',"
                        + "'com.example.occi.monitoring.Log.in_msg':'a','com.example.occi.monitoring.SendUDP.input':'c'")));
        for (int i = 1; i <= 100; i++) {
            send(m, "s01", "{'a':" + i + "}");
        }
        Mixins.Recorder log = recorder(c, LOG);
        Mixins.Recorder udp = recorder(c, UDP);
        Harness.await(() -> log.got.size() == 100 && udp.got.size() == 100, 5000, "fan-out");
        assertEquals(1.0, log.got.get(0).asDouble(), 0);
        assertEquals("c01", log.got.get(0).source());
        assertEquals(1.0, udp.got.get(0).asDouble(), 0);
        assertEquals(1.5, udp.got.get(1).asDouble(), 1e-9); // (1*(2-1)+2)/2
        Sensor s = m.sensors().get("s01");
        assertEquals(100L, s.counters().in.sum());
        assertEquals(100L, s.counters().out.sum());
        assertEquals(100.0, s.router().lastValues().get("a").asDouble(), 0);
        assertTrue(s.warnings().isEmpty());
    }

    @Test
    public void aStageIsNeverCalledConcurrentlyEvenWithTicks() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 4, 5000, 1_000_000);
        m.registry().define("s01", Harness.sensor("s01", 0.001, "'" + EWMA + "'",
                "'com.example.occi.monitoring.EWMA.gain':16,'com.example.occi.monitoring.EWMA.instream':'a',"
                        + "'com.example.occi.monitoring.EWMA.outstream':'x'"));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    send(m, "s01", "{'a':" + i + "}");
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        Mixins.Ewma ewma = (Mixins.Ewma) c.openOf(EWMA).get(0).mixin();
        Harness.await(() -> ewma.count.get() == 80_000, 10_000, "all values");
        assertFalse("a stage was called concurrently", ewma.overlapped.get());
        assertTrue("ticks ran", ewma.ticks.get() > 0);
        assertEquals(List.of("channel \"x\" written by " + EWMA + " is read by no stage"),
                m.sensors().get("s01").warnings());
    }

    @Test
    public void aFullInboxDropsAndCounts() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 60_000, 10);
        m.registry().define("s01",
                Harness.sensor("s01", 10, "'" + LOG + "'", "'com.example.occi.monitoring.Log.in_msg':'a'"));
        Mixins.Recorder log = recorder(c, LOG);
        log.gate = new CountDownLatch(1);
        send(m, "s01", "{'a':0}");
        log.entered.await();
        for (int i = 1; i <= 100; i++) {
            send(m, "s01", "{'a':" + i + "}");
        }
        Stage st = m.sensors().get("s01").stages().get(0);
        assertEquals(90L, st.counters().dropped.sum());
        assertEquals(90L, m.sensors().get("s01").counters().dropped.sum());
        log.gate.countDown();
        Harness.await(() -> log.got.size() == 11, 5000, "the bounded inbox to drain");
        assertEquals(11L, st.counters().in.sum());
    }

    @Test
    public void aThrowingMixinIsCountedAndTheRestFlows() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 1000);
        m.registry().define("s01", Harness.sensor("s01", 10, "'" + PICKY + "','" + LOG + "'",
                "'com.example.occi.monitoring.Picky.instream':'a','com.example.occi.monitoring.Picky.outstream':'b',"
                        + "'com.example.occi.monitoring.Log.in_msg':'b'"));
        for (int i = 0; i < 10; i++) {
            send(m, "s01", "{'a':" + i + "}");
        }
        Mixins.Recorder log = recorder(c, LOG);
        Harness.await(() -> log.got.size() == 5, 5000, "even values");
        Stage picky = m.sensors().get("s01").stages().get(0);
        Harness.await(() -> picky.counters().errors.sum() == 5, 5000, "errors counted");
        assertEquals("running", picky.state());
        assertEquals(5L, m.sensors().get("s01").counters().errors.sum());
        assertEquals(8.0, log.got.get(4).asDouble(), 0);
    }

    @Test
    public void aHungMixinIsIsolatedAndOthersKeepFlowingEvenOnOneThread() throws Exception {
        FakeCatalog c = new FakeCatalog();
        Mixins.Recorder stuck = new Mixins.Recorder();
        stuck.gate = new CountDownLatch(1);
        Mixins.Recorder fine = new Mixins.Recorder();
        c.add(UDP, "publisher", () -> stuck, List.of("input"), List.of());
        c.add(LOG, "publisher", () -> fine, List.of("in_msg"), List.of());
        SensorManager m = manager(c, 1, 200, 1000);
        m.registry().define("s01", Harness.sensor("s01", 0.05, "'" + UDP + "','" + LOG + "'",
                "'com.example.occi.monitoring.SendUDP.input':'a','com.example.occi.monitoring.Log.in_msg':'a'"));
        send(m, "s01", "{'a':1}");
        stuck.entered.await();
        Stage hung = m.sensors().get("s01").stages().get(0);
        Harness.await(hung::isHung, 5000, "the stage to be marked hung");
        for (int i = 2; i <= 50; i++) {
            send(m, "s01", "{'a':" + i + "}");
        }
        Harness.await(() -> fine.got.size() == 50, 5000, "the healthy stage to keep flowing");
        assertEquals("degraded", m.sensors().get("s01").state()[0]);
        assertTrue(hung.counters().dropped.sum() >= 49);
        assertEquals(1L, hung.counters().hangs.sum());
        stuck.gate.countDown();
        Harness.await(() -> !hung.isHung(), 5000, "recovery");
        assertEquals("running", m.sensors().get("s01").state()[0]);
        assertEquals(1, m.host().poolSize());
    }

    @Test
    public void anUpdateKeepsUnchangedStagesWithTheirStateAndReopensChangedOnes() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 1000);
        String ewma = "'com.example.occi.monitoring.EWMA.gain':16,'com.example.occi.monitoring.EWMA.instream':'a',"
                + "'com.example.occi.monitoring.EWMA.outstream':'c',";
        assertTrue(m.registry().define("s01", Harness.sensor("s01", 1, "'" + EWMA + "','" + LOG + "'",
                ewma + "'com.example.occi.monitoring.Log.in_msg':'c'")));
        FakeInstance<?> ewmaBefore = c.openOf(EWMA).get(0);
        FakeInstance<?> logBefore = c.openOf(LOG).get(0);
        for (int i = 0; i < 10; i++) {
            send(m, "s01", "{'a':" + i + "}");
        }
        Mixins.Ewma agg = (Mixins.Ewma) ewmaBefore.mixin();
        Harness.await(() -> agg.count.get() == 10, 5000, "values");
        Stage kept = m.sensors().get("s01").stages().get(0);

        assertFalse(m.registry().define("s01", Harness.sensor("s01", 2, "'" + EWMA + "','" + LOG + "'",
                ewma + "'com.example.occi.monitoring.Log.in_msg':'a'")));
        assertSame(kept, m.sensors().get("s01").stages().get(0));
        assertEquals(1, c.openOf(EWMA).size());
        assertSame(ewmaBefore, c.openOf(EWMA).get(0));
        Harness.await(logBefore::closed, 5000, "the changed stage to close");
        FakeInstance<?> logAfter = c.openOf(LOG).get(0);
        assertNotSame(logBefore, logAfter);
        send(m, "s01", "{'a':10}");
        Harness.await(() -> agg.count.get() == 11, 5000, "state kept");
        Mixins.Recorder log = (Mixins.Recorder) logAfter.mixin();
        Harness.await(() -> log.got.size() == 1, 5000, "rewired publisher");
        assertEquals("a", log.channels.get(0));
    }

    @Test
    public void aFailedUpdateLeavesTheRunningSensorAloneAndLeaksNothing() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 1000);
        m.registry().define("s01",
                Harness.sensor("s01", 1, "'" + LOG + "'", "'com.example.occi.monitoring.Log.in_msg':'a'"));
        Stage before = m.sensors().get("s01").stages().get(0);
        try {
            m.registry().define("s01", Harness.sensor("s01", 1, "'" + LOG + "','" + UDP + "','" + EWMA + "'",
                    "'com.example.occi.monitoring.Log.in_msg':'a','com.example.occi.monitoring.SendUDP.input':'a',"
                            + "'com.example.occi.monitoring.EWMA.gain':0,'com.example.occi.monitoring.EWMA.instream':'a',"
                            + "'com.example.occi.monitoring.EWMA.outstream':'b'"));
            fail();
        } catch (Problem e) {
            assertEquals(400, e.status());
            assertEquals("com.example.occi.monitoring.EWMA.gain", e.attribute());
        }
        assertTrue("the UDP instance opened for the failed update is closed", c.opened.stream()
                .filter(i -> i.info().id.equals(UDP)).allMatch(FakeInstance::closed));
        assertSame(before, m.sensors().get("s01").stages().get(0));
        assertEquals(1, m.sensors().get("s01").stages().size());
        assertEquals(1000L, m.sensors().get("s01").spec().periodMillis);
        try {
            m.registry().define("s01", Harness.sensor("s01", 1, "'" + FakeCatalog.AGG + "Nope'", ""));
            fail();
        } catch (Problem e) {
            assertEquals("mixins", e.attribute());
            assertTrue(e.getMessage().contains("Nope"));
            assertTrue(((List<?>) e.extensions().get("available")).contains(EWMA));
            assertFalse("a metric is not offered to a sensor",
                    ((List<?>) e.extensions().get("available")).contains(CPU));
        }
        try {
            m.registry().define("s01", Harness.sensor("s01", 1, "'" + CPU + "'", ""));
            fail();
        } catch (Problem e) {
            assertTrue(e.getMessage(), e.getMessage().contains("metric"));
        }
        send(m, "s01", "{'a':1}");
        Mixins.Recorder log = recorder(c, LOG);
        Harness.await(() -> log.got.size() == 1, 5000, "the old definition to keep running");
    }

    /** @return collector c01's connection to a new sensor {@code id} whose EWMA turns a into x */
    private static Harness.Conn ewmaWithCollector(SensorManager m, String id, double period) throws Exception {
        m.registry().define(id, Harness.sensor(id, period, "'" + EWMA + "'",
                "'com.example.occi.monitoring.EWMA.gain':16,'com.example.occi.monitoring.EWMA.instream':'a',"
                        + "'com.example.occi.monitoring.EWMA.outstream':'x'"));
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(m.sensors().get(id), conn);
        return conn;
    }

    @Test
    public void aStoppingNodeTellsItsCollectorsToComeBackLater() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 1000);
        Harness.Conn conn = ewmaWithCollector(m, "s02", 0.5);
        m.deactivate();
        assertEquals("a service restart, not a deleted sensor", 1012, conn.closedWith);
        Problem refused = m.admission().refusal("s02", "c01");
        assertEquals(503, refused.status());
        assertEquals("the node is stopping", refused.detail());
    }

    @Test
    public void deleteStopsEverything() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 1000);
        Harness.Conn conn = ewmaWithCollector(m, "s01", 0.01);
        Mixins.Ewma agg = (Mixins.Ewma) c.openOf(EWMA).get(0).mixin();
        Harness.await(() -> agg.ticks.get() > 2, 5000, "ticks");
        assertTrue(m.registry().delete("s01"));
        assertFalse(m.hosts("s01"));
        assertEquals(1001, conn.closedWith);
        Harness.await(() -> c.openOf(EWMA).isEmpty(), 5000, "the stage to close");
        int ticks = agg.ticks.get();
        Thread.sleep(100);
        assertEquals("no ticks after delete", ticks, agg.ticks.get());
        assertFalse(m.registry().delete("s01"));
    }

    @Test
    public void aSuspendedSensorDropsAndCounts() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 1000);
        m.registry().define("s01", Harness.sensor("s01", 1, "'" + LOG + "'",
                "'occi.sensor.timebase':-1,'com.example.occi.monitoring.Log.in_msg':'a'"));
        assertEquals("suspended", m.sensors().get("s01").state()[0]);
        send(m, "s01", "{'a':1,'b':2}");
        assertEquals(2L, m.sensors().get("s01").counters().dropped.sum());
        assertEquals(0L, m.sensors().get("s01").counters().in.sum());
        long now = System.currentTimeMillis() / 1000;
        m.registry().define("s01", Harness.sensor("s01", 1, "'" + LOG + "'",
                "'occi.sensor.timebase':" + now + ",'occi.sensor.timestart':0,'occi.sensor.timestop':3600,"
                        + "'com.example.occi.monitoring.Log.in_msg':'a'"));
        assertEquals("running", m.sensors().get("s01").state()[0]);
        send(m, "s01", "{'a':1}");
        Harness.await(() -> recorder(c, LOG).got.size() == 1, 5000, "active window");
    }

    @Test
    public void aNewPeriodReschedulesTicksWithoutReopening() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 1000);
        String attrs = "'com.example.occi.monitoring.EWMA.gain':16,'com.example.occi.monitoring.EWMA.instream':'a',"
                + "'com.example.occi.monitoring.EWMA.outstream':'x'";
        m.registry().define("s01", Harness.sensor("s01", 0.01, "'" + EWMA + "'", attrs));
        Mixins.Ewma agg = (Mixins.Ewma) c.openOf(EWMA).get(0).mixin();
        Harness.await(() -> agg.ticks.get() >= 5, 5000, "fast ticks");
        m.registry().define("s01", Harness.sensor("s01", 60, "'" + EWMA + "'", attrs));
        Thread.sleep(50); // a tick already queued may still run
        int ticks = agg.ticks.get();
        Thread.sleep(200);
        assertEquals("no tick within the new 60 s period", ticks, agg.ticks.get());
        assertEquals(1, c.opened.size());
    }

    @Test
    public void aForwardEdgeSendsTheLatestValuePerChannelOncePerPeriod() throws Exception {
        FakeCatalog c = catalog();
        SensorManager m = manager(c, 2, 5000, 1000);
        List<java.util.Map<String, org.rocmon.api.Measurement>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        m.useCollectorEdges((id, uri, buffer) -> new org.rocmon.api.runtime.CollectorEdge() {
            @Override
            public void send(java.util.Map<String, org.rocmon.api.Measurement> channels) {
                sent.add(channels);
            }

            @Override
            public org.rocmon.api.dto.StatusDTO status() {
                return new org.rocmon.api.dto.StatusDTO();
            }

            @Override
            public void close() {
            }
        });
        m.registry().define("s01", Harness.sensor("s01", 1, "", ""));
        assertTrue(m.edges().attachEdge("s01", "e1", Harness.json("{'attributes':{'occi.collector.period':0.3,"
                + "'rocmon.collector.channels':['a','b']},'target':'ws://127.0.0.1:9/sensor/p/'}")));
        for (int i = 1; i <= 5; i++) {
            send(m, "s01", "{'a':" + i + ",'b':" + (10 * i) + ",'z':0}");
        }
        Harness.await(() -> !sent.isEmpty(), 5000, "one frame");
        assertEquals(1, sent.size());
        assertEquals(5.0, sent.get(0).get("a").asDouble(), 0);
        assertEquals(50.0, sent.get(0).get("b").asDouble(), 0);
        assertFalse(sent.get(0).containsKey("z"));
        assertFalse("a remote target is not admitted locally", m.admission().admits("p", "e1"));
        assertFalse(m.edges().attachEdge("s01", "e1", Harness.json("{'attributes':{'occi.collector.period':1},"
                + "'target':'ws://127.0.0.1:9/sensor/p/'}")));
        assertTrue(m.edges().detachEdge("s01", "e1"));
    }
}
