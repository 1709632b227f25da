package org.rocmon.bench.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Joins the scenario results of one run into one JSON file with the ratios against the bare baseline and the
 * targets, and prints the table. Usage: {@code Report <folder of scenario json> <out.json> [note]}.
 */
public final class Report {

    static final List<String> ORDER = List.of("bare-a", "sensor-a", "tls-a", "bare-b", "sensor-b", "tls-b", "bare-c",
            "sensor-c", "tls-c");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long GIB = 1L << 30;

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Paths.get(args[0]);
        ObjectNode all = MAPPER.createObjectNode();
        all.put("date", ZonedDateTime.now().toString());
        ObjectNode machine = all.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        if (args.length > 2) {
            all.put("note", args[2]);
        }
        ObjectNode scenarios = all.putObject("scenarios");
        for (String label : ORDER) {
            Path p = folder.resolve(label + ".json");
            if (Files.exists(p)) {
                scenarios.set(label, MAPPER.readTree(p.toFile()));
            }
        }
        all.set("verdicts", verdicts(scenarios));
        Files.writeString(Paths.get(args[1]), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        System.out.print(table(scenarios));
        System.out.println();
        all.get("verdicts").fields().forEachRemaining(e -> System.out.println(e.getKey() + ": " + e.getValue()));
    }

    static ObjectNode verdicts(JsonNode s) {
        ObjectNode v = MAPPER.createObjectNode();
        long bareA = s.path("bare-a").path("client").path("ackedFramesPerSec").asLong(0);
        long sensorA = s.path("sensor-a").path("client").path("ackedFramesPerSec").asLong(0);
        if (bareA > 0 && s.has("sensor-a")) {
            double ratio = (double) sensorA / bareA;
            v.put("a.ingestRatio", Math.round(ratio * 1000) / 1000.0);
            v.put("a.target", "sensor >= 80% of bare frames/s: " + (ratio >= 0.8 ? "MET" : "MISSED"));
        }
        for (String x : List.of("a", "b", "c")) {
            long ws = s.path("sensor-" + x).path("client").path("ackedFramesPerSec").asLong(0);
            long wss = s.path("tls-" + x).path("client").path("ackedFramesPerSec").asLong(0);
            if (ws > 0 && s.has("tls-" + x)) {
                double ratio = (double) wss / ws;
                v.put(x + ".wssRatio", Math.round(ratio * 1000) / 1000.0);
                v.put(x + ".wssTarget", "sensor over WSS >= 70% of plain WS frames/s: " + (ratio >= 0.7 ? "MET" : "MISSED"));
            }
        }
        if (s.has("sensor-b")) {
            long m = s.path("sensor-b").path("server").path("measurementsPerSec").asLong(0);
            v.put("b.measurementsPerSec", m);
            v.put("b.target", ">= 500000 measurements/s through one sensor: " + (m >= 500_000 ? "MET" : "MISSED"));
            JsonNode w = s.path("sensor-b").path("sensorWindow");
            if (w.has("inPerSec")) {
                v.put("b.sensorIngestPerSec", w.path("inPerSec").asLong());
                v.put("b.sensorDroppedPerSec", w.path("droppedPerSec").asLong());
            }
            long bareB = s.path("bare-b").path("server").path("measurementsPerSec").asLong(0);
            if (bareB > 0) {
                v.put("b.ratioToBare", Math.round(1000.0 * m / bareB) / 1000.0);
            }
        }
        if (s.has("sensor-c")) {
            JsonNode c = s.path("sensor-c");
            int want = c.path("connections").asInt();
            int held = c.path("stillConnected").asInt();
            long after = c.path("heap").path("afterBytes").asLong(-1);
            boolean met = held == want && after > 0 && after <= GIB;
            v.put("c.connectionsHeld", held + "/" + want);
            v.put("c.heapAfterBytes", after);
            v.put("c.heapPerConnectionBytes", c.path("heap").path("perConnectionBytes").asLong(-1));
            v.put("c.target", want + " connections on one port within 1 GiB heap (-Xmx1g): " + (met ? "MET" : "MISSED"));
        }
        return v;
    }

    static String table(JsonNode s) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-9s %6s %4s %10s %12s %10s %10s %10s %10s %9s %12s%n",
                "scenario", "conns", "ch", "frames/s", "measures/s", "e2e p50", "e2e p99", "rtt p50", "rtt p99",
                "held", "heap/conn"));
        for (String label : ORDER) {
            JsonNode r = s.path(label);
            if (r.isMissingNode()) {
                continue;
            }
            JsonNode srv = r.path("server");
            t.append(String.format(Locale.ROOT, "%-9s %6d %4d %10d %12s %10s %10s %10s %10s %9s %12s%n", label,
                    r.path("connections").asInt(), r.path("channels").asInt(),
                    r.path("client").path("ackedFramesPerSec").asLong(),
                    srv.has("measurementsPerSec") ? Long.toString(srv.path("measurementsPerSec").asLong()) : "n/a",
                    millis(srv.path("e2eP50us")), millis(srv.path("e2eP99us")),
                    millis(r.path("client").path("ackRttP50us")), millis(r.path("client").path("ackRttP99us")),
                    r.path("stillConnected").asInt() + "/" + r.path("connections").asInt(),
                    r.path("heap").has("perConnectionBytes")
                            ? r.path("heap").path("perConnectionBytes").asLong() + " B" : "-"));
        }
        return t.toString();
    }

    private static String millis(JsonNode micros) {
        if (!micros.canConvertToLong() || micros.asLong() < 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f ms", micros.asLong() / 1000.0);
    }
}
