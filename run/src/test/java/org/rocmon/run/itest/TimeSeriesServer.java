package org.rocmon.run.itest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assert;
import org.junit.Assume;

/**
 * A real time-series server from Debian's packages, started by a test in its own folder on loopback ports the test
 * chose, and stopped with it: Prometheus 2.42 with its remote-write receiver, VictoriaMetrics, InfluxDB 1.6
 * ({@code influxd}) and Graphite's carbon-cache. Each writes a configuration file of its own under the folder (data,
 * logs, pid there too) and is ready when its health endpoint (or, for Carbon, its line port) answers.
 *
 * <p>A missing binary skips the test with a message naming the package, except under CI ({@code CI} set), where
 * {@code ./rocmon test} installs the packages: there it fails, as the other real peers do.
 */
final class TimeSeriesServer implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 90_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    /** The HTTP port (Prometheus, VictoriaMetrics, InfluxDB) or the plaintext line port (Carbon). */
    final int port;
    final Path dir;
    private final Process process;

    private TimeSeriesServer(String name, int port, Path dir, List<String> command, String readyPath)
            throws IOException {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        try {
            Node.await(name + " answers on 127.0.0.1:" + port + " (log: " + dir.resolve(name + ".log") + ")",
                    START_TIMEOUT_MS, () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(name + " exited with " + process.exitValue() + ": " + log());
                        }
                        return readyPath == null ? accepts(port) : status(readyPath) / 100 == 2;
                    });
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    /** Skips (outside CI) or fails (under CI) when the package's binary is missing. */
    static void require(String binary, String debianPackage) {
        boolean present = new File(binary).canExecute();
        String ci = System.getenv("CI");
        if (ci == null || ci.isBlank()) {
            Assume.assumeTrue("no " + binary + " (apt-get install " + debianPackage + "; ./rocmon test does)",
                    present);
        }
        Assert.assertTrue("CI needs " + binary + " (./rocmon test installs " + debianPackage + ")", present);
    }

    /** Prometheus with {@code --web.enable-remote-write-receiver}: remote write at {@code /api/v1/write}. */
    static TimeSeriesServer prometheus(Path dir) throws IOException {
        require("/usr/bin/prometheus", "prometheus");
        Files.createDirectories(dir);
        int port = MultiNode.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n", StandardCharsets.UTF_8);
        return new TimeSeriesServer("prometheus", port, dir, List.of("/usr/bin/prometheus",
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver"), "/-/ready");
    }

    /** VictoriaMetrics (single node): remote write at {@code /api/v1/write}, raw samples at {@code /api/v1/export}. */
    static TimeSeriesServer victoriaMetrics(Path dir) throws IOException {
        require("/usr/bin/victoria-metrics", "victoria-metrics");
        Files.createDirectories(dir);
        int port = MultiNode.freePort();
        return new TimeSeriesServer("victoria-metrics", port, dir, List.of("/usr/bin/victoria-metrics",
                "-httpListenAddr=127.0.0.1:" + port, "-storageDataPath=" + dir.resolve("data"),
                "-retentionPeriod=1d", "-search.latencyOffset=0s"), "/health");
    }

    /** InfluxDB 1.x: HTTP API on {@link #port}, its RPC port on another loopback port, no UDP, no reporting. */
    static TimeSeriesServer influxd(Path dir) throws IOException {
        require("/usr/bin/influxd", "influxdb");
        Files.createDirectories(dir);
        int port = MultiNode.freePort();
        Path config = dir.resolve("influxdb.conf");
        Files.writeString(config, String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + MultiNode.freePort() + "\"",
                "[meta]",
                "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]",
                "  dir = \"" + dir.resolve("data") + "\"",
                "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[http]",
                "  bind-address = \"127.0.0.1:" + port + "\"",
                "  log-enabled = false",
                "[monitor]",
                "  store-enabled = false",
                "[continuous_queries]",
                "  enabled = false",
                ""), StandardCharsets.UTF_8);
        return new TimeSeriesServer("influxd", port, dir,
                List.of("/usr/bin/influxd", "run", "-config", config.toString()), "/ping");
    }

    /**
     * Graphite's carbon-cache in the foreground: the plaintext line receiver on {@link #port}, pickle and cache
     * query on other loopback ports, every metric kept at one value per second for two hours, whisper files under
     * {@link #whisper()} written as soon as they are received.
     */
    static TimeSeriesServer carbon(Path dir) throws IOException {
        require("/usr/bin/carbon-cache", "graphite-carbon");
        require("/usr/bin/whisper-fetch", "python3-whisper");
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("whisper"));
        Files.createDirectories(dir.resolve("log"));
        int port = MultiNode.freePort();
        Files.writeString(conf.resolve("carbon.conf"), String.join("\n",
                "[cache]",
                "STORAGE_DIR = " + dir,
                "LOCAL_DATA_DIR = " + dir.resolve("whisper"),
                "WHISPER_DIR = " + dir.resolve("whisper"),
                "CONF_DIR = " + conf,
                "LOG_DIR = " + dir.resolve("log"),
                "PID_DIR = " + dir,
                "ENABLE_LOGROTATION = False",
                "USER =",
                "MAX_CACHE_SIZE = inf",
                "MAX_UPDATES_PER_SECOND = 10000",
                "MAX_CREATES_PER_MINUTE = inf",
                "LINE_RECEIVER_INTERFACE = 127.0.0.1",
                "LINE_RECEIVER_PORT = " + port,
                "ENABLE_UDP_LISTENER = False",
                "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
                "PICKLE_RECEIVER_PORT = " + MultiNode.freePort(),
                "CACHE_QUERY_INTERFACE = 127.0.0.1",
                "CACHE_QUERY_PORT = " + MultiNode.freePort(),
                "LOG_UPDATES = False",
                "WHISPER_AUTOFLUSH = True",
                ""), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("storage-schemas.conf"), "[all]\npattern = .*\nretentions = 1s:2h\n",
                StandardCharsets.UTF_8);
        return new TimeSeriesServer("carbon-cache", port, dir, List.of("/usr/bin/carbon-cache",
                "--config=" + conf.resolve("carbon.conf"), "--nodaemon", "start"), null);
    }

    /** @return {@code http://127.0.0.1:<port>} */
    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Carbon's whisper folder: {@code a.b.c} is {@code whisper/a/b/c.wsp}. */
    Path whisper() {
        return dir.resolve("whisper");
    }

    /** @return the body of {@code GET path} (2xx only), with the query parameters URL-encoded */
    String get(String path, String... params) {
        return send(HttpRequest.newBuilder(uri(path, params)).GET());
    }

    /** @return the body of {@code POST path} with an empty body (2xx only) */
    String post(String path, String... params) {
        return send(HttpRequest.newBuilder(uri(path, params)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path, String... params) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i + 1 < params.length; i += 2) {
            q.append(q.length() == 0 ? "?" : "&").append(URLEncoder.encode(params[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return URI.create(base() + path + q);
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError(name + " answered " + r.statusCode() + " to " + r.uri() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code whisper-fetch} on a metric's file.
     *
     * @return {@code [epoch seconds, value]} of every second that has a value, from {@code from} to now
     */
    List<double[]> whisperFetch(String metric, long fromSeconds) throws IOException, InterruptedException {
        Path file = whisper().resolve(metric.replace('.', '/') + ".wsp");
        List<double[]> points = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return points;
        }
        Process p = new ProcessBuilder("/usr/bin/whisper-fetch", "--from=" + fromSeconds, file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assert.assertTrue("whisper-fetch timed out", p.waitFor(30, TimeUnit.SECONDS));
        Assert.assertEquals("whisper-fetch: " + out, 0, p.exitValue());
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && !"None".equals(f[1])) {
                points.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
            }
        }
        return points;
    }

    /** @return the end of the server's log, for failure messages */
    String log() {
        try {
            String text = Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
