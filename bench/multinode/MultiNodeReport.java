import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Summary of one multinode.sh run (a single-file program, run with the load client's class path for Jackson):
 * reads the three load clients' results (leaf1's client sampled the root's counters, the others their leaf's),
 * the leaves' forwarding counters, prints a table and writes the results JSON.
 *
 * <p>Arguments: work-folder leaves collectors interval-ms forward-period root-count results-file
 */
public final class MultiNodeReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int leaves = Integer.parseInt(args[1]);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("collectors", Integer.parseInt(args[2]));
        out.put("intervalMs", Integer.parseInt(args[3]));
        out.put("forwardPeriodSeconds", Double.parseDouble(args[4]));
        out.put("rootWindowCount", Integer.parseInt(args[5]));
        // The script's other knobs (warm-up, window, heap, JVM options, ack durability), as it wrote them.
        Path settings = work.resolve("settings.properties");
        if (Files.exists(settings)) {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newBufferedReader(settings)) {
                p.load(in);
            }
            ObjectNode knobs = out.putObject("settings");
            new java.util.TreeSet<>(p.stringPropertyNames()).forEach(k -> knobs.put(k, p.getProperty(k)));
        }
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("uptimeBefore", text(work.resolve("uptime-before.txt")));
        out.put("uptimeAfter", text(work.resolve("uptime-after.txt")));

        System.out.printf("%-6s %6s %6s %10s %9s %11s %11s %11s %9s %9s%n", "leaf", "conns", "held", "frames/s",
                "window s", "fwd in", "fwd out", "superseded", "fwd frm", "edge drop");
        long framesPerSec = 0;
        for (int i = 1; i <= leaves; i++) {
            JsonNode c = read(work.resolve("leaf" + i + "-client.json"));
            JsonNode edge = read(work.resolve("leaf" + i + "-after.json")).path("edges").path("leaf" + i + "-up");
            long acked = c.path("client").path("ackedFramesPerSec").asLong();
            framesPerSec += acked;
            JsonNode fc = edge.path("counters");
            JsonNode ec = edge.path("edge").path("counters");
            System.out.printf("leaf%-2d %6d %6d %10d %9.1f %11d %11d %11d %9d %9d%n", i, c.path("connections").asInt(),
                    c.path("stillConnected").asInt(), acked, c.path("measuredSeconds").asDouble(),
                    fc.path("in").asLong(), fc.path("out").asLong(), fc.path("dropped").asLong(),
                    ec.path("sent").asLong(), ec.path("dropped").asLong());
            ObjectNode l = out.putObject("leaf" + i);
            l.put("connections", c.path("connections").asInt());
            l.put("stillConnected", c.path("stillConnected").asInt());
            l.put("measuredSeconds", c.path("measuredSeconds").asDouble());
            l.set("client", c.path("client"));
            l.set("rootCount", c.path("server"));
            if (i > 1) {
                l.set("leafSensorWindow", c.path("sensorWindow"));
            }
            l.set("forwardTotals", edge);
        }
        out.put("collectorFramesPerSec", framesPerSec);

        JsonNode c1 = read(work.resolve("leaf1-client.json"));
        JsonNode rootWindow = c1.path("sensorWindow");
        double seconds = c1.path("measuredSeconds").asDouble();
        long statsOut = Math.round((statisticsOut(c1.path("sensorAfter")) - statisticsOut(c1.path("sensorBefore")))
                / Math.max(seconds, 1e-9));
        ObjectNode root = out.putObject("root");
        root.put("seconds", seconds);
        root.set("sensorWindow", rootWindow);
        root.put("statisticsOutPerSec", statsOut);
        JsonNode count = c1.path("server");
        root.set("count", count);

        System.out.printf("%ncollectors -> 3 leaves: %d frames/s (1 measurement each) acknowledged%n", framesPerSec);
        System.out.printf("root intake: %d values/s from %d leaf edges (dropped %d/s, duplicates %d/s)%n",
                rootWindow.path("inPerSec").asLong(), leaves, rootWindow.path("droppedPerSec").asLong(),
                rootWindow.path("duplicatesPerSec").asLong());
        System.out.printf("root Statistics outputs: %d values/s; Count on a.max: %s windows/s%n", statsOut,
                count.path("measurementsPerSec").asText("?"));
        System.out.printf("leaf measurement -> root statistic: p50 %.1f ms, p99 %.1f ms (%d samples)%n",
                count.path("e2eP50us").asLong() / 1000.0, count.path("e2eP99us").asLong() / 1000.0,
                count.path("latencySamples").asLong());
        System.out.println("load average before/after: " + out.path("uptimeBefore").asText().replaceAll(".*load", "load")
                + " / " + out.path("uptimeAfter").asText().replaceAll(".*load", "load"));
        Files.writeString(Path.of(args[6]), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        System.out.println("results: " + args[6]);
    }

    private static long statisticsOut(JsonNode sensor) {
        for (JsonNode stage : sensor.path("stages")) {
            if (stage.path("mixin").asText().endsWith("#Statistics")) {
                return stage.path("counters").path("out").asLong();
            }
        }
        return 0;
    }

    private static String text(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p).trim() : "";
    }

    private static JsonNode read(Path p) throws Exception {
        return Files.exists(p) ? MAPPER.readTree(Files.readString(p)) : MAPPER.createObjectNode();
    }
}
