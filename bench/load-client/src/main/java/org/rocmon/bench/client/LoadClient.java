package org.rocmon.bench.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import org.rocmon.bench.histogram.LogHistogram;

/**
 * The load: N collector edges to one WebSocket URL (the sensor or the bare sink), measured over a window after
 * a warm-up, written as one JSON result. See bench/README.md for every option and what each figure means.
 */
public final class LoadClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LoadClient() {
    }

    /** The paced mode's tick: an interval is rounded to a whole number of ticks. */
    static final int PACE_TICK_MS = 10;

    public static void main(String[] args) {
        try {
            run(new Options(args));
        } catch (Throwable e) {
            e.printStackTrace();
        }
        // Jetty's non-daemon threads would keep a failed run alive; and 10k orderly close handshakes would
        // outlast the scenario budget, so the process ends here either way.
        System.exit(1);
    }

    private static void run(Options o) throws Exception {
        URI uri = URI.create(o.require("url"));
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("loopback only: " + uri);
        }
        int n = o.integer("connections", 64);
        int channels = o.integer("channels", 1);
        int windowSize = o.integer("window", 256);
        boolean saturate = !"paced".equals(o.get("mode", "saturate"));
        int intervalMs = o.integer("interval-ms", 5000);
        double warmup = o.number("warmup", 3);
        double duration = o.number("duration", 10);
        Path statsFile = Paths.get(o.require("stats"));
        String statusUrl = o.get("sensor-status", null);
        long heapPid = Long.parseLong(o.get("heap-pid", "-1"));
        int sampleSeconds = o.integer("sample-seconds", 0);
        Path out = Paths.get(o.require("out"));

        ObjectNode result = MAPPER.createObjectNode();
        result.put("label", o.require("label"));
        result.put("url", uri.toString());
        result.put("mode", saturate ? "saturate" : "paced");
        result.put("connections", n);
        result.put("channels", channels);
        result.put("window", windowSize);
        if (!saturate) {
            result.put("intervalMs", intervalMs);
        }

        HttpClient http = new HttpClient();
        // wss:// trusts the node's CA given with --cacert (the TLS side of the bench)
        String caCert = o.get("cacert", null);
        org.eclipse.jetty.util.ssl.SslContextFactory.Client ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Client();
        ssl.setSslContext(Tls.context(caCert));
        http.setSslContextFactory(ssl);
        // An upgrade takes a pooled connection for good; the default cap of 64 per destination would queue the rest.
        http.setMaxConnectionsPerDestination(n + 64);
        http.setMaxRequestsQueuedPerDestination(n + 64);
        http.setConnectTimeout(30_000);
        http.start();
        WebSocketClient ws = new WebSocketClient(http);
        ws.setIdleTimeout(Duration.ofMinutes(10));
        ws.start();

        long heapBefore = heapPid > 0 ? HeapProbe.usedAfterGc(heapPid) : -1;

        LogHistogram rtt = new LogHistogram();
        LongAdder sendFailures = new LongAdder();
        long epoch = System.currentTimeMillis();
        List<CollectorConnection> conns = new ArrayList<>(n);
        Semaphore inFlight = new Semaphore(o.integer("connect-concurrency", 256));
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong firstFailure = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            conns.add(new CollectorConnection(SensorDefinition.collectorId(i), epoch, channels, windowSize, saturate,
                    rtt, sendFailures));
        }
        // Paced frames start with the first connection: a socket left silent through a long connect phase would
        // meet the server's idle timeout (real edges ping every 5 s), which is not what a soak measures.
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        if (!saturate) {
            // Spread the paced frames evenly, as independent collectors would be: every PACE_TICK_MS one slice of
            // the connections sends one frame each, so each connection sends once per interval (a whole number of
            // ticks: 250 ms was 2 ticks of 100 ms, i.e. 5 frames/s instead of 4, before the tick was 10 ms).
            int slices = Math.max(1, Math.round(intervalMs / (float) PACE_TICK_MS));
            AtomicLong tick = new AtomicLong();
            ticker.scheduleAtFixedRate(() -> {
                long t = tick.getAndIncrement() % slices;
                for (int i = (int) t; i < conns.size(); i += slices) {
                    conns.get(i).sendOne();
                }
            }, 0, PACE_TICK_MS, TimeUnit.MILLISECONDS);
        }

        long connectStart = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = SensorDefinition.collectorId(i);
            CollectorConnection c = conns.get(i);
            ClientUpgradeRequest request = new ClientUpgradeRequest();
            request.setHeader("Rocmon-Collector", id);
            if (NodeToken.AUTHORIZATION != null) {
                request.setHeader("Authorization", NodeToken.AUTHORIZATION);
            }
            inFlight.acquire();
            ws.connect(c, uri, request).whenComplete((session, error) -> {
                inFlight.release();
                if (error == null) {
                    connected.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    if (failures.size() < 5) {
                        failures.add(error.toString());
                    }
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.integer("connect-timeout", 45));
        while (connected.get() + failed.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        result.put("connected", connected.get());
        result.put("connectFailures", failed.get());
        result.put("connectSeconds", round(connectSeconds));
        if (!failures.isEmpty()) {
            result.putPOJO("connectErrors", failures);
        }
        System.out.printf("%s: %d/%d connected in %.1f s (%d failed)%n", o.require("label"), connected.get(), n,
                connectSeconds, failed.get());

        Thread.sleep((long) (warmup * 1000));
        Snapshot before = Snapshot.take(conns, rtt, statsFile);
        JsonNode sensorBefore = sensorStatus(statusUrl, caCert);
        if (sampleSeconds > 0 && heapPid > 0) {
            result.set("soak", ProcessSample.report(MAPPER, soak(heapPid, duration, sampleSeconds)));
        } else {
            Thread.sleep((long) (duration * 1000));
        }
        Snapshot after = Snapshot.take(conns, rtt, statsFile);
        JsonNode sensorAfter = sensorStatus(statusUrl, caCert);
        int stillConnected = 0;
        for (CollectorConnection c : conns) {
            stillConnected += c.connected() ? 1 : 0;
        }
        long heapAfter = heapPid > 0 ? HeapProbe.usedAfterGc(heapPid) : -1;

        double seconds = (after.nanos - before.nanos) / 1e9;
        result.put("measuredSeconds", round(seconds));
        result.put("stillConnected", stillConnected);
        ObjectNode client = result.putObject("client");
        client.put("framesSent", after.sent - before.sent);
        client.put("framesAcked", after.acked - before.acked);
        client.put("ackedFramesPerSec", Math.round((after.acked - before.acked) / seconds));
        client.put("sendFailures", sendFailures.sum());
        long[] rttWindow = LogHistogram.minus(after.rtt, before.rtt);
        client.put("ackRttP50us", LogHistogram.percentile(rttWindow, 50));
        client.put("ackRttP99us", LogHistogram.percentile(rttWindow, 99));
        ObjectNode server = result.putObject("server");
        if (before.stats != null && after.stats != null && after.stats.ts() > before.stats.ts()) {
            double serverSeconds = (after.stats.ts() - before.stats.ts()) / 1000.0;
            long measurements = after.stats.count() - before.stats.count();
            server.put("measurements", measurements);
            server.put("measurementsPerSec", Math.round(measurements / serverSeconds));
            if (after.stats.frames() >= 0) {
                server.put("framesPerSec", Math.round((after.stats.frames() - before.stats.frames()) / serverSeconds));
            }
            long[] latency = LogHistogram.minus(after.stats.hist(), before.stats.hist());
            server.put("latencySamples", LogHistogram.total(latency));
            server.put("e2eP50us", LogHistogram.percentile(latency, 50));
            server.put("e2eP99us", LogHistogram.percentile(latency, 99));
        } else {
            server.put("error", "no stats from " + statsFile + " (is the Count publisher installed and ticking?)");
        }
        if (heapPid > 0) {
            ObjectNode heap = result.putObject("heap");
            heap.put("pid", heapPid);
            heap.put("beforeBytes", heapBefore);
            heap.put("afterBytes", heapAfter);
            if (heapBefore > 0 && heapAfter > 0 && stillConnected > 0) {
                heap.put("perConnectionBytes", (heapAfter - heapBefore) / stillConnected);
            }
        }
        if (sensorBefore != null && sensorAfter != null) {
            result.set("sensorWindow", counterRates(sensorBefore, sensorAfter, seconds));
        }
        if (sensorBefore != null) {
            result.set("sensorBefore", sensorBefore);
        }
        if (sensorAfter != null) {
            result.set("sensorAfter", sensorAfter);
        }
        Files.writeString(out, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        System.out.println(MAPPER.writeValueAsString(summary(result)));

        ticker.shutdownNow();
        for (CollectorConnection c : conns) {
            c.stop();
        }
        System.exit(0);
    }

    /**
     * The sensor's own counters over the window, per second: "in" is every measurement it took from frames,
     * "dropped" what its stage inboxes refused (the sensor acks on entry to the pipeline, so a collector's window
     * does not stop it from overrunning a slow stage).
     */
    static ObjectNode counterRates(JsonNode before, JsonNode after, double seconds) {
        ObjectNode rates = MAPPER.createObjectNode();
        JsonNode b = before.path("status").path("counters");
        JsonNode a = after.path("status").path("counters");
        a.fieldNames().forEachRemaining(name -> {
            if (a.get(name).canConvertToLong() && b.path(name).canConvertToLong()) {
                rates.put(name + "PerSec", Math.round((a.get(name).asLong() - b.get(name).asLong()) / seconds));
            }
        });
        return rates;
    }

    private static ObjectNode summary(ObjectNode r) {
        ObjectNode s = r.deepCopy();
        s.remove("sensorBefore");
        s.remove("sensorAfter");
        return s;
    }

    /** @return the sensor's status and stages (not its 10k collectors), or {@code null} */
    private static JsonNode sensorStatus(String url, String caCert) {
        if (url == null) {
            return null;
        }
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(Tls.context(caCert))
                    .build();
            HttpResponse<String> r = http.send(NodeToken.authorize(HttpRequest.newBuilder(URI.create(url)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = MAPPER.readTree(r.body());
            ObjectNode kept = MAPPER.createObjectNode();
            kept.put("httpStatus", r.statusCode());
            kept.set("status", n.path("status"));
            kept.set("stages", n.path("stages"));
            return kept;
        } catch (Exception e) {
            ObjectNode err = MAPPER.createObjectNode();
            err.put("error", e.toString());
            return err;
        }
    }

    /** Samples the node every {@code sampleSeconds} over the window, first and last included. */
    private static List<ProcessSample> soak(long pid, double duration, int sampleSeconds)
            throws InterruptedException {
        List<ProcessSample> samples = new ArrayList<>();
        long start = System.currentTimeMillis();
        long end = start + (long) (duration * 1000);
        while (true) {
            ProcessSample s = ProcessSample.take(pid, start);
            samples.add(s);
            System.out.printf("soak %4d s: heap after GC %d KiB, %d threads, %d fds%n", s.millis() / 1000,
                    s.heapBytes() / 1024, s.threads(), s.fds());
            long now = System.currentTimeMillis();
            if (now >= end) {
                return samples;
            }
            Thread.sleep(Math.min(sampleSeconds * 1000L, end - now));
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Totals at one instant. */
    private record Snapshot(long nanos, long sent, long acked, long[] rtt, ServerStats stats) {
        static Snapshot take(List<CollectorConnection> conns, LogHistogram rtt, Path statsFile) {
            long sent = 0;
            long acked = 0;
            for (CollectorConnection c : conns) {
                sent += c.sent();
                acked += c.acked();
            }
            return new Snapshot(System.nanoTime(), sent, acked, rtt.snapshot(), ServerStats.read(statsFile));
        }
    }
}
