package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Alarms (docs/alarms.md) in the real runtime: a real collector cut off from its sensor by a {@link LinkProxy}
 * raises a silence alarm within k periods + grace, shown in the sensor's description, delivered by its Log
 * publisher on the alarms channel and known to the parent sensor; it clears when the collector is back. A real
 * Nagios plugin turning CRITICAL raises a state alarm until it is OK. A sensor-to-sensor link cut raises a link
 * alarm on the child, a child alarm on the parent it no longer reaches, and the link alarm reaches the child's
 * other parent.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AlarmsIT {

    private static final File PLUGINS = new File("/usr/lib/nagios/plugins");

    @Inject
    BundleContext context;

    private Node node;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Before
    public void setUp() {
        node = new Node(context).awaitReady();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> alarms(String sensor, String which) {
        Map<String, Object> a = (Map<String, Object>) Sensors.describe(node, sensor).get("alarms");
        assertTrue("alarms in the description of " + sensor, a != null);
        return (List<Map<String, Object>>) a.get(which);
    }

    private Map<String, Object> find(String sensor, String which, String kind, String source) {
        for (Map<String, Object> a : alarms(sensor, which)) {
            if (kind.equals(a.get("kind")) && source.equals(a.get("source"))) {
                return a;
            }
        }
        return null;
    }

    private static String edge(String id, String target, String channels) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.COLLECTOR_KIND + "\",\"attributes\":{"
                + "\"occi.collector.period\":1" + (channels == null ? "" : ",\"rocmon.collector.channels\":\""
                + channels + "\"") + "},\"target\":\"" + target + "\"}";
    }

    private static String cpu(String id, String target) {
        return Sensors.collector(id, List.of("CPUPercent"), Sensors.attrs("occi.collector.period", 1,
                Sensors.NS + "CPUPercent.out", "a"), target);
    }

    @Test
    public void aCollectorCutOffRaisesASilenceAlarmThatIsPublishedPropagatedAndCleared() throws Exception {
        Path log = Files.createTempDirectory(node.data, "alarms-").resolve("sc.log");
        try (LinkProxy link = new LinkProxy(node.port)) {
            Sensors.define(node, "/sensor/sp/", Sensors.sensor(List.of(), Sensors.attrs("occi.sensor.period", 1),
                    List.of()));
            Sensors.define(node, "/sensor/sc/", Sensors.sensor(List.of(Sensors.PUB + "Log"), Sensors.attrs(
                    "occi.sensor.period", 1, "rocmon.alarms.silence.grace", 1,
                    Sensors.NS + "Log.filename", log.toString(), Sensors.NS + "Log.in_msg", "alarms"),
                    List.of("ck")));
            Sensors.define(node, "/sensor/sc/collector/e1", edge("e1", "sp", null));
            Sensors.define(node, "/resource/gk/collector/ck",
                    cpu("ck", "ws://127.0.0.1:" + link.port + "/sensor/sc/"));
            Node.await("ck delivers to sc through the link", 20_000, () -> {
                String d = node.get("/sensor/sc/").body;
                return d.matches("(?s).*\"id\":\"ck\",\"connected\":true,\"admitted\":true,\"lastSeq\":([3-9]|\\d\\d).*");
            });
            assertEquals("no alarm while it delivers", List.of(), alarms("sc", "open"));

            long cut = System.currentTimeMillis();
            link.cut();
            Node.await("a silence alarm on sc about ck", 30_000, () -> find("sc", "open", "silence", "ck") != null);
            Map<String, Object> alarm = find("sc", "open", "silence", "ck");
            long latency = ((Number) alarm.get("start")).longValue() - cut;
            System.out.printf("ALARM silence raised %d ms after the cut (k=3 periods of 1 s + 1 s grace, checked "
                    + "every 1 s); severity %s%n", latency, alarm.get("severity"));
            assertTrue("raised within 3 periods + grace + one check (+4 s of slack for a loaded machine): " + latency,
                    latency <= 3_000 + 1_000 + 1_000 + 4_000);
            assertTrue("not at once (the last frame came at most a period before the cut): " + latency,
                    latency >= 2_000);
            assertEquals("sc", alarm.get("sensor"));
            assertEquals("collector", alarm.get("sourceType"));
            String id = (String) alarm.get("id");

            Node.await("the parent sp knows it, through e1", 15_000, () -> {
                Map<String, Object> up = find("sp", "open", "silence", "ck");
                return up != null && id.equals(up.get("id")) && List.of("e1").equals(up.get("via"));
            });
            Node.await("sc's Log publisher delivered the raise on channel alarms", 15_000,
                    () -> Node.logLines(log).stream().anyMatch(l -> "alarms".equals(l.get("channel"))
                            && String.valueOf(l.get("value")).contains("\"raised\":[{\"id\":\"" + id + "\"")));

            link.restore();
            Node.await("the alarm clears once ck delivers again", 60_000, () -> alarms("sc", "open").isEmpty());
            Map<String, Object> ended = find("sc", "recent", "silence", "ck");
            assertEquals(id, ended.get("id"));
            assertTrue("an end time: " + ended, ((Number) ended.get("end")).longValue() > cut);
            Node.await("and on the parent", 15_000, () -> find("sp", "open", "silence", "ck") == null);
            Node.await("the Log publisher delivered the clear, in state OK", 15_000,
                    () -> Node.logLines(log).stream().anyMatch(l -> "OK".equals(l.get("state"))
                            && String.valueOf(l.get("value")).contains("\"cleared\":[{\"id\":\"" + id + "\"")));
        } finally {
            node.delete("/resource/gk/");
            node.delete("/sensor/sc/");
            node.delete("/sensor/sp/");
        }
    }

    @Test
    public void aNagiosPluginTurningCriticalRaisesAStateAlarmUntilItIsOk() {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        boolean installed = new File(PLUGINS, "check_dummy").canExecute();
        if (!ci) {
            Assume.assumeTrue("Monitoring Plugins are not installed (apt-get install monitoring-plugins-basic)",
                    installed);
        }
        assertTrue("CI needs check_dummy in " + PLUGINS, installed);
        try {
            Sensors.define(node, "/sensor/sn/", Sensors.sensor(List.of(), Sensors.attrs("occi.sensor.period", 1),
                    List.of("cn")));
            Sensors.define(node, "/resource/gn2/collector/cn", dummy("2 'disk full'"));
            Node.await("a state alarm on channel st", 20_000, () -> find("sn", "open", "state", "st") != null);
            Map<String, Object> a = find("sn", "open", "state", "st");
            assertEquals("critical", a.get("severity"));
            assertTrue(a.toString(), String.valueOf(a.get("text")).contains("CRITICAL"));
            Sensors.define(node, "/resource/gn2/collector/cn", dummy("0 'fine again'"));
            Node.await("the alarm clears when the plugin is OK", 20_000, () -> alarms("sn", "open").isEmpty());
            assertEquals(a.get("id"), find("sn", "recent", "state", "st").get("id"));
        } finally {
            node.delete("/resource/gn2/");
            node.delete("/sensor/sn/");
        }
    }

    private static String dummy(String args) {
        String ns = "com.example.occi.monitoring.NagiosPlugin.";
        return "{\"id\":\"cn\",\"kind\":\"" + Node.COLLECTOR_KIND + "\",\"mixins\":[\"" + Sensors.METRIC
                + "NagiosPlugin\"],\"attributes\":{\"occi.collector.period\":0.5,\"" + ns + "command\":\"check_dummy\","
                + "\"" + ns + "args\":" + Json.quote(args) + ",\"" + ns + "timeout\":10,\"" + ns + "state\":\"st\"},"
                + "\"target\":\"sn\",\"source\":\"gn2\"}";
    }

    @Test
    public void aLinkDownRaisesAlarmsOnBothEndsAndTheLinkAlarmGoesUpTheOtherWay() throws Exception {
        try (LinkProxy link = new LinkProxy(node.port)) {
            // sl forwards a to sq through the link (e2) and to sm on this node (e3); ckl feeds sl
            Sensors.define(node, "/sensor/sq/", Sensors.sensor(List.of(), Sensors.attrs("occi.sensor.period", 1,
                    "rocmon.alarms.silence.grace", 1), List.of("e2")));
            Sensors.define(node, "/sensor/sm/", Sensors.sensor(List.of(), Sensors.attrs("occi.sensor.period", 1),
                    List.of()));
            Sensors.define(node, "/sensor/sl/", Sensors.sensor(List.of(), Sensors.attrs("occi.sensor.period", 1,
                    "rocmon.alarms.link.grace", 2), List.of("ckl")));
            Sensors.define(node, "/sensor/sl/collector/e2", edge("e2", "ws://127.0.0.1:" + link.port + "/sensor/sq/",
                    "a"));
            Sensors.define(node, "/sensor/sl/collector/e3", edge("e3", "sm", "a"));
            Sensors.define(node, "/resource/gl/collector/ckl", cpu("ckl", "sl"));
            Node.await("e2 delivers to sq", 20_000, () -> node.get("/sensor/sq/").body
                    .matches("(?s).*\"id\":\"e2\",\"connected\":true,\"admitted\":true,\"lastSeq\":([3-9]|\\d\\d).*"));

            long cut = System.currentTimeMillis();
            link.cut();
            Node.await("a link alarm on sl about e2", 30_000, () -> find("sl", "open", "link", "e2") != null);
            Map<String, Object> down = find("sl", "open", "link", "e2");
            long latency = ((Number) down.get("start")).longValue() - cut;
            System.out.printf("ALARM link raised %d ms after the cut (grace 2 s, checked every 1 s)%n", latency);
            assertTrue("after the grace, within a check and 4 s of slack: " + latency,
                    latency >= 2_000 && latency <= 2_000 + 1_000 + 4_000);
            assertEquals("critical", down.get("severity"));
            Node.await("sq misses its child: a child alarm about e2", 30_000,
                    () -> find("sq", "open", "child", "e2") != null);
            assertTrue(String.valueOf(find("sq", "open", "child", "e2").get("text")).contains("child sensor sl"));
            Node.await("sl's link alarm reaches its other parent sm through e3", 15_000, () -> {
                Map<String, Object> up = find("sm", "open", "link", "e2");
                return up != null && "sl".equals(up.get("sensor")) && List.of("e3").equals(up.get("via"));
            });

            link.restore();
            Node.await("every alarm clears once the link is back", 60_000,
                    () -> alarms("sl", "open").isEmpty() && alarms("sq", "open").isEmpty()
                            && alarms("sm", "open").isEmpty());
            assertEquals(down.get("id"), find("sl", "recent", "link", "e2").get("id"));
            assertEquals(down.get("id"), find("sm", "recent", "link", "e2").get("id"));
        } finally {
            node.delete("/resource/gl/");
            node.delete("/sensor/sl/");
            node.delete("/sensor/sm/");
            node.delete("/sensor/sq/");
        }
    }
}
