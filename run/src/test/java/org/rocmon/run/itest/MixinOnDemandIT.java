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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;

/**
 * Issue 4, tests (a) and (b): the node starts WITHOUT the EWMA bundle; a sensor naming EWMA gets it installed
 * from the mixin repository (the build's target/mixins index plus the test fixtures' index, which holds an EWMA
 * 2.0.0 that scales its output by 1000) and delivers through it; a second sensor pinning [1.0,2.0) gets 1.0.0
 * installed beside it, and each sensor keeps its own version's behaviour.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MixinOnDemandIT {

    private static final String FILTERS = "org.rocmon.mixins.aggregator.filter";
    private static final String REACHABLE = "org.rocmon.mixins.metric.reachable";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.nodeWithout(MixinTests.EWMA_BUNDLE + "-", FILTERS + "-", REACHABLE + "-");
    }

    @Test
    public void missingMixinIsInstalledOnDemandAndTwoVersionsRunSideBySide() throws Exception {
        Node node = new Node(context).awaitReady();
        assertTrue("the node starts without EWMA", MixinTests.bundles(context, MixinTests.EWMA_BUNDLE).isEmpty());
        Path dir = Files.createTempDirectory(node.data, "ondemand-");
        Path log1 = dir.resolve("s1.log");
        Path log2 = dir.resolve("s2.log");

        ServiceReference<CollectorEdges> ref = context.getServiceReference(CollectorEdges.class);
        CollectorEdges edges = context.getService(ref);
        try {
            // (a) No pin: the highest version any repository offers, i.e. the 2.0.0 fixture.
            long start = System.nanoTime();
            Node.Response created = node.post("/sensor/s1/", MixinTests.ewmaSensor("s1", log1, "t1", null));
            long posted = System.nanoTime();
            assertEquals(created.toString(), 201, created.code);
            assertEquals(List.of("2.0.0"), versions());
            assertEquals("2.0.0", MixinTests.ewmaVersion(node, "s1"));
            try (CollectorEdge e1 = edges.open("t1", node.ws("s1"), 1000)) {
                Node.await("edge t1 connects", 10_000, () -> "connected".equals(e1.status().state));
                e1.send(Map.of("a", Measurement.of(5, System.currentTimeMillis())));
                Node.await("s1 logs a value through EWMA 2.0.0", 10_000, () -> !Node.logLines(log1).isEmpty());
                long first = System.nanoTime();
                System.out.printf("BENCH on-demand: POST naming a missing mixin answered in %d ms; first measurement "
                        + "through it logged %d ms after the POST started%n", (posted - start) / 1_000_000,
                        (first - start) / 1_000_000);
                assertEquals("2.0.0 scales by 1000", 5000.0, MixinTests.values(log1).get(0), 1e-9);

                // (b) Pinned to [1.0,2.0): 1.0.0 is installed beside 2.0.0, and s1 is not disturbed.
                Node.Response pinned = node.post("/sensor/s2/", MixinTests.ewmaSensor("s2", log2, "t2", "[1.0,2.0)"));
                assertEquals(pinned.toString(), 201, pinned.code);
                assertEquals(List.of("1.0.0", "2.0.0"), versions());
                assertEquals("1.0.0", MixinTests.ewmaVersion(node, "s2"));
                assertEquals("2.0.0", MixinTests.ewmaVersion(node, "s1"));
                try (CollectorEdge e2 = edges.open("t2", node.ws("s2"), 1000)) {
                    Node.await("edge t2 connects", 10_000, () -> "connected".equals(e2.status().state));
                    for (int i = 0; i < 3; i++) {
                        long now = System.currentTimeMillis();
                        e1.send(Map.of("a", Measurement.of(7, now)));
                        e2.send(Map.of("a", Measurement.of(7, now)));
                        Node.sleep(100);
                    }
                    Node.await("both sensors log three more values", 10_000,
                            () -> Node.logLines(log1).size() >= 4 && Node.logLines(log2).size() >= 3);
                    assertEquals(List.of(5000.0, 7000.0, 7000.0, 7000.0), MixinTests.values(log1));
                    assertEquals(List.of(7.0, 7.0, 7.0), MixinTests.values(log2));
                }
            }
            assertEquals("running", MixinTests.state(node, "s1"));
            assertEquals("running", MixinTests.state(node, "s2"));
        } finally {
            context.ungetService(ref);
            node.delete("/sensor/s1/");
            node.delete("/sensor/s2/");
        }
    }

    @Test
    public void mixinNoRepositoryOffersIsA400ListingWhatIsAvailable() throws Exception {
        Node node = new Node(context).awaitReady();
        String body = MixinTests.ewmaSensor("s9", node.data.resolve("s9.log"), "t9", null)
                .replace(MixinTests.EWMA, "http://example.com/occi/monitoring/aggregator#Nope")
                .replace("\"EWMA\":{\"gain\":1,\"instream\":\"a\",\"outstream\":\"c\"},", "");
        Node.Response r = node.post("/sensor/s9/", body);
        assertEquals(r.toString(), 400, r.code);
        assertTrue(r.body, r.body.contains("aggregator#Nope"));
        assertTrue("the repository's mixins are listed: " + r.body, r.body.contains("in the mixin repository"));
        Node.Response pinned = node.post("/sensor/s8/", MixinTests.ewmaSensor("s8", node.data.resolve("s8.log"),
                "t8", "[3.0,4.0)"));
        assertEquals(pinned.toString(), 400, pinned.code);
        assertTrue(pinned.body, pinned.body.contains("[3.0.0,4.0.0)"));
        assertEquals(404, node.get("/sensor/s8/").code);
    }

    @Test
    public void occiFrontEndInstallsAMixinOnlyTheRepositoryHas() throws Exception {
        Node node = new Node(context).awaitReady();
        OcciHttp occi = new OcciHttp(node);
        Node.await("GET /occi/-/ answers 200", 30_000, () -> occi.get("/occi/-/").code == 200);
        assertTrue("the node starts without the filter mixins", MixinTests.bundles(context, FILTERS).isEmpty());
        Path log = Files.createTempDirectory(node.data, "occi-").resolve("s5.log");
        String sensor = "{\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":["
                + "\"http://example.com/occi/monitoring/aggregator#Deadband\","
                + "\"http://example.com/occi/monitoring/publisher#Log\"],\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Deadband.input\":\"a\","
                + "\"com.example.occi.monitoring.Deadband.output\":\"c\","
                + "\"com.example.occi.monitoring.Log.filename\":" + Json.quote(log.toString()) + ","
                + "\"com.example.occi.monitoring.Log.in_msg\":\"c\"}}";
        OcciHttp.Answer s = occi.put("/occi/sensor/s5", sensor);
        assertEquals(s.toString(), 201, s.code);
        assertEquals(1, MixinTests.bundles(context, FILTERS).size());
        Node.await("s5 is deployed", 15_000,
                () -> "deployed".equals(OcciHttp.attribute(occi.get("/occi/sensor/s5"), "rocmon.state")));
        assertEquals("running", MixinTests.state(node, "s5"));
        assertEquals(204, occi.delete("/occi/sensor/s5").code);
    }

    @Test
    public void collectorGetsAMissingMetricInstalledOnDemand() throws Exception {
        Node node = new Node(context).awaitReady();
        assertTrue("the node starts without IsReachable", MixinTests.bundles(context, REACHABLE).isEmpty());
        Path log = Files.createTempDirectory(node.data, "collector-").resolve("s7.log");
        assertEquals(201, node.post("/sensor/s7/", Node.logSensor("s7", "up", log, "c7")).code);
        String collector = "{\"id\":\"c7\",\"kind\":\"" + Node.COLLECTOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/metric#IsReachable\"],"
                + "\"attributes\":{\"occi.collector.period\":0.2,"
                + "\"com.example.occi.monitoring.IsReachable.hostname\":\"127.0.0.1\","
                + "\"com.example.occi.monitoring.IsReachable.maxdelay\":1000,"
                + "\"com.example.occi.monitoring.IsReachable.out\":\"up\"},"
                + "\"target\":\"s7\",\"source\":\"g7\"}";
        Node.Response r = node.post("/resource/g7/collector/c7", collector);
        assertEquals(r.toString(), 201, r.code);
        assertEquals(1, MixinTests.bundles(context, REACHABLE).size());
        Node.await("IsReachable values reach the sensor's log", 15_000, () -> Node.logLines(log).size() >= 2);
        assertEquals(204, node.delete("/resource/g7/").code);
        assertEquals(204, node.delete("/sensor/s7/").code);
    }

    private List<String> versions() {
        List<String> out = new java.util.ArrayList<>();
        for (Bundle b : MixinTests.bundles(context, MixinTests.EWMA_BUNDLE)) {
            assertEquals(b + " is active", Bundle.ACTIVE, b.getState());
            out.add(b.getVersion().toString());
        }
        out.sort(null);
        return out;
    }
}
