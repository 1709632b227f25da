package org.rocmon.mixins.publisher.kafka.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/Kafka: {@code description.json}, then either {@code input.jsonl} and
 * {@code expected.jsonl} (one line per record the producer was handed, in order: topic, key, value as UTF-8) or
 * {@code error.txt} (the attribute the refusal names, then text its message contains). The producer is Kafka's own
 * {@link MockProducer}; the real broker is in run/'s KafkaIT.
 */
public class KafkaFixtureTest {

    static final String[] SPECS = {Kafka.SERVERS, Kafka.TOPIC, Kafka.KEY, Kafka.INPUT, Kafka.INPUT2, Kafka.INPUT3,
        Kafka.INPUT4, Kafka.MAXPENDING, Kafka.TIMEOUT, Kafka.BUFFER};

    @Test
    public void everyCase() throws Exception {
        FixtureCases.Counts n = FixtureCases.run(Kafka.TERM, KafkaFixtureTest::runDataCase,
                KafkaFixtureTest::runErrorCase);
        assertTrue("need data and error cases", n.data >= 2 && n.errors >= 8);
    }

    static MockProducer<byte[], byte[]> mock() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void runDataCase(Path c) throws Exception {
        MockProducer<byte[], byte[]> producer = mock();
        Kafka kafka = new Kafka(config -> producer);
        kafka.open(MixinContexts.fromFile(c.resolve("description.json"), Kafka.SCHEME, Kafka.TERM, SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = MeasurementRows.json(line);
                kafka.publish(in.getKey(), in.getValue());
            }
            kafka.tick(0);
            List<String> records = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : producer.history()) {
                records.add(r.topic() + " " + new String(r.key(), StandardCharsets.UTF_8) + " "
                        + new String(r.value(), StandardCharsets.UTF_8));
            }
            assertEquals(c.toString(), Fixtures.lines(c.resolve("expected.jsonl")), records);
        } finally {
            kafka.close();
        }
        assertTrue(c + ": close closes the producer", producer.closed());
    }

    private static void runErrorCase(Path c) throws Exception {
        Kafka kafka = new Kafka(config -> mock());
        FixtureCases.assertRefusal(c, () -> kafka.open(MixinContexts.fromFile(c.resolve("description.json"),
                Kafka.SCHEME, Kafka.TERM, SPECS)), kafka::close);
    }
}
