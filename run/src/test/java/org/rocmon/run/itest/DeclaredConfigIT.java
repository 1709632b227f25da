package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
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
 * Issue 4, "monitoring as configuration": sensors and collectors declared through ConfigurationAdmin factory
 * configurations ({@code org.rocmon.sensor.declared}, {@code org.rocmon.collector.declared}) and through
 * FileInstall files in {@code ${rocmon.data}/deploy}, defined as a POST would define them, updated with their
 * configuration, owned by it (REST DELETE is 409) and deleted with it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeclaredConfigIT {

    private static final String SENSOR_FACTORY = "org.rocmon.sensor.declared";
    private static final String COLLECTOR_FACTORY = "org.rocmon.collector.declared";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    private Node node;
    private DatagramSocket udp;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Before
    public void setUp() throws IOException {
        node = new Node(context).awaitReady();
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @After
    public void tearDown() {
        udp.close();
    }

    @Test
    public void configurationAdminDeclaresUpdatesAndDeletesListings1And2() throws Exception {
        Path logFile = Files.createTempDirectory(node.data, "declared-").resolve("s01.log");
        org.osgi.service.cm.Configuration sensor = configAdmin.createFactoryConfiguration(SENSOR_FACTORY, "?");
        sensor.update(props("description", Node.listing1("s01", 1, udp.getLocalPort(), logFile)));
        org.osgi.service.cm.Configuration collector =
                configAdmin.createFactoryConfiguration(COLLECTOR_FACTORY, "?");
        Dictionary<String, Object> c = props("description", Node.listing2("c01", 0.2, "s01", "g01"));
        c.put("resource", "g01");
        collector.update(c);

        Node.await("sensor s01 declared", 15_000, () -> node.get("/sensor/s01/").code == 200);
        Map<String, Object> s = node.get("/sensor/s01/").json();
        assertEquals(s.toString(), "config:" + sensor.getPid(), s.get("declaredBy"));
        Node.await("collector c01 declared", 15_000, () -> node.get("/resource/g01/collector/c01").code == 200);
        assertEquals("config:" + collector.getPid(),
                node.get("/resource/g01/collector/c01").json().get("declaredBy"));

        Node.await("IsReachable lines in " + logFile, 20_000, () -> Node.logLines(logFile).size() >= 3);
        for (Map<String, Object> line : Node.logLines(logFile)) {
            assertEquals("log line channel: " + line, "b", line.get("channel"));
            assertTrue("boolean IsReachable value: " + line, line.get("value") instanceof Boolean);
        }

        Node.Response refused = node.delete("/sensor/s01/");
        assertEquals(refused.toString(), 409, refused.code);
        assertTrue(refused.body, refused.body.contains("owned by configuration"));
        assertEquals(409, node.delete("/resource/g01/collector/c01").code);
        assertEquals(409, node.delete("/resource/g01/").code);
        assertEquals("still there after the refused DELETE", 200, node.get("/sensor/s01/").code);

        sensor.update(props("description", Node.listing1("s01", 2.5, udp.getLocalPort(), logFile)));
        Node.await("the configuration update reaches the sensor's period", 15_000,
                () -> "2.5".equals(String.valueOf(attribute(node.get("/sensor/s01/").json(), "occi.sensor.period"))));

        collector.delete();
        Node.await("collector c01 deleted with its configuration", 15_000,
                () -> node.get("/resource/g01/collector/c01").code == 404);
        sensor.delete();
        Node.await("sensor s01 deleted with its configuration", 15_000, () -> node.get("/sensor/s01/").code == 404);
        int lines = Node.logLines(logFile).size();
        Node.sleep(1_000);
        assertEquals("nothing logs once the declarations are gone", lines, Node.logLines(logFile).size());
    }

    @Test
    public void fileInstallCfgFilesInTheDeployFolderDeclareAndRemove() throws Exception {
        Path work = Files.createTempDirectory(node.data, "declared-files-");
        Path logFile = work.resolve("s02.log");
        Path deploy = node.data.resolve("deploy");
        // The sensor inline in a .config (typed format: a quoted, escaped string; FileInstall 3.7.4 fails on JSON
        // inline in a .cfg); the collector from a JSON file a .cfg names.
        String sensorJson = Node.logSensor("s02", "b", logFile, "c02").replace("\n", "");
        Path sensorCfg = deploy.resolve(SENSOR_FACTORY + "-s02.config");
        Files.writeString(sensorCfg, "description=\"" + sensorJson.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"\n", StandardCharsets.UTF_8);
        Path collectorJson = work.resolve("c02.json");
        Files.writeString(collectorJson, Node.listing2("c02", 0.2, "s02", "g02"), StandardCharsets.UTF_8);
        Path collectorCfg = deploy.resolve(COLLECTOR_FACTORY + "-c02.cfg");
        Files.writeString(collectorCfg, "resource = g02\nfile = " + collectorJson + "\n", StandardCharsets.UTF_8);

        Node.await("FileInstall declares sensor s02", 20_000, () -> node.get("/sensor/s02/").code == 200);
        assertTrue(String.valueOf(node.get("/sensor/s02/").json().get("declaredBy")).startsWith(
                "config:" + SENSOR_FACTORY));
        Node.await("FileInstall declares collector g02/c02", 20_000,
                () -> node.get("/resource/g02/collector/c02").code == 200);
        Node.await("measurements of c02 in " + logFile, 20_000, () -> Node.logLines(logFile).size() >= 2);
        assertEquals(409, node.delete("/sensor/s02/").code);

        Files.delete(collectorCfg);
        Files.delete(sensorCfg);
        Node.await("collector g02/c02 goes with its file", 20_000,
                () -> node.get("/resource/g02/collector/c02").code == 404);
        Node.await("sensor s02 goes with its file", 20_000, () -> node.get("/sensor/s02/").code == 404);
    }

    @Test
    public void anInvalidDeclarationDefinesNothingAndLeavesTheNodeServing() throws Exception {
        org.osgi.service.cm.Configuration bad = configAdmin.createFactoryConfiguration(SENSOR_FACTORY, "?");
        bad.update(props("description", "{\"id\":\"s09\",\"attributes\":{\"occi.sensor.period\":-1}}"));
        Node.sleep(1_000);
        assertEquals(404, node.get("/sensor/s09/").code);
        assertEquals(200, node.get("/sensor/").code);
        bad.delete();
    }

    private static Object attribute(Map<String, Object> description, String name) {
        Object attrs = description.get("attributes");
        return attrs instanceof Map ? ((Map<?, ?>) attrs).get(name) : null;
    }

    private static Dictionary<String, Object> props(String key, String value) {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put(key, value);
        return d;
    }
}
