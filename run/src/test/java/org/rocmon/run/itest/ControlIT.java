package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Control commands (issue 6) on a real node: pause/resume of a sensor (its Log stops growing, then grows again),
 * stop/start of a resource collector, and propagate=true over a two-level hierarchy across two node processes,
 * where a child node that died is reported in the parent's GET.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ControlIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(Map<String, Object> description) {
        return (Map<String, Object>) description.get("status");
    }

    private static String state(Node node, String path) {
        Node.Response r = node.get(path);
        return r.code == 200 ? String.valueOf(status(r.json()).get("state")) : "HTTP " + r.code;
    }

    @Test
    public void pausedSensorStopsLoggingAndResumes() throws Exception {
        Node node = new Node(context).awaitReady();
        Path log = Files.createTempDirectory(node.data, "control-").resolve("p01.log");
        assertEquals(201, node.post("/sensor/p01/", Node.logSensor("p01", "n", log, "t01")).code);
        try (TestCollector feed = TestCollector.connect(node, "p01", "t01")) {
            long seq = 0;
            for (int i = 1; i <= 5; i++) {
                seq = feed.send(System.currentTimeMillis(), Map.of("n", i));
            }
            feed.awaitAck(seq, 10_000);
            Node.await("5 lines logged", 10_000, () -> Node.logLines(log).size() == 5);

            Node.Response r = node.post("/sensor/p01/?action=pause", "{}");
            assertEquals(r.toString(), 202, r.code);
            assertEquals("paused", r.json().get("state"));
            assertEquals("paused", state(node, "/sensor/p01/"));
            for (int i = 6; i <= 10; i++) {
                seq = feed.send(System.currentTimeMillis(), Map.of("n", i));
            }
            feed.awaitAck(seq, 10_000); // taken (and dropped) by the sensor
            Node.sleep(300);
            assertEquals("a paused sensor's Log does not grow", 5, Node.logLines(log).size());
            Map<String, Object> d = node.get("/sensor/p01/").json();
            assertEquals(5L, Sensors.counter(d, "dropped"));
            assertEquals("pause", Json.find(d.get("control"), "requested"));

            assertEquals(202, node.post("/sensor/p01/?action=resume", "{}").code);
            assertEquals("running", state(node, "/sensor/p01/"));
            for (int i = 11; i <= 13; i++) {
                seq = feed.send(System.currentTimeMillis(), Map.of("n", i));
            }
            feed.awaitAck(seq, 10_000);
            Node.await("the Log grows again", 10_000, () -> Node.logLines(log).size() == 8);
            assertEquals(13.0, ((Number) Node.logLines(log).get(7).get("value")).doubleValue(), 0);

            r = node.post("/sensor/p01/?action=reboot", "{}");
            assertEquals(r.toString(), 400, r.code);
            assertEquals(List.of("init", "start", "stop", "pause", "resume", "terminate"), r.json().get("available"));
        } finally {
            node.delete("/sensor/p01/");
        }
    }

    @Test
    public void stoppedResourceCollectorSendsNothingUntilStarted() throws Exception {
        Node node = new Node(context).awaitReady();
        Path log = Files.createTempDirectory(node.data, "control-").resolve("p02.log");
        assertEquals(201, node.post("/sensor/p02/", Node.logSensor("p02", "a", log, "nobody")).code);
        try {
            Node.Response r = node.post("/resource/gc/collector/cc1", Sensors.collector("cc1", List.of("CPUPercent"),
                    Sensors.attrs("occi.collector.period", 0.1, Sensors.NS + "CPUPercent.out", "a"), "p02"));
            assertEquals(r.toString(), 201, r.code);
            Node.await("values logged", 10_000, () -> Node.logLines(log).size() >= 3);

            r = node.post("/resource/gc/collector/cc1?action=stop", "{}");
            assertEquals(r.toString(), 202, r.code);
            assertEquals("stopped", state(node, "/resource/gc/collector/cc1"));
            Node.sleep(400); // a round in flight may still land
            int lines = Node.logLines(log).size();
            Node.sleep(600);
            assertEquals("a stopped collector sends nothing", lines, Node.logLines(log).size());

            assertEquals(202, node.post("/resource/gc/collector/cc1?action=start", "{}").code);
            assertEquals("running", state(node, "/resource/gc/collector/cc1"));
            Node.await("values flow again", 10_000, () -> Node.logLines(log).size() >= lines + 3);
            assertEquals(400, node.post("/resource/gc/collector/cc1?action=nap", "{}").code);

            // the resource collector announced itself (Rocmon-Source), so the sensor's propagation reaches it
            Node.await("the sensor knows where cc1 comes from", 10_000, () -> String.valueOf(
                    Sensors.describe(node, "p02").get("sources")).contains("/resource/gc/collector/cc1"));
            assertEquals(202, node.post("/sensor/p02/?action=pause&propagate=true", "{}").code);
            Node.await("the collector feeding the sensor is paused too", 10_000,
                    () -> "paused".equals(state(node, "/resource/gc/collector/cc1")));
            Node.await("its answer is recorded", 10_000, () -> String.valueOf(
                    Sensors.describe(node, "p02").get("control")).contains("status=202"));
            assertEquals(404, node.post("/resource/gc/collector/nope?action=stop", "{}").code);
        } finally {
            node.delete("/resource/gc/");
            node.delete("/sensor/p02/");
        }
    }

    @Test
    public void propagationPausesTheChildAndReportsADeadOne() {
        try (MultiNode nodes = new MultiNode("control")) {
            List<NodeProcess> started = nodes.startAll("child", "parent");
            Node child = started.get(0).node;
            Node parent = started.get(1).node;
            Path files = nodes.files("logs");
            Sensors.define(parent, "/sensor/root/", Node.logSensor("root", "x", files.resolve("root.log"),
                    "leaf-up"));
            Sensors.define(child, "/sensor/leaf/", Node.logSensor("leaf", "x", files.resolve("leaf.log"), "feed"));
            Sensors.define(child, "/sensor/leaf/collector/leaf-up", Sensors.forward("leaf-up", 0.05,
                    started.get(1).url("/sensor/root/"), "x"));
            String childUrl = started.get(0).url("/sensor/leaf/");
            Node.await("the parent knows where leaf-up comes from", 15_000, () -> childUrl.equals(
                    Json.find(Sensors.describe(parent, "root").get("sources"), "leaf-up")));

            // children first (the default): the parent is paused once its child is
            Node.Response r = parent.post("/sensor/root/?action=pause&propagate=true", "{}");
            assertEquals(r.toString(), 202, r.code);
            Node.await("the child is paused by propagation", 10_000,
                    () -> "paused".equals(state(child, "/sensor/leaf/")));
            Node.await("then the parent", 10_000, () -> "paused".equals(state(parent, "/sensor/root/")));
            Node.await("the child's answer is recorded", 10_000, () -> String.valueOf(
                    Sensors.describe(parent, "root").get("control")).contains("outcome=succeeded"));

            // parent first (the behaviour before commands had ids): applied here at once, the dead child reported
            started.get(0).kill();
            r = parent.post("/sensor/root/?action=resume&propagate=true&policy=parent-first", "{}");
            assertEquals(r.toString(), 202, r.code);
            assertEquals("running", state(parent, "/sensor/root/"));
            Node.await("the dead child is reported", 15_000, () -> Boolean.TRUE.equals(
                    Json.find(Sensors.describe(parent, "root").get("control"), "failures")));
            String control = String.valueOf(Sensors.describe(parent, "root").get("control"));
            assertTrue(control, control.contains(childUrl) && control.contains("unreachable"));
        }
    }
}
