package org.rocmon.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;
import static org.rocmon.process.internal.Procs.CHECK_DUMMY;
import static org.rocmon.process.internal.Procs.alive;
import static org.rocmon.process.internal.Procs.await;
import static org.rocmon.process.internal.Procs.sh;
import static org.rocmon.process.internal.Procs.waitFor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import org.rocmon.api.mixin.ProcessRequest;
import org.rocmon.api.mixin.ProcessResult;

/**
 * The ProcessRunner contract, against real processes, for the native runner (as configured by the component,
 * spawning on the caller, and with the waitpid sweep of kernels before 5.3) and the JDK fallback.
 */
@RunWith(Parameterized.class)
public class ProcessRunnerTest {

    @Parameters(name = "{0}")
    public static List<Object[]> mechanisms() {
        // native-caller: spawning on the calling thread; native-sweep: as on kernels without pidfd_open
        return List.of(new Object[] {"native"}, new Object[] {"native-caller"}, new Object[] {"native-sweep"},
                new Object[] {"jdk"});
    }

    private final String mechanism;
    private final List<BoundedRunner<?>> runners = new ArrayList<>();
    private final List<Long> strays = new ArrayList<>();
    private BoundedRunner<?> runner;

    public ProcessRunnerTest(String mechanism) {
        this.mechanism = mechanism;
    }

    @Before
    public void setUp() throws Exception {
        if (mechanism.startsWith("native")) {
            assumeTrue("native spawning unavailable: " + NativeSpawner.unavailable(),
                    NativeSpawner.unavailable() == null);
        }
        runner = runner(64, 10_000);
    }

    private BoundedRunner<?> runner(int maxConcurrent, int maxQueued) throws IOException {
        BoundedRunner<?> r = Procs.runner(mechanism, maxConcurrent, maxQueued);
        runners.add(r);
        return r;
    }

    @After
    public void tearDown() {
        runners.forEach(BoundedRunner::close);
        strays.forEach(Procs::killQuietly);
    }

    @Test
    public void exitCodesOfCheckDummy() throws Exception {
        assumeTrue(CHECK_DUMMY + " is not installed", Files.isExecutable(Path.of(CHECK_DUMMY)));
        String[] states = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
        for (int code = 0; code <= 3; code++) {
            ProcessResult r = await(runner.run(ProcessRequest.of(List.of(CHECK_DUMMY, "" + code, "text " + code))));
            assertEquals(code, r.exitCode());
            assertFalse(r.timedOut());
            assertEquals(states[code] + ": text " + code + "\n", r.output());
            assertEquals(0, r.discardedBytes());
            assertTrue(r.durationNanos() > 0);
            assertTrue(Math.abs(System.currentTimeMillis() - r.startedMillis()) < 10_000);
        }
    }

    @Test
    public void standardErrorIsMergedIntoOutput() throws Exception {
        ProcessResult r = await(runner.run(sh("echo out; echo err >&2; echo out2")));
        assertEquals("out\nerr\nout2\n", r.output());
        assertEquals(0, r.exitCode());
    }

    @Test
    public void outputIsCappedAndTheRestCounted() throws Exception {
        // 200 kB: more than a pipe holds, so the plugin only finishes if the rest is read and thrown away
        ProcessResult r = await(runner.run(sh("head -c 200000 /dev/zero | tr '\\0' x").withMaxOutputBytes(1000)));
        assertEquals(0, r.exitCode());
        assertEquals("x".repeat(1000), r.output());
        assertEquals(199_000, r.discardedBytes());

        ProcessResult none = await(runner.run(sh("echo hidden").withMaxOutputBytes(0)));
        assertEquals("", none.output());
        assertEquals(7, none.discardedBytes());
    }

    @Test
    public void standardInputIsAtEndOfFile() throws Exception {
        ProcessResult r = await(runner.run(ProcessRequest.of(List.of("/bin/cat")).withTimeout(Duration.ofSeconds(5))));
        assertFalse(r.timedOut());
        assertEquals(0, r.exitCode());
        assertEquals("", r.output());
    }

