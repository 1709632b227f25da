package org.rocmon.mixins.metric.system.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.junit.Test;

import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.ProcSource;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/&lt;Term&gt;: {@code description.json} (an OCCI collector description), the
 * files the metric reads ({@code name.1}, {@code name.2}... in turn, else {@code name}; {@code net/dev} is
 * {@code net-dev}; {@code space} is "total unallocated usable"; {@code comm} one command name a line; {@code jvm}
 * "heapUsed heapMax threads gcCount gcMillis"), optionally {@code seconds.txt} (the monotonic time of each sample,
 * default 0, 1, 2...), then either {@code expected.csv} ({@code call,channel,value,unit} rows; {@code measures.txt}
 * optionally says how many measure calls to make) or {@code error.txt}.
 */
public class SystemFixtureTest {

    private static final long NOW = 1_732_262_400_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    /** Builds the mixin of a case from the case folder. */
    private interface Factory {
        Metric create(Path folder) throws IOException;
    }

    private static final class Kind {
        final Factory factory;
        final String[] specs;

        Kind(Factory factory, String... specs) {
            this.factory = factory;
            this.specs = specs;
        }
    }

    private static final Map<String, Kind> KINDS = Map.of(
            DiskIO.TERM, new Kind(c -> new DiskIO(proc(c), CLOCK, seconds(c)), DiskIO.DEVICE, DiskIO.OUTREAD,
                    DiskIO.OUTWRITE, DiskIO.OUTREADOPS, DiskIO.OUTWRITEOPS),
            NetInterface.TERM, new Kind(c -> new NetInterface(proc(c), CLOCK, seconds(c)), NetInterface.INTERFACE,
                    NetInterface.OUTRX, NetInterface.OUTTX, NetInterface.OUTRXPACKETS, NetInterface.OUTTXPACKETS,
                    NetInterface.OUTERRORS),
            DiskUsage.TERM, new Kind(c -> new DiskUsage(space(c), CLOCK), DiskUsage.PATH, DiskUsage.OUT,
                    DiskUsage.OUTFREE, DiskUsage.OUTTOTAL),
            Processes.TERM, new Kind(c -> new Processes(processes(c), CLOCK), Processes.OUT, Processes.OUTRUNNING,
                    Processes.NAME, Processes.OUTNAMED),
            Jvm.TERM, new Kind(c -> new Jvm(jvm(c), CLOCK), Jvm.OUTHEAP, Jvm.OUTHEAPMAX, Jvm.OUTTHREADS,
                    Jvm.OUTGCCOUNT, Jvm.OUTGCTIME));

    @Test
    public void everyCase() throws Exception {
        for (Map.Entry<String, Kind> kind : KINDS.entrySet()) {
            FixtureCases.Counts n = FixtureCases.run(kind.getKey(),
                    c -> runDataCase(c, kind.getKey(), kind.getValue()),
                    c -> runErrorCase(c, kind.getKey(), kind.getValue()));
            assertTrue(kind.getKey() + " needs two data and two error cases: " + n, n.data >= 2 && n.errors >= 2);
        }
    }

    private static void runDataCase(Path c, String term, Kind kind) throws Exception {
        Metric metric = kind.factory.create(c);
        metric.open(MixinContexts.fromFile(c.resolve("description.json"), DiskIO.SCHEME, term, kind.specs));
        List<String> expected = Fixtures.lines(c.resolve("expected.csv"));
        int calls = 0;
        for (String row : expected) {
            calls = Math.max(calls, Integer.parseInt(row.split(",")[0]));
        }
        if (Files.exists(c.resolve("measures.txt"))) {
            calls = Integer.parseInt(Fixtures.lines(c.resolve("measures.txt")).get(0));
        }
        List<String[]> written = new ArrayList<>();
        for (int call = 1; call <= calls; call++) {
            int n = call;
            metric.measure((channel, m) -> {
                assertEquals(c + ": timestamp", NOW, m.timestamp());
                written.add(new String[] {Integer.toString(n), channel, Double.toString(m.asDouble()),
                    m.unit() == null ? "" : m.unit()});
            });
        }
        metric.close();
        List<String> actual = new ArrayList<>();
        written.forEach(w -> actual.add(String.join(",", w)));
        assertEquals(c + ": values written " + actual, expected.size(), written.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",", -1);
            String[] a = written.get(i);
            String where = c.getFileName() + " row " + i + " " + actual.get(i);
            assertEquals(where + " call", e[0], a[0]);
            assertEquals(where + " channel", e[1], a[1]);
            assertEquals(where + " value", Double.parseDouble(e[2]), Double.parseDouble(a[2]), 1e-6);
            assertEquals(where + " unit", e[3], a[3]);
        }
    }

    private static void runErrorCase(Path c, String term, Kind kind) throws Exception {
        Metric metric = kind.factory.create(c);
        FixtureCases.assertRefusal(c,
                () -> metric.open(MixinContexts.fromFile(c.resolve("description.json"), DiskIO.SCHEME, term,
                        kind.specs)),
                metric::close);
    }

    /** The case's file {@code name.n} for the n-th read of {@code name}, else {@code name}. */
    private static ProcSource proc(Path c) {
        Map<String, Integer> reads = new HashMap<>();
        return name -> {
            String file = name.replace('/', '-');
            int n = reads.merge(file, 1, Integer::sum);
            return read(c, file, n);
        };
    }

    private static String read(Path c, String file, int n) throws IOException {
        Path numbered = c.resolve(file + "." + n);
        Path path = Files.exists(numbered) ? numbered : c.resolve(file);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return Files.readString(path, StandardCharsets.US_ASCII);
    }

    private static LongSupplier seconds(Path c) throws IOException {
        Path file = c.resolve("seconds.txt");
        List<String> times = Files.exists(file) ? Fixtures.lines(file) : List.of();
        int[] next = {0};
        return () -> {
            int i = next[0]++;
            double s = i < times.size() ? Double.parseDouble(times.get(i)) : i;
            return (long) (s * 1e9);
        };
    }

    private static SpaceSource space(Path c) {
        int[] reads = {0};
        return path -> {
            String[] f = read(c, "space", ++reads[0]).trim().split("\\s+");
            return new SpaceSource.Space(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
        };
    }

    private static ProcessTable processes(Path c) {
        return new ProcessTable() {
            @Override
            public List<String> names() throws IOException {
                return Fixtures.lines(c.resolve("comm"));
            }

            @Override
            public int running() throws IOException {
                return ProcessTable.procsRunning(read(c, "stat", 1));
            }
        };
    }

    private static JvmSource jvm(Path c) {
        int[] reads = {0};
        return () -> {
            try {
                String[] f = read(c, "jvm", ++reads[0]).trim().split("\\s+");
                return new JvmSource.Sample(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]), Long.parseLong(f[4]));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
    }
}
