package org.rocmon.mixins.metric.host.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
import java.util.function.BiFunction;

import org.junit.Test;

import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.ProcSource;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/{CPUPercent,Memory,LoadAverage}: {@code description.json} (an OCCI collector
 * description), the /proc files the metric reads ({@code stat.1}, {@code stat.2}... are returned in turn), then
 * either {@code expected.csv} ({@code call,channel,value,unit} rows; {@code measures.txt} optionally says how many
 * measure calls to make) or {@code error.txt} (the attribute the refusal names, then text its message contains).
 */
public class HostFixtureTest {

    private static final long NOW = 1_732_262_400_000L;

    private static final class Kind {
        final BiFunction<ProcSource, Clock, Metric> factory;
        final String scheme;
        final String[] specs;

        Kind(BiFunction<ProcSource, Clock, Metric> factory, String scheme, String... specs) {
            this.factory = factory;
            this.scheme = scheme;
            this.specs = specs;
        }
    }

    private static final Map<String, Kind> KINDS = Map.of(
            CpuPercent.TERM, new Kind(CpuPercent::new, CpuPercent.SCHEME, CpuPercent.OUT),
            Memory.TERM, new Kind(Memory::new, Memory.SCHEME, Memory.OUT, Memory.OUTFREE),
            LoadAverage.TERM, new Kind(LoadAverage::new, LoadAverage.SCHEME, LoadAverage.OUT, LoadAverage.OUT5,
                    LoadAverage.OUT15));

    @Test
    public void everyCase() throws Exception {
        for (Map.Entry<String, Kind> kind : KINDS.entrySet()) {
            FixtureCases.Counts n = FixtureCases.run(kind.getKey(),
                    c -> runDataCase(c, kind.getKey(), kind.getValue()),
                    c -> runErrorCase(c, kind.getKey(), kind.getValue()));
            assertTrue(kind.getKey() + " needs data and error cases", n.data >= 1 && n.errors >= 1);
        }
    }

    private static void runDataCase(Path c, String term, Kind kind) throws Exception {
        Metric metric = kind.factory.apply(sequence(c), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        metric.open(MixinContexts.fromFile(c.resolve("description.json"), kind.scheme, term, kind.specs));
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
        assertEquals(c + ": number of values", expected.size(), written.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",", -1);
            String[] a = written.get(i);
            assertEquals(c + " row " + i + " call", e[0], a[0]);
            assertEquals(c + " row " + i + " channel", e[1], a[1]);
            assertEquals(c + " row " + i + " value", Double.parseDouble(e[2]), Double.parseDouble(a[2]), 1e-6);
            assertEquals(c + " row " + i + " unit", e[3], a[3]);
        }
    }

    private static void runErrorCase(Path c, String term, Kind kind) throws Exception {
        Metric metric = kind.factory.apply(sequence(c), Clock.systemUTC());
        FixtureCases.assertRefusal(c,
                () -> metric.open(MixinContexts.fromFile(c.resolve("description.json"), kind.scheme, term, kind.specs)),
                metric::close);
    }

    /** A /proc made of the case's files: {@code name.1}, {@code name.2}... in turn, else {@code name}. */
    private static ProcSource sequence(Path c) {
        Map<String, Integer> reads = new HashMap<>();
        return name -> {
            int n = reads.merge(name, 1, Integer::sum);
            Path numbered = c.resolve(name + "." + n);
            Path file = Files.exists(numbered) ? numbered : c.resolve(name);
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        };
    }
}
