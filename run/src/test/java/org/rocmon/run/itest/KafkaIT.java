package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 16, part 2, against a real Kafka broker (KRaft, its own JVM, {@link KafkaBroker}) and a real node process:
 * a sensor with the Kafka mixin, fed by two collectors played by the test (known values 1..N, keys t01 and t02),
 * sends every value into a topic of three partitions; a {@link KafkaConsumer} in the test reads them back. Every
 * value arrives exactly once and in order per key, before and after the broker is restarted mid-stream: values
 * the sensor publishes while the broker is down are held by the producer and delivered when it is back. A second
 * sensor whose Kafka mixin names a port where no broker listens shows the problem in its description.
 */
public class KafkaIT {

    private static final String TOPIC = "rocmon.k01";
    private static final int BEFORE = 100;
    private static final int TOTAL = 300;
    private static final Pattern VALUE = Pattern.compile("\"value\":(\\d+)");

    private static String sensor(String id, String servers, String topic, String collector) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + Node.SENSOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#Kafka\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Kafka.servers\":\"" + servers + "\","
                + "\"com.example.occi.monitoring.Kafka.topic\":\"" + topic + "\","
                + "\"com.example.occi.monitoring.Kafka.input\":\"n\"},"
                + "\"links\":[" + collector + "]}";
    }

    private static KafkaBroker broker;
    private static MultiNode nodes;
    private static NodeProcess process;

    @BeforeClass
    public static void startBrokerAndNode() throws Exception {
        Path work = Path.of(System.getProperty("rocmon.itest.dir", "target/itest")).toAbsolutePath();
        broker = new KafkaBroker(Files.createTempDirectory(Files.createDirectories(work.resolve("kafka")), "broker-"));
        nodes = new MultiNode("kafka");
        // the broker and the node boot in parallel
        AtomicReference<Throwable> brokerFailure = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                broker.start();
            } catch (Throwable t) {
                brokerFailure.set(t);
            }
        }, "kafka-broker-start");
        starter.start();
        process = nodes.start("node");
        starter.join(120_000);
        if (brokerFailure.get() != null) {
            throw new AssertionError("the broker did not start", brokerFailure.get());
        }
        System.out.println("KafkaIT: broker listening after " + broker.lastStartMillis + " ms");
    }

    @AfterClass
    public static void stopAll() {
        if (nodes != null) {
            nodes.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    public void everyValueArrivesInOrderPerKeyAcrossABrokerRestart() throws Exception {
        createTopic(TOPIC, 3);
        Node node = process.node;
        Node.Response defined = node.post("/sensor/k01/",
                sensor("k01", broker.bootstrap(), TOPIC, "{\"id\":\"t01\"},{\"id\":\"t02\"}"));
        assertEquals(defined.toString(), 201, defined.code);
        int nobody = freePort();
        defined = node.post("/sensor/k02/", sensor("k02", "127.0.0.1:" + nobody, "nowhere", "{\"id\":\"t03\"}"));
        assertEquals(defined.toString(), 201, defined.code);

        try (Reader reader = new Reader(broker.bootstrap(), TOPIC, 3, "k01");
                TestCollector a = TestCollector.connect(node, "k01", "t01");
                TestCollector b = TestCollector.connect(node, "k01", "t02");
                TestCollector c = TestCollector.connect(node, "k02", "t03")) {
            long t0 = System.currentTimeMillis() - TOTAL * 1000L;
            for (int i = 1; i <= BEFORE; i++) {
                a.send(t0 + i * 1000L, Map.of("n", i));
                b.send(t0 + i * 1000L, Map.of("n", 1000 + i));
            }
            Node.await(2 * BEFORE + " records read back (" + reader.count() + ")", 60_000,
                    () -> reader.count() >= 2 * BEFORE);
            assertEquals(expected(BEFORE), reader.byKey());

            // restart the broker while both collectors go on sending
            AtomicReference<Throwable> senderFailure = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = BEFORE + 1; i <= TOTAL; i++) {
                        a.send(t0 + i * 1000L, Map.of("n", i));
                        b.send(t0 + i * 1000L, Map.of("n", 1000 + i));
                        Thread.sleep(25);
                    }
                } catch (Throwable t) {
                    senderFailure.set(t);
                }
            }, "collectors");
            sender.start();
            Node.await("the collectors are under way", 30_000, () -> a.acked() >= BEFORE + 20);
            long stoppedAt = a.acked();
            long t1 = System.nanoTime();
            broker.stop();
            int readWhenStopped = reader.count();
            Node.sleep(2_000);
            long sentWhileDown = a.acked() - stoppedAt;
            broker.start();
            long outage = (System.nanoTime() - t1) / 1_000_000;
            sender.join(120_000);
            if (senderFailure.get() != null) {
                throw new AssertionError("the collectors failed", senderFailure.get());
            }
            a.awaitAck(TOTAL, 30_000);
            b.awaitAck(TOTAL, 30_000);
            Node.await(2 * TOTAL + " records read back (" + reader.count() + ")", 120_000,
                    () -> reader.count() >= 2 * TOTAL);
            Node.sleep(500); // a duplicate would arrive right behind
            assertEquals("every value once, in order per key", expected(TOTAL), reader.byKey());
            System.out.println("KafkaIT: broker down " + outage + " ms (restart " + broker.lastStartMillis
                    + " ms); each collector sent " + sentWhileDown + " values meanwhile; " + readWhenStopped
                    + " records read before the stop, " + reader.count() + " after; none lost or duplicated");

            // a value through the sensor whose brokers cannot be reached: its Kafka stage says so
            c.send(System.currentTimeMillis(), Map.of("n", 1));
            Node.await("k02's Kafka stage reports the records it holds", 30_000,
                    () -> String.valueOf(kafkaStage(node, "k02").get("lastError")).contains("held"));
            String error = String.valueOf(kafkaStage(node, "k02").get("lastError"));
            assertTrue(error, error.contains("127.0.0.1:" + nobody) && error.contains("nowhere"));
        }
        Map<String, Object> k01 = kafkaStage(node, "k01");
        System.out.println("KafkaIT: k01's Kafka stage after the restart: " + k01);
        assertTrue("no record of k01 was dropped or failed: " + k01,
                !String.valueOf(k01.get("lastError")).contains("dropped")
                        && !String.valueOf(k01.get("lastError")).contains("not delivered"));
    }

    /** t01: 1..n, t02: 1001..1000+n. */
    private static Map<String, List<Integer>> expected(int n) {
        Map<String, List<Integer>> m = new TreeMap<>();
        for (int i = 1; i <= n; i++) {
            m.computeIfAbsent("t01", k -> new ArrayList<>()).add(i);
            m.computeIfAbsent("t02", k -> new ArrayList<>()).add(1000 + i);
        }
        return m;
    }

    static Map<String, Object> kafkaStage(Node node, String sensor) {
        return Sensors.stage(node, sensor, "Kafka");
    }

    /**
     * Benchmark (figures in bench/README.md): one sensor with a Log and a Kafka publisher on the same channel, fed
     * flat out by four test collectors for a few seconds. Prints {@code BENCH kafka:} lines with the values per
     * second taken in, handed to each publisher, written by Log and read back from Kafka by a consumer; fails only
     * when a value is lost.
     */
    @Test
    public void benchKafkaNextToLog() throws Exception {
        String topic = "rocmon.bench";
        createTopic(topic, 1);
        Node node = process.node;
        Path log = nodes.files("bench").resolve("kb.log"); // under the folders the node lets mixins write in
        int collectors = 4;
        StringBuilder links = new StringBuilder();
        for (int c = 1; c <= collectors; c++) {
            links.append(c == 1 ? "" : ",").append("{\"id\":\"b").append(c).append("\"}");
        }
        String sensor = "{\"id\":\"kb\",\"kind\":\"" + Node.SENSOR_KIND + "\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#Kafka\","
                + "\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.Kafka.servers\":\"" + broker.bootstrap() + "\","
                + "\"com.example.occi.monitoring.Kafka.topic\":\"" + topic + "\","
                + "\"com.example.occi.monitoring.Kafka.input\":\"n\","
                + "\"com.example.occi.monitoring.Log.filename\":" + Json.quote(log.toString()) + ","
                + "\"com.example.occi.monitoring.Log.in_msg\":\"n\"},"
                + "\"links\":[" + links + "]}";
        Node.Response defined = node.post("/sensor/kb/", sensor);
        assertEquals(defined.toString(), 201, defined.code);
        long sendMillis = 5_000;
        List<TestCollector> cs = new ArrayList<>();
        try (Reader reader = new Reader(broker.bootstrap(), topic, 1, "kb")) {
            for (int c = 1; c <= collectors; c++) {
                cs.add(TestCollector.connect(node, "kb", "b" + c));
            }
            long[] sent = new long[collectors];
            List<Thread> threads = new ArrayList<>();
            long t0 = System.nanoTime();
            long end = t0 + sendMillis * 1_000_000L;
            for (int c = 0; c < collectors; c++) {
                int k = c;
                Thread t = new Thread(() -> {
                    long ts = System.currentTimeMillis();
                    while (System.nanoTime() < end) {
                        sent[k] = cs.get(k).send(ts++, Map.of("n", sent[k] + 1));
                    }
                }, "bench-collector-" + c);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(sendMillis + 60_000);
            }
            long total = 0;
            for (long n : sent) {
                total += n;
            }
            long all = total;
            long acked = 0;
            long logDone = 0;
            long kafkaIn = 0;
            long logIn = 0;
            long readBack = 0;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while ((acked == 0 || logDone == 0 || kafkaIn == 0 || logIn == 0 || readBack == 0)
                    && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                if (acked == 0) {
                    boolean allAcked = true;
                    for (int c = 0; c < collectors; c++) {
                        allAcked &= cs.get(c).acked() >= sent[c];
                    }
                    acked = allAcked ? now : 0;
                }
                if (kafkaIn == 0 && Sensors.stageIn(node, "kb", "Kafka") >= all) {
                    kafkaIn = now;
                }
                if (logIn == 0 && Sensors.stageIn(node, "kb", "Log") >= all) {
                    logIn = now;
                }
                if (logDone == 0 && Files.exists(log)) {
                    try (java.util.stream.Stream<String> lines = Files.lines(log)) {
                        logDone = lines.count() >= all ? now : 0;
                    }
                }
                if (readBack == 0 && reader.count() >= all) {
                    readBack = now;
                }
                Node.sleep(50);
            }
            System.out.printf("BENCH kafka: %d collectors sent %d values in %.1f s (one value per frame)%n",
                    collectors, all, sendMillis / 1000.0);
            System.out.println("BENCH kafka: values/s from the start until " + rate(all, t0, acked, "all acked by the sensor")
                    + ", " + rate(all, t0, logIn, "all handed to Log") + ", " + rate(all, t0, logDone, "all in Log's file")
                    + ", " + rate(all, t0, kafkaIn, "all handed to Kafka") + ", " + rate(all, t0, readBack,
                    "all read back from the topic by a consumer"));
            System.out.println("BENCH kafka: Kafka stage " + Sensors.stage(node, "kb", "Kafka").get("counters")
                    + ", Log stage " + Sensors.stage(node, "kb", "Log").get("counters"));
            assertTrue("every value reached Log's file and the topic", logDone > 0 && readBack > 0);
            assertEquals(all, reader.count());
        } finally {
            for (TestCollector c : cs) {
                c.close();
            }
        }
    }

    private static String rate(long values, long t0, long at, String what) {
        if (at == 0) {
            return what + ": never";
        }
        double seconds = (at - t0) / 1e9;
        return String.format("%s: %.0f (%.1f s)", what, values / seconds, seconds);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Reads the topic from the beginning on its own thread, as a consumer application would. */
    static final class Reader implements AutoCloseable {
        private final List<ConsumerRecord<String, String>> records = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private final String sensor;

        Reader(String bootstrap, String topic, int partitionCount, String sensor) {
            this.sensor = sensor;
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            // read only what the producer committed: an idempotent producer's records are never half there
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                    new StringDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < partitionCount; i++) {
                partitions.add(new TopicPartition(topic, i));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            records.add(r);
                        }
                    }
                } finally {
                    consumer.close(Duration.ofSeconds(2));
                }
            }, "kafka-reader");
            thread.start();
        }

        int count() {
            return records.size();
        }

        /** The values of each key in the order of their partition's offsets, checking each record's JSON. */
        Map<String, List<Integer>> byKey() {
            Map<String, List<Integer>> out = new TreeMap<>();
            List<ConsumerRecord<String, String>> copy;
            synchronized (records) {
                copy = new ArrayList<>(records);
            }
            Map<String, Integer> partitionOfKey = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> r : copy) {
                Integer before = partitionOfKey.putIfAbsent(r.key(), r.partition());
                assertTrue("key " + r.key() + " in one partition", before == null || before == r.partition());
                assertTrue(r.value(), r.value().startsWith("{\"ts\":") && r.value().contains("\"sensor\":\"" + sensor + "\"")
                        && r.value().contains("\"channel\":\"n\"") && r.value().contains("\"source\":\"" + r.key()
                        + "\""));
                Matcher m = VALUE.matcher(r.value());
                assertTrue(r.value(), m.find());
                out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(m.group(1)));
            }
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
