package org.rocmon.process.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.rocmon.api.mixin.ProcessRequest;
import org.rocmon.api.mixin.ProcessResult;
import org.rocmon.api.mixin.ProcessRunner;

/**
 * Not a unit test: a cost check to quote. Runs check_dummy {@code runs} times through each runner, with
 * {@code fds} extra loopback socket descriptors open in this JVM, and prints CPU milliseconds per run from
 * {@code /proc/self/stat} (utime + stime + cutime + cstime: this JVM's threads and its reaped children; the
 * per-round lines also give the JVM's own share), one program at a time ({@code seq}) and with {@code window} in
 * flight ({@code par}). Each figure is the median of {@code rounds} rounds; modes alternate within a round so
 * drift hits them alike.
 *
 * <pre>
 * java -cp ... org.rocmon.process.internal.ProcessCostCheck [runs=2000] [fds=1000] [rounds=3] [window=16]
 * </pre>
 */
public final class ProcessCostCheck {

    private static final long CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

    private ProcessCostCheck() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int fds = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        String program = Files.isExecutable(Path.of(Procs.CHECK_DUMMY)) ? Procs.CHECK_DUMMY : "/bin/true";
        ProcessRequest request = ProcessRequest.of(List.of(program, "0", "cost check"));

        List<AutoCloseable> sockets = new ArrayList<>();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        for (int i = 0; i < fds / 2; i++) {
            sockets.add(SocketChannel.open(server.getLocalAddress()));
            sockets.add(server.accept());
        }
        long open;
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            open = list.count();
        }
        System.out.printf(Locale.ROOT, "%s, %d runs per figure, %d fds open in the JVM, %d processors, %s%n",
                program, runs, open, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

        Map<String, ProcessRunner> runners = new LinkedHashMap<>();
        if (NativeSpawner.unavailable() == null) {
            runners.put("native, spawn on caller", new ProcessReactor(64, 100_000, true, true));
            runners.put("native, spawn on io thread", new ProcessReactor(64, 100_000, false, true));
        } else {
            System.out.println("native spawning unavailable: " + NativeSpawner.unavailable());
        }
        runners.put("jdk runner, spawn on caller", new JdkProcessRunner(64, 100_000, true));
        runners.put("jdk runner, spawn on io thread", new JdkProcessRunner(64, 100_000, false));
        ProcessRunner direct = r -> CompletableFuture.completedFuture(processBuilder(r)); // synchronous baseline
        runners.put("ProcessBuilder, blocking (baseline)", direct);

        Map<String, double[]> seq = new LinkedHashMap<>();
        Map<String, double[]> par = new LinkedHashMap<>();
        for (Map.Entry<String, ProcessRunner> e : runners.entrySet()) {
            sequential(e.getValue(), request, Math.min(runs, 300)); // warm-up
            seq.put(e.getKey(), new double[rounds]);
            par.put(e.getKey(), new double[rounds]);
        }
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, ProcessRunner> e : runners.entrySet()) {
                seq.get(e.getKey())[round] = cpuPerRun(() -> sequential(e.getValue(), request, runs), runs);
                String line = String.format(Locale.ROOT, "round %d %-36s seq: %.3f CPU (JVM %.3f) %.3f wall", round,
                        e.getKey(), seq.get(e.getKey())[round], selfMillis, wallMillis);
                if (e.getValue() != direct) {
                    par.get(e.getKey())[round] = cpuPerRun(() -> windowed(e.getValue(), request, runs, window), runs);
                    line += String.format(Locale.ROOT, " | par: %.3f CPU (JVM %.3f) %.3f wall",
                            par.get(e.getKey())[round], selfMillis, wallMillis);
                }
                System.out.println(line + " ms/run");
            }
        }
        System.out.printf(Locale.ROOT, "%-36s %14s %14s%n", "CPU ms per run (median)", "seq", "par(" + window + ")");
        for (String name : runners.keySet()) {
            double s = median(seq.get(name));
            double p = median(par.get(name));
            System.out.printf(Locale.ROOT, "%-36s %14.3f %14s%n", name, s,
                    runners.get(name) == direct ? "-" : String.format(Locale.ROOT, "%.3f", p));
            System.out.printf(Locale.ROOT, "%-36s %14s %14s%n", "", Arrays.toString(round3(seq.get(name))),
                    runners.get(name) == direct ? "" : Arrays.toString(round3(par.get(name))));
        }
        for (ProcessRunner r : runners.values()) {
            if (r instanceof AutoCloseable c) {
                c.close();
            }
        }
        for (AutoCloseable s : sockets) {
            s.close();
        }
        server.close();
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double cpuPerRun(Work work, int runs) throws Exception {
        long[] c0 = cpuTicks();
        long t0 = System.nanoTime();
        work.run();
        long[] c1 = cpuTicks();
        wallMillis = (System.nanoTime() - t0) / 1e6 / runs;
        selfMillis = (c1[0] - c0[0]) * 1000.0 / CLOCK_TICKS / runs;
        return (c1[0] + c1[1] - c0[0] - c0[1]) * 1000.0 / CLOCK_TICKS / runs;
    }

    /** Of the last measurement: wall time and this JVM's own CPU (without its children's), per run. */
    private static double wallMillis;
    private static double selfMillis;

    private static void sequential(ProcessRunner runner, ProcessRequest request, int runs) throws Exception {
        for (int i = 0; i < runs; i++) {
            check(runner.run(request).toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
    }

    private static void windowed(ProcessRunner runner, ProcessRequest request, int runs, int window)
            throws Exception {
        ArrayDeque<CompletableFuture<ProcessResult>> inFlight = new ArrayDeque<>();
        for (int i = 0; i < runs; i++) {
            if (inFlight.size() == window) {
                check(inFlight.poll().get(10, TimeUnit.SECONDS));
            }
            inFlight.add(runner.run(request).toCompletableFuture());
        }
        while (!inFlight.isEmpty()) {
            check(inFlight.poll().get(10, TimeUnit.SECONDS));
        }
    }

    private static void check(ProcessResult r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("exit " + r.exitCode() + ": " + r.output());
        }
    }

    private static ProcessResult processBuilder(ProcessRequest request) {
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(request.command()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes());
            int code = p.waitFor();
            return new ProcessResult(code, false, out, 0, System.currentTimeMillis(), System.nanoTime() - t0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return utime + stime of this process and cutime + cstime of its reaped children, in clock ticks */
    private static long[] cpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] round3(double[] values) {
        double[] r = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            r[i] = Math.round(values[i] * 1000) / 1000.0;
        }
        return r;
    }
}
