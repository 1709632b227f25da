package org.rocmon.bench.jmh;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.Output;
import org.rocmon.testkit.DsComponents;

/**
 * One measurement per operation through {@link Aggregator#accept}, on one thread (the runtime calls one instance
 * from one thread at a time, so single-thread ops/s is the per-core figure). The Output hands every write to a
 * Blackhole: it does nothing else, but keeps the JIT from discarding the aggregator's work as dead code.
 * Measurements are built beforehand and cycled, so the figures are the aggregator's cost; the {@code *Allocating}
 * variants add building the Measurement, as the sensor does for each incoming value, and the baselines give the
 * floor measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class AggregatorBenchmark {

    private static final int SIZE = 4096;
    private static final int MASK = SIZE - 1;
    private static final String IN = "cpu";
    /** Values per window of the threshold scheduler: the window closes (and its statistics are written) inside
     *  the measured operations. */
    private static final int WINDOW = 1000;
    private static final int SOURCES = 100;

    private final Measurement[] measurements = new Measurement[SIZE];
    private final Measurement[] sourced = new Measurement[SIZE];
    private final double[] values = new double[SIZE];
    private int i;
    private double sum;

    private Output out;
    private Aggregator ewma;
    private Aggregator meanMinMax;
    private Aggregator medianP99;
    private Aggregator all;
    private Aggregator perSource;

    @Setup
    public void setup(Blackhole bh) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long ts = 1_732_262_400_000L;
        for (int k = 0; k < SIZE; k++) {
            values[k] = random.nextDouble(0, 100);
            measurements[k] = Measurement.of(values[k], ts + k).withUnit("%");
            sourced[k] = measurements[k].withSource("collector-" + (k % SOURCES));
        }
        out = (channel, m) -> bh.consume(m);
        ewma = open("EWMA", Map.of("gain", 16, "instream", IN, "outstream", "avg"));
        meanMinMax = statistics("mean,min,max", false);
        medianP99 = statistics("median,p99", false);
        all = statistics("count,sum,mean,min,max,stddev,variance,rate,median,p99", false);
        perSource = statistics("mean,min,max", true);
    }

    private Aggregator statistics(String list, boolean persource) throws Exception {
        return open("Statistics", Map.of("input", IN, "outprefix", "cpu", "statistics", list, "scheduler", "threshold",
                        "count", WINDOW, "persource", persource));
    }

    // The mixin bundles' DS components, found by term in their generated XML (no import of their internals).
    private static Aggregator open(String term, Map<String, ?> attrs) throws Exception {
        DsComponents.Found<Aggregator> c = DsComponents.create(Aggregator.class, "rocmon.mixin.term", term);
        Aggregator a = c.instance();
        a.open(Contexts.of(c.properties().get("rocmon.mixin.scheme"), term, c.lines("rocmon.mixin.attributes"), attrs));
        return a;
    }

    @TearDown
    public void tearDown() {
        for (Aggregator a : new Aggregator[] {ewma, meanMinMax, medianP99, all, perSource}) {
            a.close();
        }
    }

    private int next() {
        return i = (i + 1) & MASK;
    }

    /** Floor: read the next value through the Measurement API and add it up. */
    @Benchmark
    public double baselineSum() {
        return sum += measurements[next()].asDouble();
    }

    /** Floor of the allocating variants: building one Measurement, nothing else. */
    @Benchmark
    public Measurement baselineAllocate() {
        int k = next();
        return Measurement.of(values[k], 1_732_262_400_000L + k);
    }

    @Benchmark
    public void ewma() throws Exception {
        ewma.accept(IN, measurements[next()], out);
    }

    @Benchmark
    public void ewmaAllocating() throws Exception {
        int k = next();
        ewma.accept(IN, Measurement.of(values[k], 1_732_262_400_000L + k), out);
    }

    @Benchmark
    public void statsMeanMinMax() throws Exception {
        meanMinMax.accept(IN, measurements[next()], out);
    }

    @Benchmark
    public void statsMeanMinMaxAllocating() throws Exception {
        int k = next();
        meanMinMax.accept(IN, Measurement.of(values[k], 1_732_262_400_000L + k), out);
    }

    /** Keeps every value of the window and sorts it when the window closes. */
    @Benchmark
    public void statsMedianP99() throws Exception {
        medianP99.accept(IN, measurements[next()], out);
    }

    @Benchmark
    public void statsAllTen() throws Exception {
        all.accept(IN, measurements[next()], out);
    }

    /** One window per source (100 sources): adds a map lookup by source id per measurement. */
    @Benchmark
    public void statsMeanMinMaxPerSource() throws Exception {
        perSource.accept(IN, sourced[next()], out);
    }
}
