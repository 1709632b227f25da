package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingOutput;

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
        FixtureCases.Counts n = FixtureCases.run(NagiosPlugin.TERM, c -> runDataCase(c), c -> runErrorCase(c));
        assertTrue("NagiosPlugin needs data and error cases", n.data >= 5 && n.errors >= 5);
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
        NagiosFixtures.script(folder, "check_fixture",
                "cat '" + folder.resolve("output.txt") + "'\nexit " + exit + "\n");
        return new NagiosPlugin(TestRunners.shared(), new PluginDirectory(folder), 64 * 1024,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    private void runDataCase(Path c) throws Exception {
        NagiosPlugin metric = plugin(c);
        metric.open(MixinContexts.fromFile(c.resolve("description.json"), NagiosPlugin.SCHEME, NagiosPlugin.TERM,
                NagiosFixtures.PLUGIN_SPECS));
        RecordingOutput out = new RecordingOutput();
        metric.measure(out);
        metric.close();
        NagiosFixtures.assertWritten(c, out, NOW);
    }

    private void runErrorCase(Path c) throws Exception {
        NagiosPlugin metric = plugin(c);
        FixtureCases.assertRefusal(c, () -> metric.open(MixinContexts.fromFile(c.resolve("description.json"),
                NagiosPlugin.SCHEME, NagiosPlugin.TERM, NagiosFixtures.PLUGIN_SPECS)), metric::close);
    }
}
