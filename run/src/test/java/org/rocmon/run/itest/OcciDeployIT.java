package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * End to end through the OCCI front end: the paper's listings 1 and 2 plus a compute entity are PUT to /occi/,
 * deployed onto the local node, measurements reach the Log file; a restart of the front-end bundle finds the same
 * entities deployed; DELETE leaves nothing running on the node.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OcciDeployIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Test
    public void listingsDeployMeasureSurviveARestartAndUndeployCompletely() throws Exception {
        Node node = new Node(context).awaitReady();
        OcciHttp occi = new OcciHttp(node);
        Node.await("GET /occi/-/ answers 200", 30_000, () -> occi.get("/occi/-/").code == 200);
        Path log = Files.createTempDirectory(node.data, "occi-e2e-").resolve("s01.log");
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            OcciHttp.Answer g = occi.put("/occi/compute/g01",
                    "{\"kind\":\"http://schemas.ogf.org/occi/infrastructure#compute\",\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}");
            assertEquals(g.toString(), 201, g.code);
            OcciHttp.Answer s = occi.put("/occi/sensor/s01", Node.listing1("s01", 1, udp.getLocalPort(), log));
            assertEquals(s.toString(), 201, s.code);
            assertEquals(s.toString(), "deployed", OcciHttp.attribute(s, "rocmon.state"));
            OcciHttp.Answer c = occi.put("/occi/collector/c01", Node.listing2("c01", 0.2, "s01", "g01"));
            assertEquals(c.toString(), 201, c.code);
            assertEquals(c.toString(), "deployed", OcciHttp.attribute(c, "rocmon.state"));

            Node.await("IsReachable values reach the log", 15_000, () -> Node.logLines(log).size() >= 3);
            Node.Response collector = node.get("/resource/g01/collector/c01");
            assertEquals(collector.toString(), 200, collector.code);
            assertTrue(collector.body, collector.body.contains("ws://127.0.0.1:" + node.port + "/sensor/s01/"));

            // Restart the front end: its store brings the same entities back, deployed.
            Bundle frontEnd = bundle("org.rocmon.occi");
            frontEnd.stop();
            frontEnd.start();
            Node.await("the front end answers again", 20_000, () -> occi.get("/occi/collector/c01").code == 200);
            Node.await("c01 is deployed again", 20_000,
                    () -> "deployed".equals(OcciHttp.attribute(occi.get("/occi/collector/c01"), "rocmon.state")));
            // each entity becomes deployed on its own (a failed call is retried), so each is awaited
            Node.await("s01 is deployed again", 20_000,
                    () -> "deployed".equals(OcciHttp.attribute(occi.get("/occi/sensor/s01"), "rocmon.state")));
            Node.await("g01 is deployed again", 20_000,
                    () -> "deployed".equals(OcciHttp.attribute(occi.get("/occi/compute/g01"), "rocmon.state")));
            int before = Node.logLines(log).size();
            Node.await("measurements flow after the restart", 15_000, () -> Node.logLines(log).size() >= before + 3);

            assertEquals(204, occi.delete("/occi/sensor/s01").code);
            assertEquals(404, occi.get("/occi/collector/c01").code);
            assertEquals(204, occi.delete("/occi/compute/g01").code);
            Node.await("the node runs no sensor", 10_000, () -> !node.get("/sensor/").body.contains("s01"));
            Node.await("the node runs no resource", 10_000, () -> !node.get("/resource/").body.contains("g01"));
            assertEquals(404, node.get("/resource/g01/collector/c01").code);
            Node.sleep(1_500);
            long size = Files.size(log);
            Node.sleep(2_000);
            assertEquals("nothing is logged after DELETE", size, Files.size(log));
            Map<String, Object> all = occi.get("/occi/").json();
            assertTrue("no entity left: " + all, all.isEmpty());
            assertFalse(occi.get("/occi/").body.contains("s01"));
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