    @Test
    public void environmentIsTheNodesPlusTheRequests() throws Exception {
        ProcessResult r = await(runner.run(sh("echo \"$ROCMON_TEST|$PATH|$HOME\"")
                .withEnvironment(Map.of("ROCMON_TEST", "42 x", "HOME", "/elsewhere"))));
        assertEquals("42 x|" + System.getenv("PATH") + "|/elsewhere\n", r.output());

        ProcessResult plain = await(runner.run(sh("echo \"${ROCMON_TEST-unset}|$PATH\"")));
        assertEquals("unset|" + System.getenv("PATH") + "\n", plain.output());
    }

    @Test
    public void workingDirectoryApplies() throws Exception {
        Path dir = Files.createTempDirectory("rocmon-process");
        try {
            ProcessResult r = await(runner.run(ProcessRequest.of(List.of("/bin/pwd")).withDirectory(dir)));
            assertEquals(dir.toRealPath() + "\n", r.output());
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    public void timeoutKillsTheProgramWithItsChild() throws Exception {
        ProcessResult r = await(runner.run(sh(Duration.ofMillis(500), "sleep 60 & echo $$ $!; sleep 60")));
        assertTrue(r.timedOut());
        assertEquals(-1, r.exitCode());
        assertTrue(r.durationNanos() >= 500_000_000L);
        String[] pids = r.output().trim().split(" ");
        assertEquals(r.output(), 2, pids.length);
        long shell = Long.parseLong(pids[0]);
        long child = Long.parseLong(pids[1]);
        strays.add(child);
        waitFor("shell and its child gone", Duration.ofSeconds(3), () -> !alive(shell) && !alive(child));
        assertEquals(1L, runner.status().get("timedOut"));
        waitFor("slot released", Duration.ofSeconds(3), () -> runner.status().get("running").equals(0));
    }

    @Test
    public void grandchildHoldingThePipeDoesNotDelayCompletion() throws Exception {
        long t0 = System.nanoTime();
        ProcessResult r = await(runner.run(sh(Duration.ofSeconds(20), "sleep 30 & echo $!; echo done")));
        long elapsed = System.nanoTime() - t0;
        String[] lines = r.output().split("\n");
        strays.add(Long.parseLong(lines[0]));
        assertEquals("done", lines[1]);
        assertFalse(r.timedOut());
        assertEquals(0, r.exitCode());
        assertTrue("took " + elapsed / 1_000_000 + " ms", elapsed < 5_000_000_000L);
        assertTrue(alive(Long.parseLong(lines[0]))); // left alone: only a timeout kills the group
    }

    @Test
    public void aTimeoutOfCenturiesDoesNotOverflow() throws Exception {
        ProcessResult r = await(runner.run(sh("echo ok").withTimeout(Duration.ofDays(1_000_000_000L))));
        assertEquals("ok\n", r.output());
        assertFalse(r.timedOut());
    }

    @Test
    public void killedBySignalIs128PlusSignal() throws Exception {
        assertEquals(137, await(runner.run(sh("kill -9 $$"))).exitCode());
        assertEquals(143, await(runner.run(sh("kill -TERM $$"))).exitCode());
    }

    @Test
    public void missingProgramFailsWithIOExceptionAndLeavesNoZombie() throws Exception {
        try {
            await(runner.run(ProcessRequest.of(List.of("/nonexistent/rocmon-plugin", "x"))));
            fail("started a missing program");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("/nonexistent/rocmon-plugin"));
        }
        try {
            await(runner.run(ProcessRequest.of(List.of("/bin/true")).withDirectory(Path.of("/nonexistent/dir"))));
            fail("started in a missing directory");
        } catch (IOException expected) {
            // reported as a start failure
        }
        assertEquals(2L, runner.status().get("failedToStart"));
        assertEquals(0, runner.status().get("running"));
        assertEquals(0, Procs.zombieChildren());
    }

    @Test
    public void queueIsBounded() throws Exception {
        BoundedRunner<?> small = runner(1, 1);
        CompletableFuture<ProcessResult> first = small.run(sh(Duration.ofSeconds(20), "exec sleep 20"))
                .toCompletableFuture();
        CompletableFuture<ProcessResult> second = small.run(sh("echo second")).toCompletableFuture();
        CompletableFuture<ProcessResult> third = small.run(sh("echo third")).toCompletableFuture();
        try {
            third.get();
            fail("a third request fit into one slot and a queue of one");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof RejectedExecutionException);
        }
        assertEquals(1, small.status().get("queued"));
        assertEquals(1L, small.status().get("rejected"));
        waitFor("first started", Duration.ofSeconds(5), () -> small.status().get("started").equals(1L));
        first.cancel(true);
        assertEquals("second\n", await(second).output()); // the slot freed by the kill goes to the queue
        assertEquals(1L, small.status().get("killed"));
    }

