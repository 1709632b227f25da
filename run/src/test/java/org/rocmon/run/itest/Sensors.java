package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Descriptions and status readers for the multi-node tests: sensors in flat OCCI form, sensor-to-sensor
 * collectors, resource collectors, and the fields of {@code GET /sensor/{id}/} they assert on.
 */
final class Sensors {

    static final String AGG = "http://example.com/occi/monitoring/aggregator#";
    static final String PUB = "http://example.com/occi/monitoring/publisher#";
    static final String METRIC = "http://example.com/occi/monitoring/metric#";
    static final String NS = "com.example.occi.monitoring.";

    private Sensors() {
    }

    /**
     * @param mixins scheme+term of each mixin
     * @param attributes flat attributes ({@code occi.sensor.period} included)
     * @param links collector ids the sensor admits
     */
    static String sensor(List<String> mixins, Map<String, Object> attributes, List<String> links) {
        StringBuilder b = new StringBuilder("{\"kind\":\"").append(Node.SENSOR_KIND).append("\",\"mixins\":[");
        for (int i = 0; i < mixins.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Json.quote(mixins.get(i)));
        }
        b.append("],\"attributes\":").append(object(attributes)).append(",\"links\":[");
        for (int i = 0; i < links.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Json.quote(links.get(i)));
        }
        return b.append("]}").toString();
    }

    /** A sensor-to-sensor collector forwarding {@code channels} every {@code period} s to {@code targetUrl}. */
    static String forward(String id, double period, String targetUrl, String channels) {
        return "{\"id\":" + Json.quote(id) + ",\"kind\":\"" + Node.COLLECTOR_KIND + "\","
                + "\"attributes\":{\"occi.collector.period\":" + period + ",\"rocmon.collector.channels\":"
                + Json.quote(channels) + "},\"target\":" + Json.quote(targetUrl) + "}";
    }

    /** A resource collector running the given metric mixins with flat attributes, aimed at {@code target}. */
    static String collector(String id, List<String> metrics, Map<String, Object> attributes, String target) {
        StringBuilder b = new StringBuilder("{\"id\":").append(Json.quote(id)).append(",\"kind\":\"")
                .append(Node.COLLECTOR_KIND).append("\",\"mixins\":[");
        for (int i = 0; i < metrics.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Json.quote(METRIC + metrics.get(i)));
        }
        return b.append("],\"attributes\":").append(object(attributes)).append(",\"target\":")
                .append(Json.quote(target)).append("}").toString();
    }

    static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static String object(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            b.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':');
            Object v = e.getValue();
            b.append(v instanceof String ? Json.quote((String) v) : String.valueOf(v));
            first = false;
        }
        return b.append('}').toString();
    }

    /** POSTs and asserts 201 or 200. */
    static void define(Node node, String path, String json) {
        Node.Response r = node.post(path, json);
        assertTrue(r.toString(), r.code == 201 || r.code == 200);
    }

    /** @return {@code GET /sensor/{id}/} as a map */
    static Map<String, Object> describe(Node node, String sensorId) {
        Node.Response r = node.get("/sensor/" + sensorId + "/");
        if (r.code != 200) {
            throw new AssertionError(r.toString());
        }
        return r.json();
    }

    /** @return the last values of the sensor's channels: {@code {channel: {value, ts, source, ...}}} */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> channels(Node node, String sensorId) {
        Object c = describe(node, sensorId).get("channels");
        return c == null ? Map.of() : (Map<String, Map<String, Object>>) c;
    }

    /** @return a counter of the sensor's {@code status.counters} */
    @SuppressWarnings("unchecked")
    static long counter(Map<String, Object> description, String name) {
        Map<String, Object> status = (Map<String, Object>) description.get("status");
        Map<String, Object> counters = (Map<String, Object>) status.get("counters");
        Object v = counters.get(name);
        return v == null ? -1 : ((Number) v).longValue();
    }

    /**
     * @param part {@code "counters"} for the forwarding side (values in/out, superseded values as {@code dropped}),
     *        {@code "edge"} for the collector edge's counters (sent, acked, buffered, dropped, reconnects)
     * @return one counter of a sensor-to-sensor collector, from its sensor's {@code edges}
     */
    @SuppressWarnings("unchecked")
    static long edgeCounter(Map<String, Object> description, String edgeId, String part, String name) {
        Map<String, Object> edges = (Map<String, Object>) description.get("edges");
        Map<String, Object> edge = (Map<String, Object>) edges.get(edgeId);
        if (edge == null) {
            throw new AssertionError("no edge " + edgeId + " in " + edges.keySet());
        }
        Map<String, Object> counters = "edge".equals(part)
                ? (Map<String, Object>) ((Map<String, Object>) edge.get("edge")).get("counters")
                : (Map<String, Object>) edge.get("counters");
        Object v = counters.get(name);
        return v == null ? -1 : ((Number) v).longValue();
    }

    /** @return the sensor's stage running the mixin whose term is {@code term} (e.g. {@code Kafka}), from its status */
    @SuppressWarnings("unchecked")
    static Map<String, Object> stage(Node node, String sensorId, String term) {
        Node.Response r = node.get("/sensor/" + sensorId + "/");
        assertEquals(r.toString(), 200, r.code);
        for (Object o : (List<Object>) r.json().get("stages")) {
            Map<String, Object> stage = (Map<String, Object>) o;
            if (String.valueOf(stage.get("mixin")).endsWith("#" + term)) {
                return stage;
            }
        }
        throw new AssertionError("no " + term + " stage in " + r.body);
    }

    /** @return how many values that stage took in ({@code counters.in}) */
    @SuppressWarnings("unchecked")
    static long stageIn(Node node, String sensorId, String term) {
        return ((Number) ((Map<String, Object>) stage(node, sensorId, term).get("counters")).get("in")).longValue();
    }

    @SuppressWarnings("unchecked")
    static String edgeState(Map<String, Object> description, String edgeId) {
        Map<String, Object> edges = (Map<String, Object>) description.get("edges");
        Map<String, Object> edge = (Map<String, Object>) ((Map<String, Object>) edges.get(edgeId)).get("edge");
        return (String) edge.get("state");
    }

    static double number(Map<String, Object> value) {
        return ((Number) value.get("value")).doubleValue();
    }

    static long ts(Map<String, Object> value) {
        return ((Number) value.get("ts")).longValue();
    }
}
