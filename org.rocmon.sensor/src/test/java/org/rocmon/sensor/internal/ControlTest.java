package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;


import org.junit.Test;

import org.rocmon.sensor.internal.control.ControlAction;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.control.ControlState;
import org.rocmon.sensor.internal.control.Remote;
import org.rocmon.sensor.internal.control.Sources;
import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;
import org.rocmon.http.Problem;

/** The control state machine, its persistence, propagation bookkeeping and descendant routing (HTTP faked). */
public class ControlTest {

    static final String LOG = FakeCatalog.PUB + "Log";

    private static FakeCatalog catalog() {
        return new FakeCatalog().add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"), List.of());
    }

    private static SensorManager define(Path dir) throws Exception {
        SensorManager m = Harness.manager(catalog(), dir, 2, 5000, 1000);
        m.registry().define("s01",
                Harness.sensor("s01", 1, "'" + LOG + "'", "'com.example.occi.monitoring.Log.in_msg':'a'"));
        return m;
    }

    @Test
    public void actionsMapToStatesAndUnknownOnesAreRefused() throws Exception {
        assertEquals(ControlState.STOPPED, ControlAction.parse("stop").target());
        assertEquals(ControlState.PAUSED, ControlAction.parse(" PAUSE ").target());
        assertEquals(ControlState.RUNNING, ControlAction.parse("resume").target());
        assertEquals(ControlState.RUNNING, ControlAction.parse("start").target());
        try {
            ControlAction.parse("reboot");
            fail();
        } catch (Problem e) {
            assertEquals(400, e.status());
            assertEquals("action", e.attribute());
            assertEquals(List.of("init", "start", "stop", "pause", "resume", "terminate"),
                    e.extensions().get("available"));
        }
        assertEquals(ControlState.RUNNING, ControlState.of("garbage"));
    }

    @Test
    public void pausedDropsStoppedKicksAndStateSurvivesARestart() throws Exception {
        Path dir = Harness.tempDir();
        SensorManager m = define(dir);
        Sensor s = m.sensors().get("s01");
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        m.ingest().frame(s, "c01", "{\"a\":1}");
        assertEquals(1, s.counters().in.sum());
        m.controls().control("s01", ControlAction.PAUSE, false);
        assertEquals("paused", s.state()[0]);
        m.ingest().frame(s, "c01", "{\"a\":2}");
        assertEquals(1, s.counters().in.sum());
        assertEquals(1, s.counters().dropped.sum());
        assertFalse("a pause keeps the collector connected", conn.closedWith == 1013);
        m.controls().control("s01", ControlAction.STOP, false);
        assertEquals(1013, conn.closedWith);
        assertFalse(s.connected("c01"));
        m.deactivate();

        SensorManager again = Harness.manager(catalog(), dir, 2, 5000, 1000);
        try {
            assertEquals("stopped", again.sensors().get("s01").state()[0]);
            again.controls().control("s01", ControlAction.START, false);
            assertEquals("running", again.sensors().get("s01").state()[0]);
        } finally {
            again.deactivate();
        }
        try {
            define(Harness.tempDir()).controls().control("nope", ControlAction.STOP, false);
            fail();
        } catch (Problem e) {
            assertEquals(404, e.status());
        }
    }

    /** Answers commands from a table: a status, or an exception for an unreachable child. */
    static final class FakeRemote extends Remote {
        final List<String> commands = new ArrayList<>();
        final Map<String, Object> answers;

        FakeRemote(Map<String, Object> answers) {
            super(org.rocmon.api.security.PeerCredentials.none());
            this.answers = answers;
        }

        @Override
        protected CompletableFuture<Answer> command(String target, ControlRecord record, int hops, long budget) {
            commands.add(target + " " + record.action().wire() + " " + hops);
            Object a = answers.get(target);
            return a == null ? CompletableFuture.failedFuture(new IOException("connection refused"))
                    : CompletableFuture.completedFuture((Answer) a);
        }

        @Override
        protected Answer get(String url) throws IOException {
            Object a = answers.get(url);
            if (a == null) {
                throw new IOException("connection refused");
            }
            return (Answer) a;
        }
    }

