package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/**
 * Issue 13, parts 1 and 2, on a real node process: a sensor with the History mixin records the values a test
 * collector sends (known values, known timestamps), the node is stopped and started again on the same data
 * folder, and {@code /history/} answers last N and a range at two resolutions with exactly the expected values;
 * recording goes on after the restart; bad queries get problems naming the parameter.
 */
public class HistoryIT {

    private static final String SENSOR = "{\"id\":\"h01\",\"kind\":\"" + Node.SENSOR_KIND + "\","
            + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#History\"],"
            + "\"attributes\":{\"occi.sensor.period\":1,"
            + "\"com.example.occi.monitoring.History.input\":\"cpu\","
            + "\"com.example.occi.monitoring.History.input2\":\"status\"},"
            + "\"links\":[{\"id\":\"t01\"}]}";

    @Test
    public void recordedValuesSurviveARestartAndAnswerEveryQuery() throws Exception {
        // A minute boundary half an hour ago: inside the 10 s archive (a day) and the 1 min one.
        long t0 = (System.currentTimeMillis() - 1_800_000L) / 60_000L * 60_000L;
        try (MultiNode nodes = new MultiNode("history")) {
            NodeProcess process = nodes.start("node");
            Node node = process.node;
            Node.Response defined = node.post("/sensor/h01/", SENSOR);
            assertEquals(defined.toString(), 201, defined.code);

            send(node, t0, 1, 12);
            Node.await("12 values recorded", 20_000, () -> values(node.get("/history/h01/cpu?lastN=20")).size() == 12);
            Node.await("the last second written to the archives", 20_000, () -> points(node.get(
                    "/history/h01/cpu?resolution=10s&from=" + (t0 + 1) + "&to=" + (t0 + 120_000))).size() == 12);

            process.stop();
            assertTrue("the store keeps its files under the data folder",
                    Files.isRegularFile(process.data.resolve("history/h01/cpu/t01.rrd"))
                            && Files.isRegularFile(process.data.resolve("history/h01/cpu/t01.raw")));
            process.start();

            // last N raw values, newest last, with source and unit as sent
            Node.Response last = node.get("/history/h01/cpu?lastN=3");
            assertEquals(last.toString(), 200, last.code);
            assertEquals(List.of(
                    Map.of("value", 10, "ts", t0 + 100_000, "source", "t01"),
                    Map.of("value", 11, "ts", t0 + 110_000, "source", "t01"),
                    Map.of("value", 12, "ts", t0 + 120_000, "source", "t01")), normalize(values(last)));
            Node.Response text = node.get("/history/h01/status?lastN=1");
            assertEquals(text.toString(), "up-12", values(text).get(0).get("value"));

            // a range at 1 minute (averages of six values) and at 10 s (the values themselves)
            String range = "from=" + Instant.ofEpochMilli(t0 + 1_000) + "&to=" + (t0 + 120_000);
            Node.Response minutes = node.get("/history/h01/cpu?" + range + "&resolution=1m");
            assertEquals(minutes.toString(), 200, minutes.code);
            assertEquals(60, ((Number) minutes.json().get("resolution")).intValue());
            assertEquals(List.of(List.of(t0 + 60_000, 3.5), List.of(t0 + 120_000, 9.5)), pairs(points(minutes)));
            assertEquals(List.of(List.of(t0 + 60_000, 6.0), List.of(t0 + 120_000, 12.0)),
                    pairs(points(node.get("/history/h01/cpu?" + range + "&aggrPeriod=minute&aggrMethod=max"))));
            assertEquals(List.of(List.of(t0 + 60_000, 6.0), List.of(t0 + 120_000, 6.0)),
                    pairs(points(node.get("/history/h01/cpu?" + range + "&resolution=60&aggregation=count"))));
            List<List<Object>> expectedTens = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                expectedTens.add(List.of(t0 + i * 10_000L, (double) i));
            }
            Node.Response tens = node.get("/history/h01/cpu?" + range + "&resolution=10s&source=t01");
            assertEquals(10, ((Number) tens.json().get("resolution")).intValue());
            assertEquals(expectedTens, pairs(points(tens)));

            // recording goes on in the reopened archives
            send(node, t0, 13, 18);
            Node.await("the third minute is consolidated", 20_000, () -> pairs(points(node.get(
                    "/history/h01/cpu?from=" + (t0 + 1_000) + "&to=" + (t0 + 180_000) + "&resolution=1m")))
                    .equals(List.of(List.of(t0 + 60_000, 3.5), List.of(t0 + 120_000, 9.5),
                            List.of(t0 + 180_000, 15.5))));

            // the listing
            Node.Response listing = node.get("/history/h01/");
            assertEquals(listing.toString(), 200, listing.code);
            assertTrue(listing.body, listing.body.contains("\"channel\":\"cpu\"")
                    && listing.body.contains("\"channel\":\"status\"") && listing.body.contains("\"source\":\"t01\""));

            // bad queries
            problem(node, "/history/h99/cpu?lastN=1", 404, "sensor");
            problem(node, "/history/h01/mem?lastN=1", 404, "channel");
            problem(node, "/history/h01/cpu?lastN=1&source=t99", 404, "source");
            problem(node, "/history/h01/cpu?lastN=0", 400, "lastN");
            problem(node, "/history/h01/cpu?lastN=1000000", 400, "lastN");
            problem(node, "/history/h01/cpu?from=" + (t0 + 60_000) + "&to=" + t0, 400, "from");
            Node.Response res = problem(node, "/history/h01/cpu?resolution=5m", 400, "resolution");
            assertEquals(res.body, List.of("10s", "1m", "1h"), res.json().get("available"));
            problem(node, "/history/h01/cpu?aggregation=median", 400, "aggregation");
            problem(node, "/history/h01/cpu?dateFrom=yesterday", 400, "dateFrom");
        }
    }

    /** Frames i = from..to at t0 + 10 s * i: cpu = i, status = "up-i". */
    private static void send(Node node, long t0, int from, int to) {
        try (TestCollector c = TestCollector.connect(node, "h01", "t01")) {
            long last = 0;
            for (int i = from; i <= to; i++) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("cpu", i);
                data.put("status", "up-" + i);
                last = c.send(t0 + i * 10_000L, data);
            }
            c.awaitAck(last, 20_000);
        }
    }

    private static Node.Response problem(Node node, String path, int status, String attribute) {
        Node.Response r = node.get(path);
        assertEquals(r.toString(), status, r.code);
        assertEquals(r.toString(), attribute, r.json().get("attribute"));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> values(Node.Response r) {
        if (r.code != 200) {
            return List.of();
        }
        return (List<Map<String, Object>>) r.json().get("values");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> points(Node.Response r) {
        if (r.code != 200) {
            return List.of();
        }
        List<Object> series = (List<Object>) r.json().get("series");
        return series.isEmpty() ? List.of() : (List<Map<String, Object>>) ((Map<String, Object>) series.get(0))
                .get("points");
    }

    private static List<List<Object>> pairs(List<Map<String, Object>> points) {
        List<List<Object>> out = new ArrayList<>();
        for (Map<String, Object> p : points) {
            out.add(List.of(((Number) p.get("ts")).longValue(), ((Number) p.get("value")).doubleValue()));
        }
        return out;
    }

    private static List<Map<String, Object>> normalize(List<Map<String, Object>> values) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> v : values) {
            Map<String, Object> m = new LinkedHashMap<>(v);
            m.put("value", ((Number) v.get("value")).intValue());
            m.put("ts", ((Number) v.get("ts")).longValue());
            out.add(m);
        }
        return out;
    }
}
