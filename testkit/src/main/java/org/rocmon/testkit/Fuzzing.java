package org.rocmon.testkit;

import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a Jazzer fuzz target (a class with {@code public static void fuzzerTestOneInput(byte[])} or
 * {@code (FuzzedDataProvider)}) for a bounded time in a child JVM, from a plain JUnit 4 test.
 *
 * <p>Why a child JVM: Jazzer's fuzzing mode (libFuzzer) instruments every class it loads, installs signal
 * handlers and ends its process when it stops; in surefire's JVM it would instrument the whole suite and stop the
 * fork. Jazzer's own JUnit integration needs JUnit 5 and runs one fuzz test per JVM. The child runs Jazzer's own
 * driver ({@code com.code_intelligence.jazzer.Jazzer}, native agent from the jar) on the test class path, so it
 * needs nothing but what Maven downloaded.
 *
 * <p>Settings (system properties, so that {@code bench/fuzz.sh} can run a target for hours through the same code):
 * <ul>
 * <li>{@code rocmon.fuzz.seconds}: fuzzing time per target (default {@value #DEFAULT_SECONDS});</li>
 * <li>{@code rocmon.fuzz.corpus}: corpus folder, kept between runs (default {@code target/fuzz/<target>/corpus},
 * which a clean build removes); the checked-in seeds under {@code src/test/resources/fuzz/<target>/} are read
 * too;</li>
 * <li>{@code rocmon.fuzz.seed}: libFuzzer's random seed (default 1 in the test suite, for repeatable runs;
 * {@code 0} picks one);</li>
 * <li>{@code rocmon.fuzz.coverage}: when {@code true}, also writes Jazzer's line/branch coverage report of the
 * {@code org.rocmon} classes to the work folder.</li>
 * </ul>
 * A finding (any exception the target lets through, a stack overflow, an input that runs longer than
 * {@value #INPUT_TIMEOUT_S} s, memory exhaustion) fails the test with Jazzer's report and the input, which Jazzer
 * also writes as {@code crash-*} (or {@code timeout-*}) and a Java reproducer into the work folder.
 *
 * <p>A target should load the classes it touches in {@code public static void fuzzerInitialize()} (running a
 * typical input or two): Jazzer instruments each class as it loads, which on a loaded machine can take longer than
 * the per-input timeout if it happens inside the first input.
 */
public final class Fuzzing {

    static final int DEFAULT_SECONDS = 3;
    static final int INPUT_TIMEOUT_S = 20;
    static final String INSTRUMENTED = "org.rocmon.**:com.fasterxml.jackson.core.**";

    private static final Pattern STATS = Pattern.compile(
            "#(\\d+)\\s+(?:DONE|pulse|NEW|REDUCE|INITED)?\\s*cov: (\\d+) ft: (\\d+) corp: (\\d+)/\\S+.*?exec/s: (\\d+)");
    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");

    /** What one run did. */
    public static final class Result {
        /** Inputs executed. */
        public long runs;
        /** Coverage counters (edges) reached, as libFuzzer reports them. */
        public long cov;
        /** libFuzzer's features (edges plus value profile). */
        public long features;
        /** Corpus size at the end. */
        public long corpus;
        /** libFuzzer's own rate over the run. */
        public long execPerSecond;
        /** Wall-clock time of the child, JVM start and instrumentation included. */
        public double wallSeconds;
        public int exitCode;
        /** The child's output. */
        public Path log;

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d inputs, %d exec/s, cov %d, ft %d, corpus %d, %.1f s wall, exit %d",
                    runs, execPerSecond, cov, features, corpus, wallSeconds, exitCode);
        }
    }

    private Fuzzing() {
    }

    /**
     * Fuzzes the target with the settings above; fails the calling test on a finding.
     *
     * @param target the fuzz target class, in the module's test sources
     * @return what the run did
     */
    public static Result check(Class<?> target) {
        String name = target.getSimpleName();
        Path base = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath();
        Path work = base.resolve("target/fuzz/" + name);
        String corpusProperty = System.getProperty("rocmon.fuzz.corpus");
        Path corpus = corpusProperty == null || corpusProperty.isBlank() ? work.resolve("corpus")
                : Paths.get(corpusProperty).toAbsolutePath();
        Path seeds = base.resolve("src/test/resources/fuzz/" + name);
        int seconds = Integer.getInteger("rocmon.fuzz.seconds", DEFAULT_SECONDS);
        long seed = Long.getLong("rocmon.fuzz.seed", 1L);
        boolean coverage = Boolean.getBoolean("rocmon.fuzz.coverage");
        Result r = run(target, seconds, seed, corpus, Files.isDirectory(seeds) ? seeds : null, work, coverage);
        System.out.println("fuzz " + name + ": " + r + " (log " + r.log + ")");
        if (r.exitCode != 0) {
            fail("fuzz target " + name + " found a problem (exit " + r.exitCode + "):\n" + finding(r.log, work));
        }
        if (r.runs == 0) {
            fail("fuzz target " + name + " ran no input; see " + r.log);
        }
        return r;
    }

    /**
     * Runs Jazzer on the target in a child JVM.
     *
     * @param seconds fuzzing time ({@code -max_total_time})
     * @param seed libFuzzer's seed, 0 for a random one
     * @param corpus folder where new inputs are kept (created)
     * @param seeds read-only seed folder, or null
     * @param work folder for the log, findings and reproducers (created)
     * @param coverage whether to write Jazzer's coverage report of org.rocmon classes into {@code work}
     */
    public static Result run(Class<?> target, int seconds, long seed, Path corpus, Path seeds, Path work,
            boolean coverage) {
        try {
            Files.createDirectories(corpus);
            Files.createDirectories(work);
            try (Stream<Path> old = Files.list(work)) { // findings of an earlier run would be reported again
                for (Path f : old.filter(Fuzzing::isFinding).collect(Collectors.toList())) {
                    Files.delete(f);
                }
            }
            Path log = work.resolve("fuzz.log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            // Small, single-threaded GC: the machine is shared and libFuzzer runs inputs on one thread.
            cmd.add("-Xmx768m");
            cmd.add("-XX:+UseSerialGC");
            if (seconds <= 30) {
                // A short run ends before C2 pays off; C1 alone starts the fuzzer about a second sooner.
                cmd.add("-XX:TieredStopAtLevel=1");
            }
            cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=off");
            cmd.add("-cp");
            cmd.add(classPath());
            cmd.add("com.code_intelligence.jazzer.Jazzer");
            cmd.add("--target_class=" + target.getName());
            cmd.add("--reproducer_path=" + work);
            // Coverage and comparison hooks in Rocmon's code and Jackson's parser only: instrumenting every class
            // of the test class path (JUnit, Jetty, ...) costs seconds of start-up and guides nothing.
            cmd.add("--instrumentation_includes=" + INSTRUMENTED);
            cmd.add("--custom_hook_includes=" + INSTRUMENTED);
            if (coverage) {
                cmd.add("--coverage_report=" + work.resolve("coverage.txt"));
                cmd.add("--coverage_dump=" + work.resolve("coverage.exec"));
            }
            cmd.add("-artifact_prefix=" + work + File.separator);
            cmd.add("-max_total_time=" + seconds);
            cmd.add("-timeout=" + INPUT_TIMEOUT_S);
            cmd.add("-rss_limit_mb=2048");
            cmd.add("-print_final_stats=1");
            if (seed != 0) {
                cmd.add("-seed=" + seed);
            }
            cmd.add(corpus.toString());
            if (seeds != null) {
                cmd.add(seeds.toString());
            }
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            // The fuzzing time, JVM start, instrumentation and a finding's minimization and report.
            if (!p.waitFor(seconds + 300L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                Files.writeString(log, "\n[Fuzzing] the fuzzer did not stop in time; killed\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
            Result r = new Result();
            r.wallSeconds = (System.nanoTime() - start) / 1e9;
            r.exitCode = p.exitValue();
            r.log = log;
            readStats(Files.readAllLines(log, StandardCharsets.ISO_8859_1), r);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing", e);
        }
    }

    static void readStats(List<String> lines, Result r) {
        for (String line : lines) {
            Matcher m = STATS.matcher(line);
            if (m.find()) {
                r.runs = Long.parseLong(m.group(1));
                r.cov = Long.parseLong(m.group(2));
                r.features = Long.parseLong(m.group(3));
                r.corpus = Long.parseLong(m.group(4));
                r.execPerSecond = Long.parseLong(m.group(5));
            }
            Matcher d = DONE.matcher(line);
            if (d.find()) {
                r.runs = Long.parseLong(d.group(1));
            }
            if (line.startsWith("stat::number_of_executed_units:")) {
                r.runs = Long.parseLong(line.substring(line.indexOf(':', 6) + 1).trim());
            }
            if (line.startsWith("stat::average_exec_per_sec:")) {
                r.execPerSecond = Long.parseLong(line.substring(line.indexOf(':', 6) + 1).trim());
            }
        }
    }

    /**
     * The class path of the tests: surefire runs them from a manifest-only jar, whose path alone would not let
     * Jazzer see the classes it should instrument as plain entries.
     */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }

    /** @return the report's interesting lines and each crash input, escaped */
    private static String finding(Path log, Path work) throws UncheckedIOException {
        StringBuilder b = new StringBuilder();
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            int from = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("== Java Exception") || lines.get(i).contains("ALARM")
                        || lines.get(i).contains("ERROR: libFuzzer") || lines.get(i).contains("[Fuzzing]")) {
                    from = i;
                    break;
                }
            }
            lines.subList(from, Math.min(lines.size(), from + 60)).forEach(l -> b.append(l).append('\n'));
            try (Stream<Path> files = Files.list(work)) {
                for (Path f : files.filter(Fuzzing::isFinding).collect(Collectors.toList())) {
                    if (f.getFileName().toString().endsWith(".java")) {
                        continue;
                    }
                    byte[] input = Files.readAllBytes(f);
                    b.append("input ").append(f).append(" (").append(input.length).append(" bytes): ")
                            .append(escape(input)).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    private static boolean isFinding(Path f) {
        return f.getFileName().toString().matches("(crash|timeout|oom|slow-unit)-.*|Crash_.*\\.java");
    }

    /** @return the bytes as a Java string literal body, so the input can be pasted into a regression test */
    public static String escape(byte[] input) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(input.length, 2000); i++) {
            int c = input[i] & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
            }
        }
        return input.length > 2000 ? b + "..." : b.toString();
    }
}
