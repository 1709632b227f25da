package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 18, point 1: a collector whose target sensor does not exist does not look healthy. Its GET shows state
 * {@code degraded} with the sensor's own refusal ("no sensor s99"), through the in-process link and through a real
 * WebSocket upgrade; once the sensor exists and admits it, the collector runs and delivers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DegradedCollectorIT {

    private static final String EDGE_PID = "org.rocmon.collector.internal.edge.EdgeService";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> description, String name) {
        Object p = description.get(name);
        return p instanceof Map ? (Map<String, Object>) p : Map.of();
    }

    private static boolean degradedBecause(Node node, String path, String why) {
        Node.Response r = node.get(path);
        if (r.code != 200) {
            return false;
        }
        Map<String, Object> status = part(r.json(), "status");
        return "degraded".equals(status.get("state")) && String.valueOf(status.get("reason")).contains(why);
    }

    private Object edgesServiceId() {
        org.osgi.framework.ServiceReference<?> r = context.getServiceReference(
                "org.rocmon.api.runtime.CollectorEdges");
        return r == null ? null : r.getProperty("service.id");
    }

    @Test
    public void aCollectorWhoseSensorDoesNotExistIsDegradedWithTheSensorsReason() throws Exception {
        Node node = new Node(context).awaitReady();

        // in-process link: the sensor runtime refuses the link
        Node.Response created = node.post("/resource/g01/collector/c09", Node.listing2("c09", 1, "s99", "g01"));
        assertEquals(created.toString(), 201, created.code);
        Node.await("c09 degraded with the sensor's reason", 5_000,
                () -> degradedBecause(node, "/resource/g01/collector/c09", "no sensor s99"));
        Map<String, Object> c09 = node.get("/resource/g01/collector/c09").json();
        System.out.println("degraded c09: " + c09);
        Map<String, Object> edge = part(c09, "edge");
        assertTrue(String.valueOf(edge), String.valueOf(edge.get("reason")).contains("no sensor s99"));
        assertEquals("degraded", Json.find(node.get("/resource/g01/collector/").json(), "state"));

        // the sensor appears and admits c09: the collector recovers and delivers
        Path log = Files.createTempDirectory(node.data, "degraded-").resolve("s99.log");
        assertEquals(201, node.post("/sensor/s99/", Node.logSensor("s99", "a", log, "c09")).code);
        Node.await("c09 running once s99 exists", 15_000, () -> "running".equals(
                part(node.get("/resource/g01/collector/c09").json(), "status").get("state")));
        Node.await("s99 logs c09's values", 15_000, () -> !Node.logLines(log).isEmpty());
        assertEquals(204, node.delete("/resource/g01/collector/c09").code);
        assertEquals(204, node.delete("/sensor/s99/").code);

        // a real WebSocket upgrade: the refusal's problem body (or the sensor's 404) gives the reason
        Object before = edgesServiceId();
        org.osgi.service.cm.Configuration edges = configAdmin.getConfiguration(EDGE_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("localDelivery", Boolean.FALSE);
        edges.update(props);
        try {
            Node.await("the edges restart without in-process links", 15_000, () -> {
                Object now = edgesServiceId();
                return now != null && !now.equals(before);
            });
            Node.await("the resource API takes c08", 15_000, () -> node.post("/resource/g02/collector/c08",
                    Node.listing2("c08", 1, "s98", "g02")).code / 100 == 2);
            Node.await("c08 degraded with the sensor's reason", 10_000,
                    () -> degradedBecause(node, "/resource/g02/collector/c08", "no sensor s98"));
            Map<String, Object> c08 = node.get("/resource/g02/collector/c08").json();
            System.out.println("degraded c08: " + c08);
            assertTrue(String.valueOf(c08), String.valueOf(part(c08, "edge").get("reason")).contains("no sensor s98"));
            assertEquals(204, node.delete("/resource/g02/collector/c08").code);
        } finally {
            edges.delete();
        }
    }
}
