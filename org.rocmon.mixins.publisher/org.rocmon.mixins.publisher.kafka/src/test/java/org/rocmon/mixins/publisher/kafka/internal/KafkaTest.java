package org.rocmon.mixins.publisher.kafka.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.testkit.MixinContexts;

public class KafkaTest {

    /** A mock producer that, while {@code refuse} is set, fails a send on the caller's thread as KafkaProducer does. */
    static final class RefusingProducer extends MockProducer<byte[], byte[]> {
        volatile RuntimeException refuse;

        RefusingProducer(boolean autoComplete) {
            super(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            RuntimeException e = refuse;
            if (e != null) {
                callback.onCompletion(null, e);
                return null;
            }
            return super.send(record, callback);
        }
    }

    private static Kafka open(RefusingProducer producer, Object... attributes) throws Exception {
        Kafka kafka = new Kafka(config -> producer);
        List<Object> a = new ArrayList<>(List.of("topic", "t", "input", "c"));
        a.addAll(List.of(attributes));
        kafka.open(MixinContexts.of(Kafka.SCHEME, Kafka.TERM, KafkaFixtureTest.SPECS, a.toArray()));
        return kafka;
    }

    private static List<String> values(MockProducer<byte[], byte[]> p) {
        List<String> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : p.history()) {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            out.add(v.replaceAll(".*\"value\":([^,}]*).*", "$1"));
        }
        return out;
    }

