package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import org.rocmon.api.Measurement;
import org.rocmon.api.history.HistoryStatsDTO;
import org.rocmon.api.history.HistoryStore;
import org.rocmon.api.history.RangeQueryDTO;
import org.rocmon.api.history.SeriesDTO;

/**
 * Benchmark of issue 13 (figures in bench/README.md), in one run of one node:
 * <ol>
 * <li>the sensor's ingest (values per second taken in through a collector edge, flat out) of a sensor with EWMA
 * only, then of the same sensor with a History mixin recording both of its channels;</li>
 * <li>the store's own rate: values per second appended through {@link HistoryStore#append} and written by its
 * writer, for one series and for 100 series;</li>
 * <li>disk bytes per stored point: the rrd4j file per archive row and the raw log per raw value.</li>
 * </ol>
 * Prints {@code BENCH history:} lines; fails only when recording loses values or nothing flows.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HistoryBenchIT {

    private static final long WINDOW_MS = 5_000;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Test
    public void recordingCostAndStoreRate() throws Exception {
        Node node = new Node(context).awaitReady();
        ServiceReference<HistoryStore> storeRef = context.getServiceReference(HistoryStore.class);
        HistoryStore store = context.getService(storeRef);
        try {
            // A warm-up round (JIT), then rounds alternated so that the machine's other load weighs on both sides.
            ingest(node, store, "bp0", false);
            ingest(node, store, "bh0", true);
            double plain = 0;
            double recorded = 0;
            for (int round = 1; round <= 2; round++) {
                plain += ingest(node, store, "bp" + round, false) / 2;
                recorded += ingest(node, store, "bh" + round, true) / 2;
            }
            System.out.printf("BENCH history: sensor ingest without recording %.0f values/s, with History on both "
                    + "channels %.0f values/s (%.0f %% of it); mean of two %d-ms windows each after a warm-up round%n", plain, recorded,
                    100 * recorded / plain, WINDOW_MS);

            double one = storeRate(store, "store1", 1, 200_000);
            double hundred = storeRate(store, "store100", 100, 200_000);
            System.out.printf("BENCH history: HistoryStore.append to written: %.0f values/s into 1 series, %.0f "
                    + "values/s spread over 100 series%n", one, hundred);

            queryLatency(node, store);

            Path dir = node.data.resolve("history").resolve("store1").resolve("m").resolve("s0.rrd");
            long rrdBytes = Files.size(dir);
            Path raw = dir.resolveSibling("s0.raw");
            long rawBytes = Files.size(raw);
            long rawLines;
            try (Stream<String> lines = Files.lines(raw)) {
                rawLines = lines.count();
            }
            SeriesDTO s = store.series("store1").get(0);
            long rows = s.archives.stream().mapToLong(a -> a.span / a.resolution).sum();
            System.out.printf("BENCH history: rrd4j file %d bytes for %d archive rows (%s): %.1f bytes per "
                    + "consolidated point (min, max, avg, last, sum and count of that interval); raw log %.1f bytes "
                    + "per raw value (%d lines, %d bytes)%n", rrdBytes, rows, archives(s), (double) rrdBytes / rows,
                    (double) rawBytes / rawLines, rawLines, rawBytes);
        } finally {
            context.ungetService(storeRef);
        }
    }

    /**
     * @return values per second the sensor took in during the window, fed as fast as the edge drains: frames it
     *         acknowledged, one value each
     */
    private double ingest(Node node, HistoryStore store, String id, boolean history) throws Exception {
        String mixins = "\"http://example.com/occi/monitoring/aggregator#EWMA\""
                + (history ? ",\"http://example.com/occi/monitoring/publisher#History\"" : "");
        String attrs = "\"occi.sensor.period\":1,\"com.example.occi.monitoring.EWMA.gain\":16,"
                + "\"com.example.occi.monitoring.EWMA.instream\":\"a\","
                + "\"com.example.occi.monitoring.EWMA.outstream\":\"c\""
                + (history ? ",\"com.example.occi.monitoring.History.input\":\"a\","
                        + "\"com.example.occi.monitoring.History.input2\":\"c\"" : "");
        String sensor = "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":[" + mixins + "],"
                + "\"attributes\":{" + attrs + "},\"links\":[{\"id\":\"f-" + id + "\"}]}";
        Node.Response r = node.post("/sensor/" + id + "/", sensor);
        assertEquals(r.toString(), 201, r.code);
        HistoryStatsDTO[] window = new HistoryStatsDTO[2];
        try {
            // one value per ms of the past hour, after a 2-s warm-up
            double rate = EdgeFeeder.ackedPerSecond(context, "f-" + id, node.ws(id),
                    System.currentTimeMillis() - 3_600_000L, 2_000, WINDOW_MS, () -> window[0] = store.stats(),
                    () -> window[1] = store.stats(), edge -> assertTrue(id + " took values in",
                            Sensors.counter(node.get("/sensor/" + id + "/").json(), "in") > 0));
            System.out.printf("BENCH history: %s %.0f values/s in; store during the window: %d appended, %d "
                    + "written, %d dropped%n", id, rate, window[1].appended - window[0].appended,
                    window[1].written - window[0].written, window[1].dropped - window[0].dropped);
            return rate;
        } finally {
            node.delete("/sensor/" + id + "/");
        }
    }

    /** @return values per second from the first append until the store has written the last one */
    private static double storeRate(HistoryStore store, String sensor, int series, int values) {
        long base = System.currentTimeMillis() - 2L * 86_400_000L;
        long t0 = System.nanoTime();
        long retries = 0;
        for (int i = 0; i < values; i++) {
            // one value per second per series: each is its own update of the archives
            Measurement m = Measurement.of(i % 1000, base + (i / series) * 1000L).withSource("s" + (i % series));
            while (!store.append(sensor, "m", m, 0)) {
                retries++; // the queue is full: a benchmark waits where a sensor would have dropped
                LockSupport.parkNanos(50_000); // two cores: spinning would steal the writer's
            }
        }
        long lastTs = base + ((values - 1) / series) * 1000L;
        Node.await("the store wrote every value of " + sensor, 120_000, () -> store.lastN(sensor, "m",
                Optional.of("s" + ((values - 1) % series)), 1).stream().anyMatch(m -> m.timestamp() == lastTs));
        double rate = values / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("BENCH history: %d values into %d series in %.2f s (%d appends retried on a full "
                + "queue)%n", values, series, values / rate, retries);
        return rate;
    }

    /** A day at 1 minute (1440 points) of the series store1/m/s0, through the service and over HTTP. */
    private static void queryLatency(Node node, HistoryStore store) {
        long to = store.series("store1").get(0).last;
        RangeQueryDTO q = new RangeQueryDTO();
        q.sensor = "store1";
        q.channel = "m";
        q.source = "s0";
        q.from = to - 86_400_000L;
        q.to = to;
        q.resolution = 60;
        int points = 0;
        for (int i = 0; i < 20; i++) { // warm-up
            points = store.range(q).series.get(0).points.size();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            store.range(q);
        }
        double serviceMs = (System.nanoTime() - t0) / 50 / 1e6;
        String path = "/history/store1/m?source=s0&resolution=1m&from=" + q.from + "&to=" + q.to;
        for (int i = 0; i < 10; i++) {
            assertEquals(200, node.get(path).code);
        }
        t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            node.get(path);
        }
        double httpMs = (System.nanoTime() - t0) / 50 / 1e6;
        System.out.printf("BENCH history: a day at 1 min (%d points): %.2f ms through HistoryStore.range, %.2f ms "
                + "over HTTP (GET and JSON parse by the test), mean of 50%n", points, serviceMs, httpMs);
    }

    private static String archives(SeriesDTO s) {
        StringBuilder b = new StringBuilder();
        s.archives.forEach(a -> b.append(b.length() == 0 ? "" : ", ").append(a.resolution).append(" s x ")
                .append(a.span / a.resolution));
        return b.toString();
    }
}
