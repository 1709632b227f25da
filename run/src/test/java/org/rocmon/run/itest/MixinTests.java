package org.rocmon.run.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** What the mixin repository tests share: an EWMA sensor, a feeder through a real collector edge, bundle lookup. */
final class MixinTests {

    static final String EWMA = "http://example.com/occi/monitoring/aggregator#EWMA";
    static final String EWMA_BUNDLE = "org.rocmon.mixins.aggregator.ewma";

    private MixinTests() {
    }

    /**
     * A sensor that averages channel {@code a} with EWMA (gain 1: the output is the input, times 1000 in the
     * 2.0.0 fixture) into {@code c}, logs {@code c} to {@code log}, and admits collector {@code collector}.
     *
     * @param pin version range for EWMA ({@code rocmon.mixin.versions}), or {@code null}
     */
    static String ewmaSensor(String id, Path log, String collector, String pin) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\","
                + "\"mixins\":[\"" + EWMA + "\",\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi\":{\"sensor\":{\"period\":1}},"
                + "\"com\":{\"example\":{\"occi\":{\"monitoring\":{"
                + "\"EWMA\":{\"gain\":1,\"instream\":\"a\",\"outstream\":\"c\"},"
                + "\"Log\":{\"filename\":" + Json.quote(log.toString()) + ",\"in_msg\":\"c\"}}}}}"
                + (pin == null ? "" : ",\"rocmon\":{\"mixin\":{\"versions\":{\"" + EWMA + "\":\"" + pin + "\"}}}")
                + "},\"links\":[{\"id\":\"" + collector + "\"}]}";
    }

    /** @return the values of the log's lines */
    static List<Double> values(Path log) {
        List<Double> out = new ArrayList<>();
        for (Map<String, Object> line : Node.logLines(log)) {
            Object v = line.get("value");
            if (v instanceof Number) {
                out.add(((Number) v).doubleValue());
            }
        }
        return out;
    }

    /** @return the installed bundles of that symbolic name */
    static List<Bundle> bundles(BundleContext context, String symbolicName) {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                out.add(b);
            }
        }
        return out;
    }

    /** @return state of the sensor, e.g. running or degraded */
    @SuppressWarnings("unchecked")
    static String state(Node node, String sensor) {
        Map<String, Object> d = node.get("/sensor/" + sensor + "/").json();
        return String.valueOf(((Map<String, Object>) d.get("status")).get("state"));
    }

    /** @return the version of the sensor's EWMA stage */
    static String ewmaVersion(Node node, String sensor) {
        Map<String, Object> st = ewmaStage(node, sensor);
        return st == null ? null : String.valueOf(st.get("version"));
    }

    /** @return the sensor's EWMA stage as GET /sensor/{id}/ describes it, or null */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ewmaStage(Node node, String sensor) {
        Map<String, Object> d = node.get("/sensor/" + sensor + "/").json();
        for (Object o : (List<Object>) d.get("stages")) {
            Map<String, Object> st = (Map<String, Object>) o;
            if (EWMA.equals(st.get("mixin"))) {
                return st;
            }
        }
        return null;
    }

    /** @return a counter of a stage description */
    @SuppressWarnings("unchecked")
    static long counter(Map<String, Object> stage, String name) {
        Object v = ((Map<String, Object>) stage.get("counters")).get(name);
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }

    /** @return the directory of the first configured repository index (run/target/mixins) */
    static Path mixinsFolder(BundleContext context) {
        String first = context.getProperty(RocmonOptions.REPOSITORIES).split(",")[0].trim();
        return Path.of(first).getParent();
    }

    /** POSTs bytes with extra headers (name, value, name, value ...). */
    static Node.Response post(Node node, String path, String contentType, byte[] body, String... headers) {
        return send(node, "POST", path, contentType, body, headers);
    }

    static Node.Response delete(Node node, String path, String... headers) {
        return send(node, "DELETE", path, null, null, headers);
    }

    private static Node.Response send(Node node, String method, String path, String contentType, byte[] body,
            String... headers) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(node.base + path).openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(15_000);
            c.setRequestProperty("Connection", "close");
            String authorization = node.authorization(path);
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                c.setRequestProperty(headers[i], headers[i + 1]); // the test's own Authorization wins
            }
            if (body != null) {
                c.setRequestProperty("Content-Type", contentType);
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int code = c.getResponseCode();
            InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            if (in != null) {
                try (in) {
                    in.transferTo(text);
                }
            }
            c.disconnect();
            return new Node.Response(method + " " + path, code, text.toString(StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Node.Response(method + " " + path, -1, e.toString(), null);
        }
    }
}