    private static String tickError(Kafka kafka) {
        try {
            kafka.tick(0);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    public void recordsTheProducerCannotTakeAreHeldInOrderAndSentLater() throws Exception {
        RefusingProducer p = new RefusingProducer(true);
        Kafka kafka = open(p);
        p.refuse = new TimeoutException("Topic t not present in metadata after 0 ms.");
        for (int i = 1; i <= 3; i++) {
            kafka.publish("c", Measurement.of(i, i));
        }
        assertEquals(3, kafka.held());
        assertEquals(List.of(), values(p));
        String error = tickError(kafka);
        assertNotNull("a tick with records held reports it", error);
        assertTrue(error, error.contains("3 measurement(s) held") && error.contains("not present in metadata"));
        p.refuse = null;
        kafka.publish("c", Measurement.of(4, 4));
        assertEquals("not offered again at once", List.of(), values(p));
        Thread.sleep(Kafka.RETRY_NANOS / 1_000_000 + 20);
        kafka.publish("c", Measurement.of(5, 5));
        assertEquals(List.of("1", "2", "3", "4", "5"), values(p));
        assertEquals(0, kafka.held());
        assertEquals("nothing to report once delivered", null, tickError(kafka));
        kafka.close();
    }

    @Test
    public void aFullHeldQueueDropsTheOldestAndReportsOnce() throws Exception {
        RefusingProducer p = new RefusingProducer(true);
        Kafka kafka = open(p, "maxpending", 2);
        p.refuse = new TimeoutException("no metadata");
        for (int i = 1; i <= 5; i++) {
            kafka.publish("c", Measurement.of(i, i));
        }
        String error = tickError(kafka);
        assertTrue(error, error.contains("3 measurement(s) dropped since the last tick (3 in all: {held queue full=3})"));
        p.refuse = null;
        Thread.sleep(Kafka.RETRY_NANOS / 1_000_000 + 20);
        kafka.tick(0);
        assertEquals(List.of("4", "5"), values(p));
        assertEquals(null, tickError(kafka));
        kafka.close();
    }

    @Test
    public void aRecordRefusedForGoodIsDroppedAndTheNextOnesGoOn() throws Exception {
        RefusingProducer p = new RefusingProducer(true);
        Kafka kafka = open(p);
        p.refuse = new RecordTooLargeException("too large");
        kafka.publish("c", Measurement.of(1, 1));
        p.refuse = null;
        kafka.publish("c", Measurement.of(2, 2));
        assertEquals(List.of("2"), values(p));
        String error = tickError(kafka);
        assertTrue(error, error.contains("refused: RecordTooLargeException=1"));
        kafka.close();
    }

    @Test
    public void failedDeliveriesReportedOnTheIoThreadAreCountedAndReportedOnce() throws Exception {
        RefusingProducer p = new RefusingProducer(false);
        Kafka kafka = open(p);
        kafka.publish("c", Measurement.of(1, 1));
        kafka.publish("c", Measurement.of(2, 2));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // Kafka completes records on its own I/O thread
        Thread io = new Thread(() -> {
            try {
                p.errorNext(new TimeoutException("Expiring 1 record(s) for t-0: 120000 ms has passed"));
                p.completeNext();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        io.start();
        io.join();
        assertEquals(null, thrown.get());
        String error = tickError(kafka);
        assertTrue(error, error.contains("1 record(s) not delivered since the last tick (1 in all; last: ")
                && error.contains("Expiring 1 record(s)") && error.contains("2 sent, 1 acknowledged"));
        assertEquals("reported once", null, tickError(kafka));
        kafka.close();
    }

    @Test
    public void keyDefaultsToSourceAndOtherChannelsAreIgnored() throws Exception {
        RefusingProducer p = new RefusingProducer(true);
        Kafka kafka = open(p, "input2", "d");
        kafka.publish("c", Measurement.of(1, 1).withSource("c07"));
        kafka.publish("x", Measurement.of(2, 2).withSource("c07"));
        kafka.publish("d", Measurement.of(3, 3));
        assertEquals(2, p.history().size());
        assertEquals("c07", new String(p.history().get(0).key(), StandardCharsets.UTF_8));
        assertEquals("no source: keyed by the sensor", "s01",
                new String(p.history().get(1).key(), StandardCharsets.UTF_8));
        kafka.close();
    }

    @Test
    public void producerIsIdempotentWithAcksAllAndNeverBlocks() throws Exception {
        Map<String, Object> seen = new HashMap<>();
        Kafka kafka = new Kafka(config -> {
            seen.putAll(config);
            return new RefusingProducer(true);
        });
        kafka.open(MixinContexts.of(Kafka.SCHEME, Kafka.TERM, KafkaFixtureTest.SPECS, "topic", "t", "input", "c",
                "timeout", 10));
        kafka.close();
        assertEquals("127.0.0.1:9092", seen.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("all", seen.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, seen.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(0, seen.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        assertEquals(10_000, seen.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals(10_000 - Settings.LINGER_MS, seen.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
        assertEquals(4_194_304L, seen.get(ProducerConfig.BUFFER_MEMORY_CONFIG));
    }

    @Test
    public void aProducerThatCannotStartIsARefusalNamingServers() throws Exception {
        Kafka kafka = new Kafka(config -> {
            throw new KafkaException("Failed to construct kafka producer");
        });
        try {
            kafka.open(MixinContexts.of(Kafka.SCHEME, Kafka.TERM, KafkaFixtureTest.SPECS, "topic", "t", "input", "c"));
            fail("refused");
        } catch (InvalidAttributeException e) {
            assertEquals("com.example.occi.monitoring.Kafka.servers", e.attribute());
            assertTrue(e.getMessage(), e.getMessage().contains("Failed to construct kafka producer"));
        } finally {
            kafka.close();
        }
    }

    /** The real client, with no broker on its port: publish must not wait, and the tick says what is wrong. */
    @Test
    public void aRealProducerWithoutBrokerNeverBlocksThePublisher() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Kafka kafka = new Kafka();
        kafka.open(MixinContexts.of(Kafka.SCHEME, Kafka.TERM, KafkaFixtureTest.SPECS, "topic", "t", "input", "c",
                "servers", "127.0.0.1:" + port, "maxpending", 500));
        // The first call loads the JSON and send paths' classes (over a second on a loaded machine): not timed.
        kafka.publish("c", Measurement.of(-1, 0));
        long start = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            kafka.publish("c", Measurement.of(i, i));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // A producer that waited for the broker would take max.block.ms (60 s by default) per record; the bound is loose
        // because the test machine may be shared.
        assertTrue("2000 publishes took " + millis + " ms", millis < 5000);
        assertEquals(500, kafka.held());
        String error = tickError(kafka);
        assertNotNull(error);
        assertTrue(error, error.contains("1501 measurement(s) dropped") && error.contains("500 measurement(s) held")
                && error.contains("127.0.0.1:" + port));
        start = System.nanoTime();
        kafka.close();
        millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("close took " + millis + " ms", millis < Kafka.CLOSE_TIMEOUT.toMillis() + 3000);
        try {
            kafka.publish("x", Measurement.of(1, 1));
        } catch (RuntimeException e) {
            fail("a channel it does not read is ignored even after close: " + e);
        }
    }
}
