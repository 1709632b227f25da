package org.rocmon.process.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.rocmon.api.mixin.ProcessRequest;
import org.rocmon.api.mixin.ProcessResult;

/** Test helpers: runners of each mechanism, requests, and what /proc says about processes. */
final class Procs {

    static final String CHECK_DUMMY = "/usr/lib/nagios/plugins/check_dummy";
    static final String SH = "/bin/sh";

    private Procs() {
    }

    /**
     * @param mechanism native (as the component makes it), native-caller (spawning on the calling thread),
     *        native-sweep (no pidfds) or jdk
     */
    static BoundedRunner<?> runner(String mechanism, int maxConcurrent, int maxQueued) throws IOException {
        switch (mechanism) {
            case "native":
                return new ProcessReactor(maxConcurrent, maxQueued, false, true);
            case "native-caller":
                return new ProcessReactor(maxConcurrent, maxQueued, true, true);
            case "native-sweep":
                return new ProcessReactor(maxConcurrent, maxQueued, false, false);
            case "jdk":
                return new JdkProcessRunner(maxConcurrent, maxQueued, true);
            default:
                throw new IllegalArgumentException(mechanism);
        }
    }

    static ProcessRequest sh(String script, String... args) {
        String[] words = new String[4 + args.length];
        words[0] = SH;
        words[1] = "-c";
        words[2] = script;
        words[3] = "sh"; // $0; the arguments are $1...
        System.arraycopy(args, 0, words, 4, args.length);
        return ProcessRequest.of(List.of(words));
    }

    static ProcessRequest sh(Duration timeout, String script, String... args) {
        return sh(script, args).withTimeout(timeout);
    }

    static ProcessResult await(CompletionStage<ProcessResult> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** @return whether the process exists and is not a zombie */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** @return children of this JVM in state Z */
    static int zombieChildren() throws IOException {
        long self = ProcessHandle.current().pid();
        int zombies = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException e) {
                    continue; // gone meanwhile
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (fields[0].equals("Z") && Long.parseLong(fields[1]) == self) {
                    zombies++;
                }
            }
        }
        return zombies;
    }

    /** Waits (polling) until the condition holds. */
    static void waitFor(String what, Duration limit, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new TimeoutException("not within " + limit + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    static void killQuietly(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
