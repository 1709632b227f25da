package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.State;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingOutput;

/** Process handling with fake plugins: timeouts kill the whole tree, output is bounded, arguments pass intact. */
public class NagiosPluginProcessTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path folder;

    @Before
    public void folder() throws Exception {
        folder = temp.newFolder("plugins").toPath();
    }

    private NagiosPlugin open(int maxOutput, Map<String, Object> attributes) throws Exception {
        NagiosPlugin metric = new NagiosPlugin(TestRunners.shared(), new PluginDirectory(folder), maxOutput,
                Clock.systemUTC());
        metric.open(MixinContexts.of(NagiosPlugin.SCHEME, NagiosPlugin.TERM, attributes, NagiosFixtures.PLUGIN_SPECS));
        return metric;
    }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    public void hangingPluginIsKilledWithItsChildOnTimeout() throws Exception {
        Path pidFile = temp.getRoot().toPath().resolve("child.pid");
        NagiosFixtures.script(folder, "check_hang", "sleep 30 &\necho $! > '" + pidFile + "'\nwait\necho never\n");
        NagiosPlugin metric = open(65536, attrs("command", "check_hang", "timeout", 0.5, "state", "st", "text", "t"));
        RecordingOutput out = new RecordingOutput();
        long start = System.nanoTime();
        metric.measure(out);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue("took " + tookMs + " ms", tookMs >= 450 && tookMs < 5000);
        assertEquals(State.UNKNOWN, out.get("st").state());
        assertTrue(out.get("t").asString(), out.get("t").asString().contains("timed out after 0.5 s"));
        long childPid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        long until = System.nanoTime() + 2_000_000_000L;
        while (child.isPresent() && child.get().isAlive() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertFalse("the plugin's child 'sleep 30' (pid " + childPid + ") survived the timeout",
                child.isPresent() && child.get().isAlive());
        metric.close();
    }

    @Test
    public void megabytesOfOutputAreBoundedAndThePluginStillFinishes() throws Exception {
        // About 8 MB: far beyond the kept 4 KiB and the pipe's buffer, so the runner must keep draining.
        NagiosFixtures.script(folder, "check_chatty",
                "echo 'CHATTY OK | size=1B'\nhead -c 8000000 /dev/zero | tr '\\0' 'x'\necho\nexit 1\n");
        NagiosPlugin metric = open(4096, attrs("command", "check_chatty", "state", "st", "text", "t",
                "longtext", "lt", "perfprefix", "p"));
        RecordingOutput out = new RecordingOutput();
        metric.measure(out);
        assertEquals(State.WARNING, out.get("st").state());
        assertEquals("CHATTY OK", out.get("t").value());
        assertTrue(out.get("lt").asString().length() < 4096);
        assertEquals(1, out.get("p.size").asDouble(), 0);
        metric.close();
    }

    @Test
    public void argumentsArriveAsWordsWithoutAShell() throws Exception {
        Path marker = temp.getRoot().toPath().resolve("pwned");
        NagiosFixtures.script(folder, "check_args",
                "printf 'ARGS %s' \"$#\"\nfor a in \"$@\"; do printf ' [%s]' \"$a\"; done\n"
                + "echo\nread line && echo \"stdin gave $line\"\nexit 0\n");
        NagiosPlugin metric = open(65536, attrs("command", "check_args", "args",
                "-w '100,20%' \"a b\" '$(touch " + marker + ")' ';' '|' x", "text", "t", "longtext", "lt"));
        RecordingOutput out = new RecordingOutput();
        metric.measure(out);
        // A '|' argument ends the text, the rest is perf data: only what comes before is text.
        assertEquals("ARGS 7 [-w] [100,20%] [a b] [$(touch " + marker + ")] [;] [", out.get("t").value());
        assertFalse("an argument was run by a shell", Files.exists(marker));
        assertFalse("stdin must be at end of file", out.written.containsKey("lt"));
        metric.close();
    }

    @Test
    public void notExecutableAndLinksOutOfTheFolderAreRefused() throws Exception {
        Path plain = folder.resolve("check_plain");
        Files.writeString(plain, "#!/bin/sh\necho OK\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(folder.resolve("check_sh"), Path.of("/bin/sh"));
        Files.createDirectory(folder.resolve("check_dir"));
        for (String[] c : new String[][] {{"check_plain", "not an executable"}, {"check_sh", "leads out of"},
            {"check_dir", "not an executable"}, {"check_..x", "no '..'"}, {".hidden", "not a plugin file name"}}) {
            try {
                open(65536, attrs("command", c[0], "state", "st"));
                fail(c[0] + " accepted");
            } catch (InvalidAttributeException e) {
                assertEquals("com.example.occi.monitoring.NagiosPlugin.command", e.attribute());
                assertTrue(c[0] + ": " + e.getMessage(), e.getMessage().contains(c[1]));
            }
        }
    }

    @Test
    public void aPluginRemovedAfterOpenIsReportedUnknown() throws Exception {
        Path p = NagiosFixtures.script(folder, "check_gone", "echo OK\n");
        NagiosPlugin metric = open(65536, attrs("command", "check_gone", "state", "st", "text", "t"));
        Files.delete(p);
        RecordingOutput out = new RecordingOutput();
        metric.measure(out);
        assertEquals(State.UNKNOWN, out.get("st").state());
        assertTrue(out.get("t").asString(), out.get("t").asString().startsWith("cannot run plugin check_gone"));
        metric.close();
    }
}
