package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.Assume;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.RecordingOutput;

/** What the Nagios tests share beyond the test kit: the plugin specifications, scripts and Debian's plugins. */
final class NagiosFixtures {

    static final Path REAL_PLUGINS = Paths.get("/usr/lib/nagios/plugins");

    static final String[] PLUGIN_SPECS = {NagiosPlugin.COMMAND, NagiosPlugin.ARGS, NagiosPlugin.TIMEOUT,
        OutputChannels.STATE, OutputChannels.TEXT, OutputChannels.LONGTEXT, OutputChannels.PERFDATA,
        OutputChannels.PERFPREFIX};

    private NagiosFixtures() {
    }

    /** Writes an executable shell script. */
    static Path script(Path folder, String name, String body) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /**
     * Skips when Debian's plugins are not installed, except under CI, where they must be: a CI run that silently
     * skipped every real-plugin test would prove nothing.
     */
    static void assumeRealPlugins() {
        boolean present = Files.isExecutable(REAL_PLUGINS.resolve("check_dummy"));
        if (!present && System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
            throw new AssertionError("CI is set but " + REAL_PLUGINS + "/check_dummy is missing: install "
                    + "monitoring-plugins-basic and monitoring-plugins-standard");
        }
        Assume.assumeTrue("Monitoring Plugins are not installed", present);
    }

    /**
     * Asserts the channels written against the case's {@code expected.txt}: rows {@code channel|value|unit|state},
     * in write order, a quoted value text (with {@code \n} for line ends), anything else a number; every
     * measurement stamped {@code now}.
     */
    static void assertWritten(Path c, RecordingOutput out, long now) throws IOException {
        List<String> expected = Fixtures.lines(c.resolve("expected.txt"));
        assertEquals(c + ": channels written " + out.written, expected.size(), out.order.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split("\\|", -1);
            String channel = out.order.get(i);
            Measurement m = out.written.get(channel);
            String where = c.getFileName() + " row " + i + " (" + channel + " = " + m + ")";
            assertEquals(where + " channel", e[0], channel);
            assertEquals(where + " timestamp", now, m.timestamp());
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
}
