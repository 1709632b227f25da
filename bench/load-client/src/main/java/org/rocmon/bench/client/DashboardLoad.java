package org.rocmon.bench.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The dashboard under load, in a real browser: headless Chromium opens the dashboard of a node (through a loopback
 * relay that logs it in, as headless Chromium cannot answer a Basic challenge, and counts the {@code event: value}
 * frames the live stream delivers to the page) on a view, for a window; the browser's CPU is read from
 * {@code /proc} for every process of its profile. Each view is measured in turn in the same run; the first is the
 * baseline.
 *
 * <pre>
 * DashboardLoad --port 18080 --password P --sensor s --channels a,m1,... --charts 1,100 --topology
 *               --warmup 10 --duration 30 --out result.json
 * </pre>
 */
public final class DashboardLoad {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] VALUE_EVENT = "event: value\n".getBytes(StandardCharsets.US_ASCII);
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private DashboardLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        int port = o.integer("port", 18080);
        String authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + o.require("password"))
                .getBytes(StandardCharsets.UTF_8));
        String sensor = o.require("sensor");
        String[] channels = o.require("channels").split(",");
        double warmup = o.number("warmup", 10);
        double duration = o.number("duration", 30);
        String chromium = o.get("chromium", "/usr/bin/chromium");
        ObjectNode result = MAPPER.createObjectNode();
        ArrayNode views = result.putArray("views");
        try (Relay relay = new Relay(port, authorization)) {
            for (String charts : o.get("charts", "1,100").split(",")) {
                int n = Math.min(Integer.parseInt(charts.trim()), channels.length);
                StringBuilder keys = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    keys.append(i == 0 ? "" : ",").append("local/").append(sensor).append('/').append(channels[i]);
                }
                String hash = "#live=" + URLEncoder.encode(keys.toString(), StandardCharsets.UTF_8);
                views.add(measure("live-" + n, relay, chromium, hash, warmup, duration));
            }
            if (o.get("topology", null) != null) {
                views.add(measure("topology", relay, chromium, "#topology", warmup, duration));
            }
        }
        ObjectNode base = (ObjectNode) views.get(0);
        for (int i = 1; i < views.size(); i++) {
            ObjectNode v = (ObjectNode) views.get(i);
            if (base.get("browserCpuPercent").asDouble() > 0) {
                v.put("cpuRatioToBaseline", Math.round(v.get("browserCpuPercent").asDouble()
                        / base.get("browserCpuPercent").asDouble() * 100) / 100.0);
            }
        }
        Files.writeString(Paths.get(o.require("out")), MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(result));
        System.out.println(MAPPER.writeValueAsString(result));
        System.exit(0);
    }

    private static ObjectNode measure(String label, Relay relay, String chromium, String hash, double warmup,
            double duration) throws Exception {
        Path profile = Files.createTempDirectory("rocmon-dashboard-bench-");
        String url = "http://127.0.0.1:" + relay.port + "/dashboard/" + hash;
        Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1920,1080", "--user-data-dir=" + profile, "--remote-debugging-port=0", url)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Thread.sleep((long) (warmup * 1000));
            long cpuBefore = browserTicks(profile);
            long valuesBefore = relay.values.sum();
            long start = System.nanoTime();
            Thread.sleep((long) (duration * 1000));
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = browserTicks(profile) - cpuBefore;
            long values = relay.values.sum() - valuesBefore;
            ObjectNode v = MAPPER.createObjectNode();
            v.put("view", label);
            v.put("seconds", Math.round(seconds * 10) / 10.0);
            v.put("valuesToPagePerSec", Math.round(values / seconds * 10) / 10.0);
            v.put("browserCpuPercent", Math.round(cpu * 100.0 / CLOCK_TICKS / seconds * 10) / 10.0);
            v.put("browserAlive", browser.isAlive());
            System.out.println(v);
            return v;
        } finally {
            browser.destroy();
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }
    }

    /** @return user + system clock ticks of every live process started with this profile */
    private static long browserTicks(Path profile) throws IOException {
        String marker = "--user-data-dir=" + profile;
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Paths.get("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (!cmdline.contains(marker)) {
                        continue;
                    }
                    String stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (IOException | RuntimeException e) {
                    // the process ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    /**
     * A loopback relay to the node: adds the login to every request, one connection per request, and counts the
     * value events of the responses as they stream through.
     */
    private static final class Relay implements AutoCloseable {
        final int port;
        final LongAdder values = new LongAdder();
        private final int target;
        private final String authorization;
        private final ServerSocket server;

        Relay(int target, String authorization) throws IOException {
            this.target = target;
            this.authorization = authorization;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.port = server.getLocalPort();
            Thread t = new Thread(this::accept, "dashboard-relay");
            t.setDaemon(true);
            t.start();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread t = new Thread(() -> relay(client), "dashboard-relay-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void relay(Socket client) {
            try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int b;
                int state = 0;
                while (state < 4 && (b = in.read()) >= 0) {
                    head.write(b);
                    state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                            ? state + 1 : 0;
                }
                String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
                if (lines.length == 0 || lines[0].isEmpty()) {
                    return;
                }
                StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
                for (int i = 1; i < lines.length; i++) {
                    String l = lines[i].toLowerCase(Locale.ROOT);
                    // no compression: the relay counts the events in the stream as it passes
                    if (!l.isEmpty() && !l.startsWith("authorization:") && !l.startsWith("connection:")
                            && !l.startsWith("accept-encoding:")) {
                        out.append(lines[i]).append("\r\n");
                    }
                }
                out.append("Authorization: ").append(authorization).append("\r\nConnection: close\r\n\r\n");
                OutputStream up = upstream.getOutputStream();
                up.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.flush();
                Thread body = new Thread(() -> {
                    try {
                        in.transferTo(up);
                    } catch (IOException e) {
                        // the browser went away
                    }
                }, "dashboard-relay-body");
                body.setDaemon(true);
                body.start();
                copyCounting(upstream.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                // either side went away
            }
        }

        /** Copies a response, counting the occurrences of {@code event: value\n} across buffer boundaries. */
        private void copyCounting(InputStream from, OutputStream to) throws IOException {
            byte[] buf = new byte[16384];
            int matched = 0;
            for (int n; (n = from.read(buf)) >= 0;) {
                for (int i = 0; i < n; i++) {
                    byte c = buf[i];
                    matched = c == VALUE_EVENT[matched] ? matched + 1 : c == VALUE_EVENT[0] ? 1 : 0;
                    if (matched == VALUE_EVENT.length) {
                        values.increment();
                        matched = 0;
                    }
                }
                to.write(buf, 0, n);
                to.flush();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
