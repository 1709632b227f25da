package org.rocmon.sensor.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.Test;

import org.rocmon.api.State;
import org.rocmon.sensor.internal.alarm.Alarm;
import org.rocmon.sensor.internal.alarm.SensorAlarms;
import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

/**
 * The alarm check against a real manager and real sensors fed through the collector ingest; the check runs by hand
 * with a chosen "now", so silence needs no waiting.
 */
public class AlarmWatchTest {

    static final String LOG = FakeCatalog.PUB + "Log";

    private final FakeCatalog catalog = new FakeCatalog().add(LOG, "publisher", Mixins.Recorder::new,
            List.of("in_msg"), List.of());
    private SensorManager m;
    private long epoch = 1;
    private long seq;

    private SensorManager manager() throws Exception {
        m = Harness.manager(catalog, Harness.tempDir(), 2, 5000, 1000);
        return m;
    }

    @After
    public void tearDown() {
        if (m != null) {
            m.deactivate();
        }
    }

    /** A sensor whose Log publisher reads the alarms channel, admitting c01 and e1. */
    private Sensor define(String id) throws Exception {
        return define(id, "'c01','e1'");
    }

    private Sensor define(String id, String links) throws Exception {
        m.registry().define(id, Harness.json("{'id':'" + id + "','kind':'http://schemas.ogf.org/occi/monitoring#sensor',"
                + "'mixins':['" + LOG + "'],'attributes':{'occi.sensor.period':1,"
                + "'com.example.occi.monitoring.Log.in_msg':'alarms'},'links':[" + links + "]}"));
        return m.sensors().get(id);
    }

    private void send(Sensor s, String collector, String data) {
        assertNotNull(m.ingest().frame(s, collector, "{\"collector\":\"" + collector + "\",\"epoch\":" + epoch
                + ",\"seq\":" + (++seq) + ",\"data\":" + data + "}"));
    }

