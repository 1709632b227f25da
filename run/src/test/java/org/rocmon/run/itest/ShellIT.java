package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Issue 4, operator tools: the rocmon:* Gogo commands, called through the real CommandProcessor on a node started
 * without EWMA, install EWMA 1.0.0 from the repository, deploy a sensor and a collector from files, show them
 * with their state, counters and last values, upgrade EWMA to 2.0.0 and answer bad input with one error line.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT {

    @Inject
    BundleContext context;

    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return RocmonOptions.nodeWithout(MixinTests.EWMA_BUNDLE + "-");
    }

    @Test
    public void commandsListDeployDescribeShowValuesInstallAndUpgrade() throws Exception {
        Node node = new Node(context).awaitReady();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), ps, ps)) {
            Node.await("the rocmon commands are registered", 20_000,
                    () -> run(session, "rocmon:sensors").equals("no sensors\n"));
            String ewma = "\"" + MixinTests.EWMA + "\"";

            String mixins = run(session, "rocmon:mixins");
            assertTrue(mixins, mixins.startsWith("ID "));
            assertTrue(mixins, Pattern.compile("(?m)^" + Pattern.quote(MixinTests.EWMA)
                    + " +aggregator +2\\.0\\.0 +org\\.rocmon\\.mixins\\.aggregator\\.ewma +repository$").matcher(mixins)
                    .find());
            assertTrue(mixins, Pattern.compile("(?m)^http://example.com/occi/monitoring/publisher#Log +publisher "
                    + "+1\\.0\\.0 +org\\.rocmon\\.mixins\\.publisher\\.log +installed").matcher(mixins).find());

            String installed = run(session, "rocmon:install " + ewma + " '[1.0,2.0)'");
            assertTrue(installed, installed.startsWith("installed " + MixinTests.EWMA + " 1.0.0 ("));
            assertTrue(run(session, "rocmon:install " + ewma + " 1.0").contains("1.0.0 is already installed"));

            Path dir = Files.createTempDirectory(node.data, "shell-");
            Path log = dir.resolve("s01.log");
            Path sensorFile = dir.resolve("s01.json");
            Files.writeString(sensorFile, MixinTests.ewmaSensor("s01", log, "c01", null));
            Path collectorFile = dir.resolve("c01.json");
            Files.writeString(collectorFile, Node.listing2("c01", 0.2, "s01", "g01"));

            String deployed = run(session, "rocmon:deploy \"" + sensorFile + "\"");
            assertTrue(deployed, deployed.startsWith("POST /sensor/s01/ -> 201\n{"));
            deployed = run(session, "rocmon:deploy \"" + collectorFile + "\"");
            assertTrue(deployed, deployed.startsWith("POST /resource/g01/collector/c01 -> 201\n{"));
            Node.await("values reach s01's log", 15_000, () -> Node.logLines(log).size() >= 2);

            String sensors = run(session, "rocmon:sensors");
            assertTrue(sensors, sensors.startsWith("ID   STATE    STAGES"));
            assertTrue(sensors, Pattern.compile("(?m)^s01 +running +EWMA@1\\.0\\.0,Log@1\\.0\\.0 +[1-9]\\d* +[1-9]\\d* +0 +0$")
                    .matcher(sensors).find());

            Node.await("c01 is connected", 10_000, () -> run(session, "rocmon:collectors").contains("connected"));
            String collectors = run(session, "rocmon:collectors");
            assertTrue(collectors, collectors.startsWith("RESOURCE  ID   STATE"));
            assertTrue(collectors, Pattern.compile("(?m)^g01 +c01 +running +s01 +connected +[1-9]\\d* +\\d+ +0$")
                    .matcher(collectors).find());

            String values = run(session, "rocmon:values s01");
            assertTrue(values, values.startsWith("CHANNEL  VALUE"));
            assertTrue(values, Pattern.compile("(?m)^a +[0-9.E-]+ +% +20\\d\\d-\\S+Z +c01").matcher(values).find());
            assertTrue(values, Pattern.compile("(?m)^c +[0-9.E-]+ ").matcher(values).find());

            String described = run(session, "rocmon:describe c01");
            assertTrue(described, described.contains("\"id\" : \"c01\""));
            assertTrue(described, described.contains("\"source\" : \"g01\""));
            assertTrue(run(session, "rocmon:describe g01/c01").contains("\"edge\" : {"));
            assertTrue(run(session, "rocmon:describe s01").contains("\"stages\" : ["));

            String upgraded = run(session, "rocmon:upgrade " + ewma);
            assertTrue(upgraded, upgraded.startsWith("installed " + MixinTests.EWMA + " 2.0.0 ("));
            assertTrue(upgraded, upgraded.contains("upgraded from 1.0.0"));
            assertTrue(upgraded, upgraded.contains("still on an older version: s01 (1.0.0)"));
            assertTrue(run(session, "rocmon:upgrade " + ewma).contains("2.0.0 is already the newest"));
            mixins = run(session, "rocmon:mixins");
            assertTrue(mixins, Pattern.compile("(?m)^" + Pattern.quote(MixinTests.EWMA)
                    + " +aggregator +2\\.0\\.0 +\\S+ +installed\\+repository$").matcher(mixins).find());
            assertTrue(run(session, "rocmon:sensors"), run(session, "rocmon:sensors").contains("EWMA@1.0.0"));

            // Bad input: one error line each, no stack trace.
            assertEquals("error: no sensor nope\n", run(session, "rocmon:values nope"));
            assertEquals("error: no sensor or collector nope\n", run(session, "rocmon:describe nope"));
            assertTrue(run(session, "rocmon:deploy \"" + dir.resolve("missing.json") + "\"")
                    .startsWith("error: cannot read"));
            String nope = run(session, "rocmon:install \"http://example.com/occi/monitoring/aggregator#Nope\"");
            assertTrue(nope, nope.startsWith("error: no repository offers http://example.com/occi/monitoring/"
                    + "aggregator#Nope; offered: "));
            assertTrue(nope, nope.contains(MixinTests.EWMA + " 2.0.0"));

            // Help text through Gogo's own help command.
            String help = help(session, out, ps, "rocmon:sensors");
            assertTrue(help, help.contains("List the node's sensors"));
            help = help(session, out, ps, "rocmon:install");
            assertTrue(help, help.contains("OSGi version range"));
        }
    }

    /** Gogo's help prints (on the session's output) rather than returning its text. */
    private static String help(CommandSession session, ByteArrayOutputStream out, PrintStream ps, String command) {
        out.reset();
        String result = run(session, "help " + command);
        ps.flush();
        return out.toString(StandardCharsets.UTF_8) + (result.equals("null") ? "" : result);
    }

    private static String run(CommandSession session, String line) {
        try {
            Object result = session.execute(line);
            // Echoed like a g! session: docs/operations.md shows this output.
            System.out.println("g! " + line + "\n" + result);
            return String.valueOf(result);
        } catch (Exception e) {
            throw new AssertionError(line + " failed: " + e, e);
        }
    }
}