    @Test
    public void cancelKillsTheProgram() throws Exception {
        Path pidFile = Files.createTempFile("rocmon-process", ".pid");
        try {
            CompletableFuture<ProcessResult> f = runner
                    .run(sh(Duration.ofSeconds(30), "sleep 60 & echo $$ $! > \"$1\"; wait", pidFile.toString()))
                    .toCompletableFuture();
            waitFor("pid file written", Duration.ofSeconds(5), () -> size(pidFile) > 0 && read(pidFile).endsWith("\n"));
            String[] pids = read(pidFile).trim().split(" ");
            long shell = Long.parseLong(pids[0]);
            long child = Long.parseLong(pids[1]);
            strays.add(child);
            assertTrue(alive(shell));
            assertTrue(f.cancel(true));
            waitFor("shell and its child gone", Duration.ofSeconds(3), () -> !alive(shell) && !alive(child));
            waitFor("slot released", Duration.ofSeconds(3), () -> runner.status().get("running").equals(0));
            assertEquals(1L, runner.status().get("killed"));
            assertEquals(0L, runner.status().get("completed"));
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }

    @Test
    public void cancelledWhileQueuedNeverStarts() throws Exception {
        BoundedRunner<?> small = runner(1, 10);
        Path mark = Files.createTempFile("rocmon-process", ".mark");
        try {
            CompletableFuture<ProcessResult> first = small.run(sh(Duration.ofSeconds(20), "exec sleep 20"))
                    .toCompletableFuture();
            CompletableFuture<ProcessResult> queued = small.run(sh("echo ran > \"$1\"", mark.toString()))
                    .toCompletableFuture();
            CompletableFuture<ProcessResult> last = small.run(sh("echo last")).toCompletableFuture();
            assertTrue(queued.cancel(true));
            first.cancel(true);
            assertEquals("last\n", await(last).output());
            assertEquals("", read(mark));
            assertEquals(0, small.status().get("queued"));
        } finally {
            Files.deleteIfExists(mark);
        }
    }

    @Test
    public void noDescriptorLeaksIntoTheProgram() throws Exception {
        List<AutoCloseable> sockets = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            for (int i = 0; i < 100; i++) {
                sockets.add(SocketChannel.open(server.getLocalAddress()));
                sockets.add(server.accept());
            }
            ProcessResult r = await(runner.run(sh("ls /proc/self/fd")));
            Set<String> fds = new TreeSet<>(Arrays.asList(r.output().trim().split("\\s+")));
            // 0, 1, 2, and the directory ls is reading
            assertTrue(fds.toString(), Set.of("0", "1", "2", "3").containsAll(fds));
            assertTrue(fds.toString(), fds.containsAll(Set.of("0", "1", "2")));
        } finally {
            for (AutoCloseable s : sockets) {
                s.close();
            }
        }
    }

