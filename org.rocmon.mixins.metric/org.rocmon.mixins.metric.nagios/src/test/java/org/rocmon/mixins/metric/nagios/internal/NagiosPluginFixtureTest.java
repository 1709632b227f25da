package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * Runs every folder under testcases/NagiosPlugin through a fake plugin {@code check_fixture}, a shell script in a
 * fresh plugin folder that prints the case's {@code output.txt} and exits with the code in {@code exit.txt} (0 when
 * absent). The case holds {@code description.json} and either {@code expected.txt} (rows
 * {@code channel|value|unit|state}; a value in double quotes is text with \n for new lines) or {@code error.txt}
 * (the attribute the refusal names, then text its message contains).
 */
public class NagiosPluginFixtureTest {

    private static final long NOW = 1_732_262_400_000L;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void everyCase() throws Exception {
        int data = 0;
        int errors = 0;
        for (Path c : Fixtures.cases(NagiosPlugin.TERM)) {
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c);
                errors++;
            } else {
                runDataCase(c);
                data++;
            }
        }
        assertTrue("NagiosPlugin needs data and error cases", data >= 5 && errors >= 5);
    }

    private NagiosPlugin plugin(Path c) throws Exception {
        Path folder = temp.newFolder().toPath();
        Path output = c.resolve("output.txt");
        if (Files.exists(output)) {
            Files.copy(output, folder.resolve("output.txt"));
        } else {
            Files.writeString(folder.resolve("output.txt"), "");
        }
        String exit = Files.exists(c.resolve("exit.txt")) ? Fixtures.lines(c.resolve("exit.txt")).get(0) : "0";
        Fixtures.script(folder, "check_fixture", "cat '" + folder.resolve("output.txt") + "'\nexit " + exit + "\n");
        return new NagiosPlugin(new PluginDirectory(folder), 64 * 1024,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    private void runDataCase(Path c) throws Exception {
        NagiosPlugin metric = plugin(c);
        metric.open(Fixtures.context(c.resolve("description.json"), NagiosPlugin.SCHEME, NagiosPlugin.TERM,
                Fixtures.PLUGIN_SPECS));
        Fixtures.Recorder out = new Fixtures.Recorder();
        metric.measure(out);
        metric.close();
        List<String> expected = Fixtures.lines(c.resolve("expected.txt"));
        assertEquals(c + ": channels written " + out.written, expected.size(), out.order.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split("\\|", -1);
            String channel = out.order.get(i);
            Measurement m = out.written.get(channel);
            String where = c.getFileName() + " row " + i + " (" + channel + " = " + m + ")";
            assertEquals(where + " channel", e[0], channel);
            assertEquals(where + " timestamp", NOW, m.timestamp());
            if (e[1].startsWith("\"")) {
                assertEquals(where + " text", e[1].substring(1, e[1].length() - 1).replace("\\n", "\n"), m.value());
            } else {
                assertTrue(where + " is a number", m.isNumber());
                assertEquals(where + " value", Double.parseDouble(e[1]), m.asDouble(), 1e-9);
            }
            assertEquals(where + " unit", e[2].isEmpty() ? null : e[2], m.unit());
            assertEquals(where + " state", e[3], m.state() == null ? "" : m.state().name());
        }
    }

    private void runErrorCase(Path c) throws Exception {
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        NagiosPlugin metric = plugin(c);
        try {
            metric.open(Fixtures.context(c.resolve("description.json"), NagiosPlugin.SCHEME, NagiosPlugin.TERM,
                    Fixtures.PLUGIN_SPECS));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            metric.close();
        }
    }
}
