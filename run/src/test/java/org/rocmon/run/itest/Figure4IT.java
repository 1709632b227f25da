package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The paper's Figure 4 on one node: listing 1 defines sensor s01 (EWMA a->c, SendUDP c, Log b), listing 2 starts
 * collector c01 on resource g01 (CPUPercent->a, IsReachable->b). EWMA averages must reach a UDP socket, IsReachable
 * booleans the log file; after DELETE nothing may keep running.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Figure4IT {

    private static final double SENSOR_PERIOD = 1;
    private static final double COLLECTOR_PERIOD = 0.2;

    @Inject
    BundleContext context;

    private Node node;
    private DatagramSocket udp;
    private Path logFile;

    /** The paper's figure 4 is about the collector's WebSocket: keep this node's collectors off the in-process link. */
    @Configuration
    public Option[] config() {
        return org.ops4j.pax.exam.OptionUtils.combine(RocmonOptions.node(),
                org.ops4j.pax.exam.CoreOptions.frameworkProperty("rocmon.collector.localDelivery").value("false"));
    }

    @Before
    public void setUp() throws IOException {
        node = new Node(context).awaitReady();
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        udp.setSoTimeout(200);
        logFile = Files.createTempDirectory(node.data, "fig4-").resolve("s01.log");
    }

    @After
    public void tearDown() {
        node.delete("/resource/g01/");
        node.delete("/sensor/s01/");
        udp.close();
    }

    @Test
    public void figure4DeliversAveragesByUdpAndReachabilityToTheLogThenStopsCompletely() throws IOException {
        deploy();

        // EWMA(CPUPercent) on c arrives as JSON datagrams with numeric values.
        List<Map<String, Object>> datagrams = receive(3, 15_000);
        for (Map<String, Object> d : datagrams) {
            assertEquals("datagram channel: " + d, "c", d.get("channel"));
            assertTrue("numeric EWMA value: " + d, d.get("value") instanceof Double);
            double v = (Double) d.get("value");
            assertTrue("a CPU percent average is within 0..100: " + d, v >= 0 && v <= 100);
        }
        // IsReachable(127.0.0.1) on b arrives in the log as JSON lines with a boolean value.
        Node.await("3 IsReachable lines in " + logFile, 15_000, () -> Node.logLines(logFile).size() >= 3);
        for (Map<String, Object> line : Node.logLines(logFile)) {
            assertEquals("log line channel: " + line, "b", line.get("channel"));
            assertTrue("boolean IsReachable value: " + line, line.get("value") instanceof Boolean);
        }

        Node.Response sensor = node.get("/sensor/s01/");
        assertEquals(sensor.toString(), 200, sensor.code);
        Map<String, Object> s = sensor.json();
        assertEquals(sensor.toString(), "s01", s.get("id"));
        assertEquals(sensor.toString(), 3, ((List<?>) s.get("mixins")).size());
        assertTrue("sensor shows its collector c01: " + sensor, sensor.body.contains("\"c01\""));
        Node.Response resource = node.get("/resource/g01/");
        assertEquals(resource.toString(), 200, resource.code);
        assertTrue("resource shows collector c01: " + resource, resource.body.contains("\"c01\""));
        assertTrue("resource shows host facts: " + resource, resource.body.contains("cores"));
        Node.Response collector = node.get("/resource/g01/collector/c01");
        assertEquals(collector.toString(), 200, collector.code);
        assertTrue("the edge is connected to the sensor: " + sensorSockets(), sensorSockets() >= 1);

        Set<String> sensorList = ids(node.get("/sensor/"));
        assertTrue("GET /sensor/ lists s01: " + sensorList, sensorList.contains("s01"));

        undeployAndAssertQuiet();
    }

    @Test
    public void repeatedDeploymentsLeakNoThreadsFilesOrSockets() throws IOException {
        deploy();
        receive(1, 15_000);
        undeployAndAssertQuiet();
        int threadsAfterFirst = runtimeThreads().size();
        long udpAfterFirst = udpSockets();

        for (int round = 0; round < 2; round++) {
            deploy();
            receive(1, 15_000);
            undeployAndAssertQuiet();
        }
        List<String> threads = runtimeThreads();
        assertTrue("threads grew from " + threadsAfterFirst + " to " + threads.size() + " over two deployments: "
                + threads, threads.size() <= threadsAfterFirst + 1);
        assertTrue("UDP sockets grew from " + udpAfterFirst + " to " + udpSockets(), udpSockets() <= udpAfterFirst);
    }

    private void deploy() {
        Node.Response s = node.post("/sensor/s01/", Node.listing1("s01", SENSOR_PERIOD, udp.getLocalPort(), logFile));
        assertTrue(s.toString(), s.code == 201 || s.code == 200);
        Node.Response c = node.post("/resource/g01/collector/c01", Node.listing2("c01", COLLECTOR_PERIOD, "s01", "g01"));
        assertTrue(c.toString(), c.code == 201 || c.code == 200);
    }

    private void undeployAndAssertQuiet() throws IOException {
        Node.Response dc = node.delete("/resource/g01/");
        assertTrue(dc.toString(), dc.code == 204 || dc.code == 200);
        Node.Response ds = node.delete("/sensor/s01/");
        assertTrue(ds.toString(), ds.code == 204 || ds.code == 200);
        assertEquals(404, node.get("/sensor/s01/").code);
        Node.Response c = node.get("/resource/g01/collector/c01");
        assertEquals(c.toString(), 404, c.code);

        // Let in-flight values land, then nothing more may come.
        Node.sleep(500);
        drain();
        long logSize = Files.isRegularFile(logFile) ? Files.size(logFile) : 0;
        List<Map<String, Object>> late = receive(0, (long) (3 * SENSOR_PERIOD * 1000));
        assertEquals("datagrams after DELETE: " + late, 0, late.size());
        assertEquals("log lines appended after DELETE", logSize, Files.isRegularFile(logFile) ? Files.size(logFile) : 0);

        Node.await("the collector's WebSocket is closed", 5_000, () -> sensorSockets() == 0);
        Node.await("no thread named after s01, c01 or g01 remains", 5_000, () -> entityThreads().isEmpty());
        Node.await("the log file is closed", 5_000, () -> !openFiles().contains(logFile.toString()));
    }

    /** Receives datagrams until {@code atLeast} arrived (then returns) or the time is up (then fails if too few). */
    private List<Map<String, Object>> receive(int atLeast, long timeoutMs) throws IOException {
        List<Map<String, Object>> got = new ArrayList<>();
        long end = System.currentTimeMillis() + timeoutMs;
        byte[] buf = new byte[65536];
        while (System.currentTimeMillis() < end && (atLeast == 0 || got.size() < atLeast)) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
                got.add(Json.object(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)));
            } catch (SocketTimeoutException e) {
                // poll again
            }
        }
        assertTrue("expected " + atLeast + " datagrams within " + timeoutMs + " ms, got " + got, got.size() >= atLeast);
        return got;
    }

    private void drain() throws IOException {
        byte[] buf = new byte[65536];
        while (true) {
            try {
                udp.receive(new DatagramPacket(buf, buf.length));
            } catch (SocketTimeoutException e) {
                return;
            }
        }
    }

    private static Set<String> ids(Node.Response list) {
        Set<String> ids = new HashSet<>();
        Object tree = Json.parse(list.body);
        if (tree instanceof List) {
            for (Object o : (List<?>) tree) {
                if (o instanceof Map) {
                    ids.add(String.valueOf(((Map<?, ?>) o).get("id")));
                }
            }
        }
        return ids;
    }

    private static List<String> entityThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.contains("s01") || n.contains("c01") || n.contains("g01")).collect(Collectors.toList());
    }

    /** Live threads, less the HTTP server's and the JDK's pools whose size varies with load, not with deployments. */
    private static List<String> runtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.startsWith("qtp") && !n.startsWith("ForkJoinPool") && !n.startsWith("Attach")
                        && !n.startsWith("process reaper"))
                .sorted().collect(Collectors.toList());
    }

    /** Paths of the files this JVM holds open (Linux /proc). */
    private static Set<String> openFiles() {
        Set<String> files = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    files.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
        return files;
    }

    private static Set<String> socketInodes() {
        return openFiles().stream().filter(f -> f.startsWith("socket:["))
                .map(f -> f.substring(8, f.length() - 1)).collect(Collectors.toSet());
    }

    /** UDP sockets this JVM holds. */
    private static long udpSockets() {
        Set<String> mine = socketInodes();
        return table("/proc/net/udp", mine).size() + table("/proc/net/udp6", mine).size();
    }

    /** Established TCP connections this JVM opened to the node's HTTP port: the collector edges' WebSockets. */
    private long sensorSockets() {
        Set<String> mine = socketInodes();
        String port = String.format(":%04X", node.port);
        List<String[]> rows = new ArrayList<>(table("/proc/net/tcp", mine));
        rows.addAll(table("/proc/net/tcp6", mine));
        return rows.stream().filter(r -> r[2].endsWith(port) && "01".equals(r[3])).count();
    }

    /** Rows of a /proc/net table (split on blanks) whose inode is one of {@code inodes}. */
    private static List<String[]> table(String file, Set<String> inodes) {
        List<String[]> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            for (String line : lines.subList(1, lines.size())) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 9 && inodes.contains(cols[9])) {
                    rows.add(cols);
                }
            }
        } catch (IOException e) {
            // no IPv6 table on this host
        }
        return rows;
    }
}
