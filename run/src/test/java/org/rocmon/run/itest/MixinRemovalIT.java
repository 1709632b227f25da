package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * Issue 4, test (c): uninstalling the EWMA bundle under a running sensor turns that sensor degraded while another
 * sensor keeps delivering; the repository does not undo the operator's removal; installing the bundle again heals
 * the sensor without a new request.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MixinRemovalIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.nodeWithout();
    }

    @Test
    public void uninstallDegradesOneSensorAndReinstallHealsIt() throws Exception {
        Node node = new Node(context).awaitReady();
        Path dir = Files.createTempDirectory(node.data, "removal-");
        Path log1 = dir.resolve("s1.log");
        Path log2 = dir.resolve("s2.log");
        assertEquals(201, node.post("/sensor/s1/", MixinTests.ewmaSensor("s1", log1, "t1", null)).code);
        assertEquals(201, node.post("/sensor/s2/", Node.logSensor("s2", "a", log2, "t2")).code);

        ServiceReference<CollectorEdges> ref = context.getServiceReference(CollectorEdges.class);
        CollectorEdges edges = context.getService(ref);
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        try (CollectorEdge e1 = edges.open("t1", node.ws("s1"), 10_000);
                CollectorEdge e2 = edges.open("t2", node.ws("s2"), 10_000)) {
            feeder.scheduleAtFixedRate(() -> {
                long now = System.currentTimeMillis();
                e1.send(Map.of("a", Measurement.of(3, now)));
                e2.send(Map.of("a", Measurement.of(3, now)));
            }, 0, 50, TimeUnit.MILLISECONDS);
            Node.await("both sensors deliver", 10_000,
                    () -> Node.logLines(log1).size() >= 5 && Node.logLines(log2).size() >= 5);

            List<Bundle> ewma = MixinTests.bundles(context, MixinTests.EWMA_BUNDLE);
            assertEquals(1, ewma.size());
            ewma.get(0).uninstall();
            Node.await("s1 turns degraded", 10_000, () -> "degraded".equals(MixinTests.state(node, "s1")));
            System.out.println("degraded s1: " + node.get("/sensor/s1/").body);
            int s1Stalled = Node.logLines(log1).size();
            int s2Before = Node.logLines(log2).size();
            // Longer than the sensors' heal retry (3 s): the repository must not reinstall what an operator removed.
            Node.sleep(4_000);
            assertTrue("the repository left the removed bundle out",
                    MixinTests.bundles(context, MixinTests.EWMA_BUNDLE).isEmpty());
            assertEquals("degraded", MixinTests.state(node, "s1"));
            assertEquals("running", MixinTests.state(node, "s2"));
            assertTrue("s2 kept delivering", Node.logLines(log2).size() >= s2Before + 40);
            assertTrue("s1 delivered nothing through the missing mixin", Node.logLines(log1).size() <= s1Stalled + 1);
            Map<String, Object> degraded = node.get("/sensor/s1/").json();
            assertTrue("the description says why: " + degraded,
                    String.valueOf(degraded.get("status")).contains(MixinTests.EWMA));
            Map<String, Object> stage = MixinTests.ewmaStage(node, "s1");
            assertEquals("unavailable", stage.get("state"));
            long refused = MixinTests.counter(stage, "errors") + MixinTests.counter(stage, "dropped");
            assertTrue("the stage counts the values it could not take: " + stage, refused >= 20);

            Bundle back = context.installBundle(MixinTests.mixinsFolder(context)
                    .resolve("org.rocmon.mixins.aggregator.ewma-1.0.0.jar").toUri().toString());
            back.start();
            Node.await("s1 heals without a new request", 10_000,
                    () -> "running".equals(MixinTests.state(node, "s1")));
            int healed = Node.logLines(log1).size();
            Node.await("s1 delivers again", 10_000, () -> Node.logLines(log1).size() >= healed + 5);
            assertEquals(3.0, MixinTests.values(log1).get(Node.logLines(log1).size() - 1), 1e-9);
        } finally {
            feeder.shutdownNow();
            context.ungetService(ref);
            node.delete("/sensor/s1/");
            node.delete("/sensor/s2/");
        }
    }

    @Test
    public void uploadIsRefusedWithoutAdminCredentials() throws Exception {
        Node node = new Node(context).awaitReady();
        Node.await("the upload servlet is registered", 10_000, () -> MixinTests.post(node, "/admin/bundles",
                "application/java-archive", new byte[] {1}, "Authorization", "Bearer guess").code != 404);
        Node.Response r = MixinTests.post(node, "/admin/bundles", "application/java-archive",
                Files.readAllBytes(MixinTests.mixinsFolder(context).resolve("org.rocmon.mixins.aggregator.ewma-1.0.0.jar")),
                "Authorization", "Bearer guess");
        assertEquals(r.toString(), 401, r.code);
    }
}
