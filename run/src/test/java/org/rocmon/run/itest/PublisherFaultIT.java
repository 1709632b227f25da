package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 15.3, publisher faults on a real node process: a Webhook whose destination accepts connections and never
 * answers, and a disk that fills under a Log publisher and the history store (a 512 KiB tmpfs, mounted by the test
 * when it runs as root, skipped otherwise). In both cases the failure shows in the stage's status ({@code errors},
 * {@code lastError}) or the store's counters, and the other pipelines (another publisher of the same sensor, another
 * sensor) get every value, in order; the collectors' frames are all acknowledged.
 */
public class PublisherFaultIT {

    private static final int VALUES = 40;
    private static final long EVERY_MILLIS = 50;

    private static MultiNode nodes;
    private static NodeProcess node;
    /** The tmpfs the disk test fills, or null when it could not be mounted. */
    private static Path small;

    @BeforeClass
    public static void startNode() throws Exception {
        nodes = new MultiNode("faults");
        node = nodes.create("faults");
        small = mountSmallDisk(nodes.files("small"));
        if (small != null) { // the node's history store lives on the small disk
            node.config("org.rocmon.history", Map.of("folder", small.resolve("history").toString()));
        }
        nodes.startAll(List.of(node));
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (small != null) {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    /** @return the mount point of a 512 KiB tmpfs, or null when not root or mount is refused */
    private static Path mountSmallDisk(Path at) throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).trim();
        if (id.waitFor() != 0 || !"0".equals(uid)) {
            return null;
        }
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        String out = new String(m.getInputStream().readAllBytes());
        if (m.waitFor() != 0) {
            System.out.println("PublisherFaultIT: mount refused: " + out);
            return null;
        }
        return at;
    }

    @Test
    public void aWebhookThatNeverAnswersHoldsUpNoOtherPipeline() throws Exception {
        Path files = nodes.files("hang");
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // read nothing, answer nothing
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-webhook");
            acceptor.setDaemon(true);
            acceptor.start();
            Sensors.define(node.node, "/sensor/h-hook/", Sensors.sensor(
                    List.of(Sensors.PUB + "Webhook", Sensors.PUB + "Log"),
                    Sensors.attrs("occi.sensor.period", 0.5,
                            Sensors.NS + "Webhook.url", "http://127.0.0.1:" + silent.getLocalPort() + "/hook",
                            Sensors.NS + "Webhook.input", "n", Sensors.NS + "Webhook.retries", 0,
                            Sensors.NS + "Log.filename", files.resolve("hook.log").toString(),
                            Sensors.NS + "Log.in_msg", "n"),
                    List.of("h-c1")));
            Sensors.define(node.node, "/sensor/h-other/", Node.logSensor("h-other", "n",
                    files.resolve("other.log"), "h-c2"));
            feed("h-hook", "h-c1", "h-other", "h-c2");
            assertEveryValue(files.resolve("hook.log"), "the Log beside the hanging Webhook");
            assertEveryValue(files.resolve("other.log"), "another sensor");
            Node.await("the Webhook's failure shows in its stage", 30_000,
                    () -> Sensors.stage(node.node, "h-hook", "Webhook").get("lastError") != null);
            Map<String, Object> hook = Sensors.stage(node.node, "h-hook", "Webhook");
            System.out.println("PublisherFaultIT: hanging Webhook: " + hook.get("state") + ", " + hook.get("lastError")
                    + ", connections held " + held.size());
            assertTrue("the Webhook reached the silent server", !held.isEmpty());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    public void aFullDiskFailsOnlyWhatWritesThere() throws Exception {
        Assume.assumeTrue("needs root to mount a small tmpfs (id -u is not 0, or mount was refused)", small != null);
        Path files = nodes.files("disk");
        Sensors.define(node.node, "/sensor/d-full/", Sensors.sensor(
                List.of(Sensors.PUB + "Log", Sensors.PUB + "History"),
                Sensors.attrs("occi.sensor.period", 0.5, Sensors.NS + "Log.filename",
                        small.resolve("full.log").toString(), Sensors.NS + "Log.in_msg", "n",
                        Sensors.NS + "History.input", "n"),
                List.of("d-c1")));
        Sensors.define(node.node, "/sensor/d-safe/", Node.logSensor("d-safe", "n", files.resolve("safe.log"),
                "d-c2"));
        long filled = fill(small.resolve("filler"));
        System.out.println("PublisherFaultIT: the small disk is full after " + filled + " bytes of filler");
        feed("d-full", "d-c1", "d-safe", "d-c2");
        assertEveryValue(files.resolve("safe.log"), "the sensor whose Log writes elsewhere");
        Node.await("the Log on the full disk reports it", 30_000, () -> {
            Object e = Sensors.stage(node.node, "d-full", "Log").get("lastError");
            return e != null && e.toString().contains("No space left");
        });
        Map<String, Object> history = Json.object(node.node.get("/history/").body);
        Node.await("the history store counts what it could not write", 30_000,
                () -> ((Number) Json.object(node.node.get("/history/").body).get("dropped")).longValue() > 0);
        Map<String, Object> log = Sensors.stage(node.node, "d-full", "Log");
        System.out.println("PublisherFaultIT: full disk: Log " + log.get("counters") + ", " + log.get("lastError")
                + "; history store " + Json.object(node.node.get("/history/").body));
        assertTrue(history.containsKey("dropped"));
        Map<String, Object> full = Sensors.describe(node.node, "d-full");
        assertEquals("the full disk costs no frame: every one acknowledged and taken in", VALUES,
                Sensors.counter(full, "in"));
    }

    /** Sends 1..VALUES to two sensors, one frame per {@link #EVERY_MILLIS}, and waits until all are acknowledged. */
    private static void feed(String s1, String c1, String s2, String c2) {
        try (TestCollector a = TestCollector.connect(node.node, s1, c1);
                TestCollector b = TestCollector.connect(node.node, s2, c2)) {
            for (int i = 1; i <= VALUES; i++) {
                long ts = System.currentTimeMillis();
                a.send(ts, Map.of("n", i));
                b.send(ts, Map.of("n", i));
                Node.sleep(EVERY_MILLIS);
            }
            a.awaitAck(VALUES, 30_000);
            b.awaitAck(VALUES, 30_000);
        }
    }

    private static void assertEveryValue(Path log, String what) {
        Node.await(what + " logged every value (has " + Node.logLines(log).size() + ")", 30_000,
                () -> Node.logLines(log).size() >= VALUES);
        List<Integer> values = new ArrayList<>();
        for (Map<String, Object> line : Node.logLines(log)) {
            values.add(((Number) line.get("value")).intValue());
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= VALUES; i++) {
            expected.add(i);
        }
        assertEquals(what + ": every value once, in order", expected, values);
    }

    /** Writes into {@code file} until the disk refuses. */
    private static long fill(Path file) throws IOException {
        long n = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
                n += block.length;
            }
        } catch (IOException full) {
            return n;
        }
    }
}