    @Test
    public void propagationGoesToAdmittedSourcesOnlyAndRecordsFailures() throws Exception {
        SensorManager m = define(Harness.tempDir());
        try {
            FakeRemote remote = new FakeRemote(Map.of());
            m.controls().useRemote(remote);
            Sensor s = m.sensors().get("s01");
            m.controls().source(s, "c01", "http://127.0.0.1:1/sensor/child/");
            m.controls().source(s, "intruder", "http://127.0.0.1:1/sensor/evil/");
            ControlRecord r = m.controls().control("s01", new org.rocmon.sensor.internal.control.Command(
                    ControlAction.PAUSE, true, org.rocmon.sensor.internal.control.Policy.PARENT_FIRST, "k1", 16,
                    5000)).record();
            assertEquals(List.of("http://127.0.0.1:1/sensor/child/ pause 15"), remote.commands);
            Harness.await(() -> (Integer) r.toMap().get("pending") == 0, 5000, "the answer");
            assertTrue(r.hasFailures());
            assertTrue(s.state()[1], s.state()[1].contains("propagation failed"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> p = (List<Map<String, Object>>) r.toMap().get("propagated");
            assertEquals("http://127.0.0.1:1/sensor/child/", p.get(0).get("target"));
            assertTrue(String.valueOf(p.get(0).get("error")).startsWith("unreachable"));
            m.controls().control("s01", new org.rocmon.sensor.internal.control.Command(ControlAction.RESUME, true,
                    org.rocmon.sensor.internal.control.Policy.PARENT_FIRST, "k2", 1, 5000));
            assertEquals("a command at the end of its hops goes no further", 1, remote.commands.size());
            assertEquals("running", s.state()[0]);
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void descendantsAreFoundHopByHop() throws Exception {
        SensorManager m = define(Harness.tempDir());
        try {
            String a = "http://127.0.0.1:1/sensor/a/";
            String b = "http://127.0.0.1:2/sensor/b/";
            m.controls().useRemote(new FakeRemote(Map.of(
                    a + "data?descendant=deep&hops=15", new Remote.Answer(200, "{\"sensor\":\"x/deep/\"}"),
                    b + "data?descendant=deep&hops=15", new Remote.Answer(404, "{\"error\":\"no\"}"),
                    b + "data", new Remote.Answer(200, "{\"sensor\":\"" + b + "\"}"))));
            Sensor s = m.sensors().get("s01");
            m.controls().source(s, "c01", a);
            m.admit("s01", "c02");
            m.controls().source(s, "c02", b);
            m.controls().source(s, "c03", "http://127.0.0.1:3/resource/g01/collector/c03"); // not a sensor: never asked
            m.admit("s01", "c03");
            LocalData data = m.localData();
            assertEquals("x/deep/", data.descendant(s, "deep", 16).body().path("sensor").asText());
            assertEquals(b, data.descendant(s, "b", 16).body().path("sensor").asText());
            assertEquals(b, data.descendant(s, b, 16).body().path("sensor").asText());
            LocalData.Result r = data.descendant(s, "ghost", 16);
            assertEquals("a unreachable child is a bad gateway naming it", 502, r.status());
            assertTrue(r.problem().detail(), List.of(a, b).contains(r.problem().extensions().get("hop")));
            assertEquals(404, data.descendant(s, "deep", 1).status());
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void sourcesAreValidatedAndNamed() {
        assertNull(Sources.valid("ftp://x/"));
        assertNull(Sources.valid("not a url"));
        assertNull(Sources.valid("http://h/sensor/a/?x=1"));
        assertEquals("http://h:1/sensor/a/", Sources.valid("http://h:1/sensor/a/"));
        assertEquals("a", Sources.sensorId("http://h:1/sensor/a/"));
        assertNull(Sources.sensorId("http://h:1/resource/g/collector/c"));
        assertTrue(Sources.names("http://h:1/sensor/a/", "http://h:1/sensor/a"));
        assertFalse(Sources.names("http://h:1/sensor/a/", "http://h:2/sensor/a/"));
        assertEquals("ws://h/sensor/p/?source=http%3A%2F%2Fh%3A1%2Fsensor%2Fa%2F",
                Sources.announce(java.net.URI.create("ws://h/sensor/p/"), "http://h:1/sensor/a/").toString());
    }

    @Test
    public void aForwardEdgeHoldsWhenPausedDropsWhenStoppedAndKeepsItsStateOverARestart() throws Exception {
        Path dir = Harness.tempDir();
        List<Map<String, org.rocmon.api.Measurement>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.rocmon.api.runtime.CollectorEdges edges = (id, uri, buffer) -> new org.rocmon.api.runtime.CollectorEdge() {
            @Override
            public void send(Map<String, org.rocmon.api.Measurement> channels) {
                sent.add(channels);
            }

            @Override
            public org.rocmon.api.dto.StatusDTO status() {
                return new org.rocmon.api.dto.StatusDTO();
            }

            @Override
            public void close() {
            }
        };
        SensorManager m = define(dir);
        m.useCollectorEdges(edges);
        Sensor s = m.sensors().get("s01");
        m.edges().attachEdge("s01", "up", Harness.json("{'attributes':{'occi.collector.period':0.02,"
                + "'rocmon.collector.channels':'a'},'target':'http://127.0.0.1:1/sensor/p/'}"));
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        m.ingest().frame(s, "c01", "{\"a\":1}");
        Harness.await(() -> sent.size() == 1, 5000, "the value forwarded");

        m.controls().controlEdge("s01", "up", ControlAction.PAUSE);
        m.ingest().frame(s, "c01", "{\"a\":2}");
        m.ingest().frame(s, "c01", "{\"a\":3}");
        Thread.sleep(100);
        assertEquals("a paused edge sends nothing", 1, sent.size());
        m.controls().controlEdge("s01", "up", ControlAction.RESUME);
        Harness.await(() -> sent.size() == 2, 5000, "the held value sent on resume");
        assertEquals(3.0, sent.get(1).get("a").value());

        m.controls().controlEdge("s01", "up", ControlAction.STOP);
        m.ingest().frame(s, "c01", "{\"a\":4}");
        Thread.sleep(100);
        assertEquals("stopped", ((Map<?, ?>) s.edgeStatus().get("up")).get("state"));
        try {
            m.controls().controlEdge("s01", "nope", ControlAction.STOP);
            fail();
        } catch (Problem e) {
            assertEquals(404, e.status());
        }
        m.deactivate();

        SensorManager again = Harness.manager(catalog(), dir, 2, 5000, 1000);
        try {
            again.useCollectorEdges(edges);
            again.retry();
            Harness.await(() -> again.sensors().get("s01").edgeStatus().containsKey("up"), 5000, "the edge reopened");
            assertEquals("stopped", ((Map<?, ?>) again.sensors().get("s01").edgeStatus().get("up")).get("state"));
            again.controls().controlEdge("s01", "up", ControlAction.START);
            Sensor s2 = again.sensors().get("s01");
            again.ingest().opened(s2, new Harness.Conn("c01"));
            again.ingest().frame(s2, "c01", "{\"a\":5}");
            Harness.await(() -> sent.size() == 3, 5000, "forwarding after start");
            assertEquals(5.0, sent.get(2).get("a").value());
        } finally {
            again.deactivate();
        }
    }
}
