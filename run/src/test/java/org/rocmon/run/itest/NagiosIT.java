package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.After;
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
 * The NagiosPlugin mixin inside the real runtime, with Debian's real Monitoring Plugins: {@code check_http} against
 * the node's own Jetty ({@code GET /sensor/}, as the admin) delivers state OK to a sensor's Log, and {@code check_dummy 2}
 * delivers CRITICAL. Skipped only when the plugins are not installed and the environment variable CI is unset.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NagiosIT {

    private static final File PLUGINS = new File("/usr/lib/nagios/plugins");
    private static final String METRIC = "http://example.com/occi/monitoring/metric#NagiosPlugin";
    private static final String NS = "com.example.occi.monitoring.NagiosPlugin.";

    @Inject
    BundleContext context;

    private Node node;
    private Path folder;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Before
    public void setUp() throws IOException {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        boolean installed = new File(PLUGINS, "check_http").canExecute() && new File(PLUGINS, "check_dummy").canExecute();
        if (!ci) {
            Assume.assumeTrue("Monitoring Plugins are not installed (apt-get install monitoring-plugins-basic)",
                    installed);
        }
        assertTrue("CI needs check_http and check_dummy in " + PLUGINS, installed);
        node = new Node(context).awaitReady();
        folder = Files.createTempDirectory(node.data, "nagios-");
    }

    @After
    public void tearDown() {
        if (node != null) {
            node.delete("/resource/gn/");
            node.delete("/sensor/snh/");
            node.delete("/sensor/snd/");
        }
    }

    @Test
    public void checkHttpAgainstTheNodesOwnJettyIsOk() {
        Path log = folder.resolve("http.log");
        // /sensor/ takes an admin (or the node token): check_http logs in with Basic (-a), as a Nagios server would
        deploy("snh", "ch", log, "check_http", "-H 127.0.0.1 -p " + node.port + " -u /sensor/ -e 200 -a admin:"
                + node.adminPassword());
        Map<String, Object> line = awaitStates(log, 2);
        assertEquals("check_http state: " + line, "OK", line.get("value"));
        assertEquals("the state comes from collector ch: " + line, "ch", line.get("source"));
    }

    @Test
    public void checkDummyTwoIsCritical() {
        Path log = folder.resolve("dummy.log");
        deploy("snd", "cd", log, "check_dummy", "2 'forced from NagiosIT'");
        Map<String, Object> line = awaitStates(log, 2);
        assertEquals("check_dummy 2 state: " + line, "CRITICAL", line.get("value"));
    }

    private void deploy(String sensor, String collector, Path log, String command, String args) {
        Node.Response s = node.post("/sensor/" + sensor + "/", Node.logSensor(sensor, "st", log, collector));
        assertEquals(s.toString(), 201, s.code);
        String description = "{\"id\":\"" + collector + "\",\"kind\":\"" + Node.COLLECTOR_KIND + "\","
                + "\"mixins\":[\"" + METRIC + "\"],"
                + "\"attributes\":{\"occi.collector.period\":0.5,"
                + "\"" + NS + "command\":\"" + command + "\","
                + "\"" + NS + "args\":" + Json.quote(args) + ","
                + "\"" + NS + "timeout\":10,"
                + "\"" + NS + "state\":\"st\"},"
                + "\"target\":\"" + sensor + "\",\"source\":\"gn\"}";
        Node.Response c = node.post("/resource/gn/collector/" + collector, description);
        assertEquals(c.toString(), 201, c.code);
    }

    /** Waits for {@code n} lines on the Log and checks they all agree; @return the last one */
    private static Map<String, Object> awaitStates(Path log, int n) {
        Node.await(n + " state lines in " + log, 20_000, () -> Node.logLines(log).size() >= n);
        List<Map<String, Object>> lines = Node.logLines(log);
        for (Map<String, Object> line : lines) {
            assertEquals("every line is on channel st: " + line, "st", line.get("channel"));
            assertEquals("every run gives the same state: " + lines, lines.get(0).get("value"), line.get("value"));
        }
        return lines.get(lines.size() - 1);
    }
}
