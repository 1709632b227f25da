package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.junit.Test;

/**
 * Issue 3's restart test on a whole runtime: entities PUT through the OCCI front end of a real node process are
 * still there, deployed and measuring, after the JVM is stopped and started again on the same data folder.
 */
public class OcciRuntimeRestartIT {

    @Test
    public void entitiesComeBackDeployedAfterTheRuntimeRestarts() throws Exception {
        try (MultiNode nodes = new MultiNode("occi-restart");
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            NodeProcess process = nodes.start("node");
            OcciHttp occi = new OcciHttp(process.node);
            Path log = nodes.files("logs").resolve("s01.log");

            assertEquals(201, occi.put("/occi/compute/g01",
                    "{\"kind\":\"http://schemas.ogf.org/occi/infrastructure#compute\","
                            + "\"attributes\":{\"occi.compute.hostname\":\"127.0.0.1\"}}").code);
            OcciHttp.Answer s = occi.put("/occi/sensor/s01", Node.listing1("s01", 1, udp.getLocalPort(), log));
            assertEquals(s.toString(), 201, s.code);
            OcciHttp.Answer c = occi.put("/occi/collector/c01", Node.listing2("c01", 0.3, "s01", "g01"));
            assertEquals(c.toString(), 201, c.code);
            Node.await("values reach the log before the restart", 20_000, () -> Node.logLines(log).size() >= 3);

            process.stop();
            int atStop = Node.logLines(log).size();
            process.start();

            Node.await("c01 is deployed again", 30_000,
                    () -> "deployed".equals(OcciHttp.attribute(occi.get("/occi/collector/c01"), "rocmon.state")));
            assertEquals("deployed", OcciHttp.attribute(occi.get("/occi/sensor/s01"), "rocmon.state"));
            assertEquals("deployed", OcciHttp.attribute(occi.get("/occi/compute/g01"), "rocmon.state"));
            assertEquals(200, process.node.get("/sensor/s01/").code);
            assertEquals(200, process.node.get("/resource/g01/collector/c01").code);
            Node.await("measurements flow after the restart", 20_000, () -> Node.logLines(log).size() >= atStop + 3);
        }
    }
}
