package org.rocmon.mixins.metric.nagios.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one plugin process on the calling thread: the runtime owns threads, so there is no reader thread. Output
 * (stderr merged into stdout) is drained from the pipe by polling {@code available()}, which never blocks, so the
 * timeout holds even when the plugin writes nothing; bytes beyond the limit are read and discarded so a chatty
 * plugin can still finish, and memory stays bounded. Nothing touches the disk.
 */
final class PluginRunner {

    /** What one run gave. */
    static final class Result {
        final int exitCode;
        final boolean timedOut;
        final String output;
        final long discarded;

        Result(int exitCode, boolean timedOut, String output, long discarded) {
            this.exitCode = exitCode;
            this.timedOut = timedOut;
            this.output = output;
            this.discarded = discarded;
        }
    }

    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final int maxOutputBytes;

    PluginRunner(int maxOutputBytes) {
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * @param command the plugin's path, then its arguments
     * @param directory working directory
     * @param timeoutNanos how long the plugin may run before its whole process tree is killed
     * @return exit code and output
     * @throws IOException when the process cannot be started or its output read
     * @throws InterruptedIOException when the calling thread is interrupted; the process tree is killed first
     */
    Result run(List<String> command, Path directory, long timeoutNanos) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // Plugins format numbers by locale; perf data must keep the decimal point.
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        long deadline = System.nanoTime() + timeoutNanos;
        ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(maxOutputBytes, 8192));
        long discarded = 0;
        byte[] buffer = new byte[8192];
        boolean timedOut = false;
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        try (InputStream in = process.getInputStream()) {
            // A plugin that reads stdin gets end of file rather than waiting for input.
            process.getOutputStream().close();
            while (true) {
                int available = in.available();
                if (available > 0) {
                    int n = in.read(buffer, 0, Math.min(available, buffer.length));
                    int keep = Math.max(0, Math.min(n, maxOutputBytes - kept.size()));
                    kept.write(buffer, 0, keep);
                    discarded += n - keep;
                    pause = TimeUnit.MILLISECONDS.toNanos(1);
                    continue;
                }
                if (!process.isAlive()) {
                    // The JDK drains the pipe into memory when the process ends; take that rest and stop,
                    // without waiting for end of file a leftover grandchild could hold back.
                    while ((available = in.available()) > 0) {
                        int n = in.read(buffer, 0, Math.min(available, buffer.length));
                        int keep = Math.max(0, Math.min(n, maxOutputBytes - kept.size()));
                        kept.write(buffer, 0, keep);
                        discarded += n - keep;
                    }
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    killTree(process);
                    timedOut = true;
                    break;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
                pause = Math.min(pause * 2, MAX_POLL_NANOS);
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the plugin ran; it was killed");
        } catch (IOException | RuntimeException e) {
            killTree(process);
            throw e;
        }
        int exit = timedOut ? -1 : process.exitValue();
        return new Result(exit, timedOut, kept.toString(StandardCharsets.UTF_8), discarded);
    }

    /**
     * Kills the descendants first, while they can still be found from the plugin (once it is gone they are
     * re-parented and out of reach), then the plugin itself.
     */
    static void killTree(Process process) {
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
            if (descendants.isEmpty()) {
                break;
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