    private static List<Map<String, Object>> open(Sensor s) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> l = (List<Map<String, Object>>) s.alarms().describe().get("open");
        return l;
    }

    private Mixins.Recorder log() {
        return (Mixins.Recorder) catalog.openOf(LOG).get(0).mixin();
    }

    @Test
    public void aSilentCollectorRaisesAnAlarmThatClearsWhenItSendsAgain() throws Exception {
        manager();
        Sensor s = define("s01");
        Harness.Conn conn = new Harness.Conn("c01");
        m.ingest().opened(s, conn);
        send(s, "c01", "{\"a\":1}");
        long now = System.currentTimeMillis();
        m.alarms().check(s, now);
        assertEquals(List.of(), open(s));
        // k = 3 periods of at least 100 ms (learnt) or 1 s (the sensor's, before two frames) + 2 s: 5 s is beyond
        m.alarms().check(s, now + 5_500);
        assertEquals(open(s).toString(), 1, open(s).size());
        Map<String, Object> a = open(s).get(0);
        assertEquals(Alarm.SILENCE, a.get("kind"));
        assertEquals("c01", a.get("source"));
        assertEquals("still connected: a warning", Alarm.WARNING, a.get("severity"));
        assertEquals("s01", a.get("sensor"));
        m.ingest().closed(s, conn, 1006);
        m.alarms().check(s, now + 6_000);
        assertEquals("disconnected: critical, same alarm", Alarm.CRITICAL, open(s).get(0).get("severity"));
        assertEquals(a.get("id"), open(s).get(0).get("id"));

        send(s, "c01", "{\"a\":2}");
        m.alarms().check(s, System.currentTimeMillis());
        assertEquals(List.of(), open(s));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> recent = (List<Map<String, Object>>) s.alarms().describe().get("recent");
        assertEquals(1, recent.size());
        assertEquals(a.get("id"), recent.get(0).get("id"));
        assertTrue(recent.toString(), recent.get(0).get("end") instanceof Long);

        // the Log publisher got each change on the alarms channel: raised, restated, cleared
        Mixins.Recorder log = log();
        Harness.await(() -> log.got.size() >= 3, 5_000, "three alarm reports");
        JsonNode first = Harness.MAPPER.readTree(log.got.get(0).asString());
        assertEquals(State.WARNING, log.got.get(0).state());
        assertEquals("c01", first.path("raised").get(0).path("source").asText());
        assertEquals(State.CRITICAL, log.got.get(1).state());
        JsonNode last = Harness.MAPPER.readTree(log.got.get(2).asString());
        assertEquals(State.OK, log.got.get(2).state());
        assertEquals(0, last.path("open").size());
        assertEquals(a.get("id"), last.path("cleared").get(0).path("id").asText());
        assertEquals(List.of("alarms", "alarms", "alarms"), log.channels.subList(0, 3));
    }

    @Test
    public void aCollectorNoLongerAdmittedOrASensorPausedRaisesNothing() throws Exception {
        manager();
        Sensor s = define("s01");
        send(s, "c01", "{\"a\":1}");
        long now = System.currentTimeMillis();
        m.controls().control(s.id(), org.rocmon.sensor.internal.control.ControlAction.PAUSE, false);
        m.alarms().check(s, now + 10_000);
        assertEquals("paused on purpose", List.of(), open(s));
        m.controls().control(s.id(), org.rocmon.sensor.internal.control.ControlAction.RESUME, false);
        m.alarms().check(s, now + 20_000);
        assertEquals("silence counts from the resume", List.of(), open(s));
        m.alarms().check(s, now + 30_000);
        assertEquals(1, open(s).size());
        define("s01", "'e1'");
        m.alarms().check(s, now + 31_000);
        assertEquals("revoked: cleared", List.of(), open(s));
    }

    @Test
    public void aCriticalChannelRaisesAStateAlarmUntilItRecovers() throws Exception {
        manager();
        Sensor s = define("s01");
        send(s, "c01", "{\"disk\":{\"value\":97,\"unit\":\"%\",\"state\":\"CRITICAL\"},\"a\":{\"value\":1,"
                + "\"state\":\"WARNING\"}}");
        m.alarms().check(s, System.currentTimeMillis());
        assertEquals(open(s).toString(), 1, open(s).size());
        assertEquals(Alarm.STATE, open(s).get(0).get("kind"));
        assertEquals("disk", open(s).get(0).get("source"));
        assertTrue(open(s).get(0).get("text").toString(), open(s).get(0).get("text").toString().contains("97 %"));
        send(s, "c01", "{\"disk\":{\"value\":40,\"state\":\"OK\"}}");
        m.alarms().check(s, System.currentTimeMillis());
        assertEquals(List.of(), open(s));
    }

    @Test
    public void aParentKnowsItsChildrensAlarmsThroughTheirCollector() throws Exception {
        manager();
        Sensor parent = define("p01");
        // the child's report, as its sensor-to-sensor collector e1 carries it on rocmon.alarms
        SensorAlarms child = new SensorAlarms("c1");
        child.book().sync(List.of(new Alarm(Alarm.LINK, Alarm.CRITICAL, "c1", "up", "sensor-collector", "down",
                1000, 0, List.of())), 1000);
        String report = child.frame(child.book().drain(), 1000).asString();
        send(parent, "e1", "{\"" + SensorAlarms.UPWARD + "\":" + Harness.MAPPER.writeValueAsString(report) + "}");
        m.alarms().check(parent, System.currentTimeMillis());
        assertEquals(open(parent).toString(), 1, open(parent).size());
        Map<String, Object> a = open(parent).get(0);
        assertEquals("c1", a.get("sensor"));
        assertEquals(List.of("e1"), a.get("via"));
        assertEquals("c1/link/up/1000", a.get("id"));
        // the parent's publishers get it on alarms, its own report
        Mixins.Recorder log = log();
        Harness.await(() -> !log.got.isEmpty(), 5_000, "the parent's report");
        assertEquals(State.CRITICAL, log.got.get(0).state());
        assertTrue(log.got.get(0).asString().contains("\"sensor\":\"p01\""));

        child.book().sync(List.of(), 2000);
        String cleared = child.frame(child.book().drain(), 2000).asString();
        send(parent, "e1", "{\"" + SensorAlarms.UPWARD + "\":" + Harness.MAPPER.writeValueAsString(cleared) + "}");
        m.alarms().check(parent, System.currentTimeMillis());
        assertEquals(List.of(), open(parent));
        // its own alarms never come back to it, and junk on the channel is ignored
        send(parent, "e1", "{\"" + SensorAlarms.UPWARD + "\":\"not json\"}");
        m.alarms().check(parent, System.currentTimeMillis());
        assertEquals(List.of(), open(parent));
    }

    @Test
    public void badAlarmAttributesAreRefusedNamingTheAttribute() throws Exception {
        manager();
        try {
            m.registry().define("s02", Harness.sensor("s02", 1, "", "'rocmon.alarms.silence.periods':0"));
            throw new AssertionError("accepted");
        } catch (org.rocmon.http.Problem p) {
            assertEquals(400, p.status());
            assertEquals("rocmon.alarms.silence.periods", p.attribute());
        }
    }

    @Test
    public void aLinkDownRaisesALinkAlarmAndReportsGoUpUncountedAndOnlyOverALinkThatIsUp() throws Exception {
        manager();
        List<Map<String, org.rocmon.api.Measurement>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<String> state = new java.util.concurrent.atomic.AtomicReference<>(
                "connected");
        m.useCollectorEdges((id, uri, buffer) -> new org.rocmon.api.runtime.CollectorEdge() {
            @Override
            public void send(Map<String, org.rocmon.api.Measurement> channels) {
                sent.add(channels);
            }

            @Override
            public org.rocmon.api.dto.StatusDTO status() {
                org.rocmon.api.dto.StatusDTO d = new org.rocmon.api.dto.StatusDTO();
                d.state = state.get();
                d.reason = "refused";
                return d;
            }

            @Override
            public void close() {
            }
        });
        Sensor s = define("s01");
        assertTrue(m.edges().attachEdge("s01", "up", Harness.json("{'attributes':{'occi.collector.period':0.1,"
                + "'rocmon.collector.channels':['a']},'target':'ws://127.0.0.1:9/sensor/p/'}")));
        long now = System.currentTimeMillis();
        m.alarms().check(s, now);
        Thread.sleep(300);
        assertEquals("no alarms, no frame", List.of(), sent);

        state.set("connecting");
        m.alarms().check(s, now + 1_000);
        assertEquals("within the link grace", List.of(), open(s));
        m.alarms().check(s, now + 1_000 + 10_001);
        assertEquals(open(s).toString(), Alarm.LINK, open(s).get(0).get("kind"));
        assertEquals("up", open(s).get(0).get("source"));
        assertTrue(open(s).get(0).get("text").toString(), open(s).get(0).get("text").toString().endsWith(": refused"));
        Thread.sleep(300);
        assertEquals("a report alone waits for the link", List.of(), sent);

        state.set("connected");
        Harness.await(() -> !sent.isEmpty(), 5_000, "the report, once the link is up");
        assertEquals(java.util.Set.of(SensorAlarms.UPWARD), sent.get(0).keySet());
        assertTrue(sent.get(0).get(SensorAlarms.UPWARD).asString().contains("\"kind\":\"link\""));
        @SuppressWarnings("unchecked")
        Map<String, Object> edge = (Map<String, Object>) s.edgeStatus().get("up");
        @SuppressWarnings("unchecked")
        Map<String, Long> counters = (Map<String, Long>) edge.get("counters");
        assertEquals("the report is not a value", Long.valueOf(0), counters.get("out"));
        m.alarms().check(s, System.currentTimeMillis());
        assertEquals("cleared once connected", List.of(), open(s));
    }
}
