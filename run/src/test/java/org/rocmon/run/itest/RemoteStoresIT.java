package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Issue 13, part 6, against real stores from Debian's packages ({@link TimeSeriesServer}) and a real node process:
 * a sensor fed by a collector (played by the test: known values, units, Nagios states, booleans) hands its values
 * to a publisher, and the test reads what the store kept through the store's own query path and compares values,
 * timestamps and labels exactly.
 * <ul>
 * <li>PrometheusRemoteWrite into Prometheus 2.42 ({@code --web.enable-remote-write-receiver}, read back with
 * {@code /api/v1/query} over a range selector: raw samples) and into VictoriaMetrics (read back with
 * {@code /api/v1/export}); a third sensor whose receiver is down shows the failure in its stage and its Log
 * publisher goes on;</li>
 * <li>InfluxDB (HTTP {@code /write} of InfluxDB 1.6, read back with {@code /query?q=SELECT ...});</li>
 * <li>Graphite (carbon-cache's line receiver, read back from the whisper file with {@code whisper-fetch}).</li>
 * </ul>
 */
public class RemoteStoresIT {

    private static final int N = 20;
    private static final String PUBLISHER = "http://example.com/occi/monitoring/publisher#";
    private static final String ATTR = "com.example.occi.monitoring.";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder(
            new java.io.File(System.getProperty("rocmon.itest.dir", "target/itest")).getAbsoluteFile());

    private static MultiNode nodes;
    private static NodeProcess process;

    @BeforeClass
    public static void startNode() throws Exception {
        Files.createDirectories(Path.of(System.getProperty("rocmon.itest.dir", "target/itest")));
        nodes = new MultiNode("remotestores");
        process = nodes.start("node");
    }

    @AfterClass
    public static void stopNode() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** A collector's value with unit and state, in the wire protocol's object form. */
    private static Object withUnitAndState(double value, String unit, String state) {
        String json = "{\"value\":" + value + ",\"unit\":\"" + unit + "\",\"state\":\"" + state + "\"}";
        return new Object() {
            @Override
            public String toString() {
                return json;
            }
        };
    }

    /** Value i of channel n: i * 1.25 (exact in binary), WARNING on odd i; channel up: false every third. */
    private static double n(int i) {
        return i * 1.25;
    }

    private static String state(int i) {
        return i % 2 == 0 ? "OK" : "WARNING";
    }

    private static boolean up(int i) {
        return i % 3 != 0;
    }

    private static String sensor(String id, String mixins, String attributes, String collector) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":[" + mixins + "],"
                + "\"attributes\":{\"occi.sensor.period\":1," + attributes + "},"
                + "\"links\":[{\"id\":\"" + collector + "\"}]}";
    }

    private static String remoteWrite(String url) {
        return "\"" + ATTR + "PrometheusRemoteWrite.url\":\"" + url + "\","
                + "\"" + ATTR + "PrometheusRemoteWrite.input\":\"n\","
                + "\"" + ATTR + "PrometheusRemoteWrite.input2\":\"up\","
                + "\"" + ATTR + "PrometheusRemoteWrite.labels\":\"dc=eu1\","
                + "\"" + ATTR + "PrometheusRemoteWrite.backoff\":0.2";
    }

    /** Defines the sensor, sends values 1..N (one second apart, ending a few seconds ago) and waits for the acks. */
    private static long feed(String sensorId, String json, String collectorId) {
        Node node = process.node;
        Node.Response defined = node.post("/sensor/" + sensorId + "/", json);
        assertEquals(defined.toString(), 201, defined.code);
        long t0 = (System.currentTimeMillis() / 1000 - N - 5) * 1000;
        try (TestCollector c = TestCollector.connect(node, sensorId, collectorId)) {
            for (int i = 1; i <= N; i++) {
                c.send(t0 + i * 1000L, Map.of("n", withUnitAndState(n(i), "ms", state(i)), "up", up(i)));
            }
            c.awaitAck(N, 30_000);
        }
        return t0;
    }

    /** What the store must hold: series (label set) to {timestamp ms: value}. */
    private static Map<Map<String, String>, Map<Long, Double>> expected(String sensor, String source, long t0) {
        Map<String, String> n = new TreeMap<>(Map.of("__name__", "rocmon_n", "sensor", sensor, "channel", "n",
                "source", source, "unit", "ms", "dc", "eu1"));
        Map<String, String> nState = new TreeMap<>(n);
        nState.put("__name__", "rocmon_n_state");
        Map<String, String> upSeries = new TreeMap<>(Map.of("__name__", "rocmon_up", "sensor", sensor,
                "channel", "up", "source", source, "dc", "eu1"));
        Map<Map<String, String>, Map<Long, Double>> series = new LinkedHashMap<>();
        for (int i = 1; i <= N; i++) {
            long ts = t0 + i * 1000L;
            series.computeIfAbsent(n, k -> new TreeMap<>()).put(ts, n(i));
            series.computeIfAbsent(nState, k -> new TreeMap<>()).put(ts, "OK".equals(state(i)) ? 0.0 : 1.0);
            series.computeIfAbsent(upSeries, k -> new TreeMap<>()).put(ts, up(i) ? 1.0 : 0.0);
        }
        return series;
    }

    @SuppressWarnings("unchecked")
    private static Map<Map<String, String>, Map<Long, Double>> prometheusSeries(TimeSeriesServer prometheus,
            String sensor, long until) {
        String body = prometheus.get("/api/v1/query", "query", "{sensor=\"" + sensor + "\"}[10m]",
                "time", Long.toString(until / 1000));
        Map<String, Object> answer = Json.object(body);
        Map<Map<String, String>, Map<Long, Double>> series = new LinkedHashMap<>();
        for (Object o : (List<Object>) ((Map<String, Object>) answer.get("data")).get("result")) {
            Map<String, Object> s = (Map<String, Object>) o;
            Map<Long, Double> points = new TreeMap<>();
            for (Object v : (List<Object>) s.get("values")) {
                List<Object> pair = (List<Object>) v;
                points.put(Math.round(((Number) pair.get(0)).doubleValue() * 1000),
                        Double.parseDouble((String) pair.get(1)));
            }
            series.put(new TreeMap<>((Map<String, String>) s.get("metric")), points);
        }
        return series;
    }

    @SuppressWarnings("unchecked")
    private static Map<Map<String, String>, Map<Long, Double>> victoriaSeries(TimeSeriesServer vm, String sensor) {
        vm.get("/internal/force_flush");
        String body = vm.get("/api/v1/export", "match[]", "{sensor=\"" + sensor + "\"}");
        Map<Map<String, String>, Map<Long, Double>> series = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> s = Json.object(line);
            List<Object> values = (List<Object>) s.get("values");
            List<Object> timestamps = (List<Object>) s.get("timestamps");
            Map<Long, Double> points = new TreeMap<>();
            for (int i = 0; i < values.size(); i++) {
                points.put(((Number) timestamps.get(i)).longValue(), ((Number) values.get(i)).doubleValue());
            }
            series.put(new TreeMap<>((Map<String, String>) s.get("metric")), points);
        }
        return series;
    }

    private static int points(Map<Map<String, String>, Map<Long, Double>> series) {
        return series.values().stream().mapToInt(Map::size).sum();
    }

    @Test
    public void remoteWriteIntoPrometheusAndVictoriaMetrics() throws Exception {
        Path dir = temp.getRoot().toPath();
        try (TimeSeriesServer prometheus = TimeSeriesServer.prometheus(dir.resolve("prometheus"));
                TimeSeriesServer vm = TimeSeriesServer.victoriaMetrics(dir.resolve("vm"))) {
            String mixin = "\"" + PUBLISHER + "PrometheusRemoteWrite\"";
            long tp = feed("rwp", sensor("rwp", mixin, remoteWrite(prometheus.base() + "/api/v1/write"), "t01"),
                    "t01");
            long tv = feed("rwv", sensor("rwv", mixin, remoteWrite(vm.base() + "/api/v1/write"), "t02"), "t02");

            Map<Map<String, String>, Map<Long, Double>> want = expected("rwp", "t01", tp);
            long until = tp + (N + 2) * 1000L;
            Node.await("Prometheus holds " + 3 * N + " samples of rwp (" + prometheus.log() + ")", 60_000,
                    () -> points(prometheusSeries(prometheus, "rwp", until)) >= 3 * N);
            assertEquals("Prometheus: series, labels, timestamps and values", want,
                    prometheusSeries(prometheus, "rwp", until));

            Map<Map<String, String>, Map<Long, Double>> wantVm = expected("rwv", "t02", tv);
            Node.await("VictoriaMetrics holds " + 3 * N + " samples of rwv", 60_000,
                    () -> points(victoriaSeries(vm, "rwv")) >= 3 * N);
            assertEquals("VictoriaMetrics: series, labels, timestamps and values", wantVm, victoriaSeries(vm, "rwv"));
            Map<String, Object> rwp = Sensors.stage(process.node, "rwp", "PrometheusRemoteWrite");
            assertTrue("no failure at rwp: " + rwp,
                    rwp.get("lastError") == null || String.valueOf(rwp.get("lastError")).isEmpty());
        }

        // a receiver that is down: the stage counts and shows it; the sensor's Log publisher goes on meanwhile
        Path log = nodes.files("remotestores").resolve("rwx.log");
        int nobody = MultiNode.freePort();
        String mixins = "\"" + PUBLISHER + "PrometheusRemoteWrite\",\"" + PUBLISHER + "Log\"";
        feed("rwx", sensor("rwx", mixins, remoteWrite("http://127.0.0.1:" + nobody + "/api/v1/write") + ","
                + "\"" + ATTR + "Log.filename\":\"" + log + "\",\"" + ATTR + "Log.in_msg\":\"n\"", "t03"), "t03");
        Node.await("rwx's remote-write stage reports the refused connection", 30_000, () -> String.valueOf(
                Sensors.stage(process.node, "rwx", "PrometheusRemoteWrite").get("lastError"))
                .contains("receiver ConnectException"));
        Map<String, Object> stage = Sensors.stage(process.node, "rwx", "PrometheusRemoteWrite");
        System.out.println("RemoteStoresIT: rwx's remote-write stage with its receiver down: " + stage);
        Node.await("rwx's Log has every value", 30_000, () -> lines(log) >= N);
        assertEquals(N, lines(log));
    }

    /**
     * Benchmark (figures in bench/README.md): one sensor with a PrometheusRemoteWrite publisher (into a real
     * VictoriaMetrics) and a Log publisher on the same channel, fed flat out by four test collectors for 5 s. Prints
     * {@code BENCH remotewrite:} lines with the values per second taken in, handed to each publisher, written by Log
     * and read back from VictoriaMetrics; fails only when a value is lost.
     */
    @Test
    @SuppressWarnings("unchecked")
    public void benchRemoteWriteNextToLog() throws Exception {
        try (TimeSeriesServer vm = TimeSeriesServer.victoriaMetrics(temp.getRoot().toPath().resolve("vm-bench"))) {
            Node node = process.node;
            Path log = nodes.files("remotestores").resolve("rb.log");
            int collectors = 4;
            StringBuilder links = new StringBuilder();
            for (int c = 1; c <= collectors; c++) {
                links.append(c == 1 ? "" : ",").append("{\"id\":\"b").append(c).append("\"}");
            }
            String json = "{\"id\":\"rb\",\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":[\"" + PUBLISHER
                    + "PrometheusRemoteWrite\",\"" + PUBLISHER + "Log\"],\"attributes\":{\"occi.sensor.period\":1,"
                    + "\"" + ATTR + "PrometheusRemoteWrite.url\":\"" + vm.base() + "/api/v1/write\","
                    + "\"" + ATTR + "PrometheusRemoteWrite.input\":\"n\","
                    + "\"" + ATTR + "PrometheusRemoteWrite.maxqueue\":1000000,"
                    + "\"" + ATTR + "Log.filename\":" + Json.quote(log.toString()) + ","
                    + "\"" + ATTR + "Log.in_msg\":\"n\"},\"links\":[" + links + "]}";
            Node.Response defined = node.post("/sensor/rb/", json);
            assertEquals(defined.toString(), 201, defined.code);
            long sendMillis = 5_000;
            List<TestCollector> cs = new ArrayList<>();
            try {
                for (int c = 1; c <= collectors; c++) {
                    cs.add(TestCollector.connect(node, "rb", "b" + c));
                }
                long[] sent = new long[collectors];
                List<Thread> threads = new ArrayList<>();
                long t0 = System.nanoTime();
                long end = t0 + sendMillis * 1_000_000L;
                for (int c = 0; c < collectors; c++) {
                    int k = c;
                    Thread t = new Thread(() -> {
                        long ts = System.currentTimeMillis() - 60_000;
                        while (System.nanoTime() < end) {
                            sent[k] = cs.get(k).send(ts++, Map.of("n", sent[k] + 1));
                        }
                    }, "bench-collector-" + c);
                    threads.add(t);
                    t.start();
                }
                for (Thread t : threads) {
                    t.join(sendMillis + 60_000);
                }
                long all = 0;
                for (long n : sent) {
                    all += n;
                }
                long acked = 0;
                long logIn = 0;
                long logDone = 0;
                long rwIn = 0;
                long readBack = 0;
                long deadline = System.nanoTime() + 120_000_000_000L;
                while ((acked == 0 || logIn == 0 || logDone == 0 || rwIn == 0 || readBack == 0)
                        && System.nanoTime() < deadline) {
                    long now = System.nanoTime();
                    if (acked == 0) {
                        boolean allAcked = true;
                        for (int c = 0; c < collectors; c++) {
                            allAcked &= cs.get(c).acked() >= sent[c];
                        }
                        acked = allAcked ? now : 0;
                    }
                    if (rwIn == 0 && Sensors.stageIn(node, "rb", "PrometheusRemoteWrite") >= all) {
                        rwIn = now;
                    }
                    if (logIn == 0 && Sensors.stageIn(node, "rb", "Log") >= all) {
                        logIn = now;
                    }
                    if (logDone == 0 && lines(log) >= all) {
                        logDone = now;
                    }
                    if (readBack == 0 && rwIn != 0 && points(victoriaSeries(vm, "rb")) >= all) {
                        readBack = now;
                    }
                    Node.sleep(100);
                }
                System.out.printf("BENCH remotewrite: %d collectors sent %d values in %.1f s (one value per frame)%n",
                        collectors, all, sendMillis / 1000.0);
                System.out.println("BENCH remotewrite: values/s from the start until "
                        + rate(all, t0, acked, "all acked by the sensor") + ", " + rate(all, t0, logIn,
                        "all handed to Log") + ", " + rate(all, t0, logDone, "all in Log's file") + ", "
                        + rate(all, t0, rwIn, "all handed to PrometheusRemoteWrite") + ", " + rate(all, t0, readBack,
                        "all read back from VictoriaMetrics"));
                System.out.println("BENCH remotewrite: remote-write stage "
                        + Sensors.stage(node, "rb", "PrometheusRemoteWrite").get("counters") + ", Log stage "
                        + Sensors.stage(node, "rb", "Log").get("counters"));
                assertTrue("every value reached Log's file and VictoriaMetrics", logDone > 0 && readBack > 0);
                assertEquals(all, points(victoriaSeries(vm, "rb")));
            } finally {
                for (TestCollector c : cs) {
                    c.close();
                }
            }
        }
    }

    private static String rate(long values, long t0, long at, String what) {
        if (at == 0) {
            return what + ": never";
        }
        double seconds = (at - t0) / 1e9;
        return String.format("%s: %.0f (%.1f s)", what, values / seconds, seconds);
    }

    private static long lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    public void influxDbStoresWhatTheSensorWrote() throws Exception {
        try (TimeSeriesServer influx = TimeSeriesServer.influxd(temp.getRoot().toPath().resolve("influxdb"))) {
            influx.post("/query", "q", "CREATE DATABASE rocmon");
            String attributes = "\"" + ATTR + "InfluxDB.url\":\"" + influx.base() + "/write?db=rocmon&precision=ms\","
                    + "\"" + ATTR + "InfluxDB.input\":\"n\",\"" + ATTR + "InfluxDB.tags\":\"dc=eu1\"";
            long t0 = feed("ifx", sensor("ifx", "\"" + PUBLISHER + "InfluxDB\"", attributes, "t04"), "t04");

            String query = "SELECT n, n_state, sensor, source, unit, dc FROM rocmon WHERE sensor = 'ifx'";
            List<List<Object>> rows = new ArrayList<>();
            Node.await("InfluxDB holds " + N + " points of ifx", 60_000, () -> {
                rows.clear();
                Map<String, Object> answer = Json.object(influx.get("/query", "db", "rocmon", "epoch", "ms",
                        "q", query));
                Object series = ((Map<String, Object>) ((List<Object>) answer.get("results")).get(0)).get("series");
                if (series != null) {
                    rows.addAll((List<List<Object>>) ((Map<String, Object>) ((List<Object>) series).get(0))
                            .get("values"));
                }
                return rows.size() >= N;
            });
            List<String> got = new ArrayList<>();
            List<String> want = new ArrayList<>();
            for (List<Object> row : rows) {
                got.add(((Number) row.get(0)).longValue() + " " + ((Number) row.get(1)).doubleValue() + " "
                        + row.subList(2, row.size()));
            }
            for (int i = 1; i <= N; i++) {
                want.add((t0 + i * 1000L) + " " + n(i) + " " + List.of(state(i), "ifx", "t04", "ms", "eu1"));
            }
            assertEquals("InfluxDB: time, value, state, tags", want, got);
        }
    }

    @Test
    public void graphiteStoresWhatTheSensorSent() throws Exception {
        try (TimeSeriesServer carbon = TimeSeriesServer.carbon(temp.getRoot().toPath().resolve("carbon"))) {
            String attributes = "\"" + ATTR + "Graphite.hostname\":\"127.0.0.1\","
                    + "\"" + ATTR + "Graphite.port\":" + carbon.port + ","
                    + "\"" + ATTR + "Graphite.prefix\":\"it.rocmon\",\"" + ATTR + "Graphite.input\":\"n\"";
            long t0 = feed("gph", sensor("gph", "\"" + PUBLISHER + "Graphite\"", attributes, "t05"), "t05");
            List<double[]> points = new ArrayList<>();
            Node.await("carbon's whisper file holds " + N + " points of it.rocmon.gph.n (" + carbon.log() + ")",
                    60_000, () -> {
                        try {
                            points.clear();
                            points.addAll(carbon.whisperFetch("it.rocmon.gph.n", t0 / 1000 - 1));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        return points.size() >= N;
                    });
            List<String> got = new ArrayList<>();
            List<String> want = new ArrayList<>();
            for (double[] p : points) {
                got.add((long) p[0] + " " + p[1]);
            }
            for (int i = 1; i <= N; i++) {
                want.add((t0 / 1000 + i) + " " + n(i));
            }
            assertEquals("whisper-fetch: epoch seconds and values", want, got);
        }
    }
}