    @Test
    public void noZombiesAfterABurst() throws Exception {
        boolean dummy = Files.isExecutable(Path.of(CHECK_DUMMY));
        List<String> command = dummy ? List.of(CHECK_DUMMY, "0", "burst") : List.of("/bin/true");
        // 2,000 for the runners in use; the native variants share all but spawning and reaping, 500 do
        int runs = mechanism.equals("native") || mechanism.equals("jdk") ? 2000 : 500;
        List<CompletableFuture<ProcessResult>> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            all.add(runner.run(ProcessRequest.of(command)).toCompletableFuture());
        }
        for (CompletableFuture<ProcessResult> f : all) {
            assertEquals(0, await(f).exitCode());
        }
        assertEquals(0, Procs.zombieChildren());
        Map<String, Object> status = runner.status();
        assertEquals((long) runs, status.get("started"));
        assertEquals((long) runs, status.get("completed"));
        assertEquals(0, status.get("running"));
        assertEquals(0, status.get("queued"));
    }

    @Test
    public void twoHundredConcurrentRunsAllComplete() throws Exception {
        BoundedRunner<?> wide = runner(256, 0);
        List<CompletableFuture<ProcessResult>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(wide.run(sh(Duration.ofSeconds(20), "sleep 0.5; echo $1", "" + i)).toCompletableFuture());
        }
        // with no queue, none was rejected: all 200 ran at once
        for (int i = 0; i < 200; i++) {
            ProcessResult r = await(all.get(i));
            assertEquals(i + "\n", r.output());
            assertEquals(0, r.exitCode());
        }
        assertEquals(0L, wide.status().get("rejected"));
        assertEquals(200L, wide.status().get("completed"));
    }

    @Test
    public void closeKillsRunningAndFailsQueued() throws Exception {
        BoundedRunner<?> small = runner(1, 5);
        Path pidFile = Files.createTempFile("rocmon-process", ".pid");
        try {
            CompletableFuture<ProcessResult> running = small
                    .run(sh(Duration.ofSeconds(30), "echo $$ > \"$1\"; exec sleep 60", pidFile.toString()))
                    .toCompletableFuture();
            CompletableFuture<ProcessResult> queued = small.run(sh("echo queued")).toCompletableFuture();
            waitFor("pid file written", Duration.ofSeconds(5), () -> read(pidFile).endsWith("\n"));
            long pid = Long.parseLong(read(pidFile).trim());
            small.close();
            assertRejected(running);
            assertRejected(queued);
            assertRejected(small.run(sh("echo late")).toCompletableFuture());
            waitFor("program gone", Duration.ofSeconds(3), () -> !alive(pid));
            assertEquals(1L, small.status().get("killed"));
            assertEquals(0, small.status().get("running"));
            small.close(); // idempotent
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }

    @Test
    public void closingFromACompletionCallbackStopsTheRunner() throws Exception {
        BoundedRunner<?> r = runner(4, 4);
        CompletableFuture<Void> closed = r.run(sh("echo x")).thenRun(r::close).toCompletableFuture();
        closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertRejected(r.run(sh("echo late")).toCompletableFuture());
        waitFor("I/O thread stopped", Duration.ofSeconds(5), () -> !r.ioThread().isAlive());
    }

    @Test
    public void closedRunnersLeaveNoDescriptorOpen() throws Exception {
        long before = openDescriptors();
        for (int i = 0; i < 20; i++) {
            BoundedRunner<?> r = Procs.runner(mechanism, 4, 4);
            assertEquals("x\n", await(r.run(sh("echo x"))).output());
            r.close();
        }
        // the JDK's reaper threads close their pipes asynchronously, hence a wait rather than an equality
        waitFor("descriptors back to " + before, Duration.ofSeconds(3), () -> openDescriptors() <= before);
    }

    private static long openDescriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1; // the one listing
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertRejected(CompletableFuture<ProcessResult> f) throws Exception {
        try {
            await(f);
            fail("not rejected");
        } catch (RejectedExecutionException expected) {
            // as documented
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
