package org.rocmon.mixins.publisher.kafka.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.json.PublishedMeasurement;
import org.rocmon.json.RocmonJson;

/**
 * Sends the measurements of up to four channels to a Kafka topic, one record each: the key is the measurement's
 * source (or the sensor id), the value its JSON as every publisher writes it ({@link PublishedMeasurement}). The
 * producer is idempotent with {@code acks=all}; its own I/O thread talks to the brokers and retries until the
 * delivery timeout. {@code publish} never waits: a record the producer cannot take at once (topic metadata not
 * known yet, buffer full) is held here, in order, at most {@code maxpending}, and offered again at the next call.
 * Losses (held queue full, records the producer refused or failed to deliver) are counted and reported to the sensor
 * by one exception per tick in which a count grew, which the sensor counts in its {@code errors} and shows as the
 * stage's {@code lastError}; so is a tick that finds records still held because the brokers cannot be reached.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Kafka.SCHEME, term = Kafka.TERM, kind = MixinKind.PUBLISHER,
        title = "Send measurements as JSON records to a Kafka topic",
        attributes = {Kafka.SERVERS, Kafka.TOPIC, Kafka.KEY, Kafka.INPUT, Kafka.INPUT2, Kafka.INPUT3, Kafka.INPUT4,
            Kafka.MAXPENDING, Kafka.TIMEOUT, Kafka.BUFFER})
public class Kafka implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "Kafka";
    public static final String SERVERS = "servers:string=127.0.0.1:9092|bootstrap brokers, host:port[,host:port]";
    public static final String TOPIC = "topic:string!|topic the records are sent to";
    public static final String KEY = "key:string{source,sensor}=source|record key: the measurement's source "
            + "(the sensor id when it has none) or the sensor id";
    public static final String INPUT = "input:in!|channel whose measurements are sent";
    public static final String INPUT2 = "input2:in?|a second channel";
    public static final String INPUT3 = "input3:in?|a third channel";
    public static final String INPUT4 = "input4:in?|a fourth channel";
    public static final String MAXPENDING = "maxpending:integer[1,10000000]=10000|records held while the producer "
            + "cannot take them (no metadata yet, buffer full); the oldest are dropped first";
    public static final String TIMEOUT = "timeout:number[1,3600]=120|seconds a record may take to be acknowledged, "
            + "retries included (delivery.timeout.ms)";
    public static final String BUFFER = "buffer:integer[65536,1073741824]=4194304|bytes of records the producer "
            + "keeps unacknowledged (buffer.memory)";

    private static final Logger LOG = LoggerFactory.getLogger(Kafka.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** How long {@code close} lets the producer deliver what it still has, within the sensor's call timeout. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** How long held records wait before they are offered again after the producer could not take one. */
    static final long RETRY_NANOS = 100_000_000L;

    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
    private final ObjectWriter json = RocmonJson.mapper().writer();
    private final Set<String> inputs = new LinkedHashSet<>();
    private final ArrayDeque<ProducerRecord<byte[], byte[]>> held = new ArrayDeque<>();
    private final Map<String, Long> dropsByReason = new TreeMap<>();
    private final Delivery delivery = new Delivery();
    private Settings settings;
    private String sensor;
    private byte[] sensorKey;
    private Producer<byte[], byte[]> producer;
    private String heldBecause;
    private long heldSince;
    private long sent;
    private long dropped;
    private long reportedDropped;
    private long reportedFailed;

    /** The DS constructor: a real {@link KafkaProducer}. */
    public Kafka() {
        this(Kafka::kafkaProducer);
    }

    Kafka(Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        this.producers = producers;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        sensor = context.entityId();
        sensorKey = sensor.getBytes(StandardCharsets.UTF_8);
        inputs.add(context.channel("input"));
        for (String optional : new String[] {"input2", "input3", "input4"}) {
            context.optionalChannel(optional).ifPresent(inputs::add);
        }
        settings = Settings.of(context);
        String clientId = "rocmon-" + sensor + "-" + INSTANCES.incrementAndGet();
        try {
            producer = producers.apply(settings.producerConfig(clientId));
        } catch (KafkaException e) {
            // e.g. a bootstrap name that stopped resolving since the check above
            String attribute = context.attributePrefix() + "servers";
            throw new InvalidAttributeException(attribute,
                    "attribute '" + attribute + "': the Kafka producer cannot start: " + e.getMessage());
        }
        try {
            // Asks the I/O thread for the topic's metadata now (max.block.ms=0: this returns at once), so the
            // first publish finds it.
            producer.partitionsFor(settings.topic());
        } catch (RuntimeException e) {
            LOG.debug("{} of sensor {}: no metadata for topic {} yet: {}", TERM, sensor, settings.topic(), e.toString());
        }
    }

    /** A producer built with the bundle's class loader as context loader, where Kafka looks up configured classes. */
    private static Producer<byte[], byte[]> kafkaProducer(Map<String, Object> config) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(Kafka.class.getClassLoader());
        try {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Override
    public void publish(String channel, Measurement measurement) throws JsonProcessingException {
        if (!inputs.contains(channel)) {
            return;
        }
        byte[] value = json.writeValueAsBytes(new PublishedMeasurement(sensor, channel, measurement));
        byte[] key = settings.keyBySensor() || measurement.source() == null ? sensorKey
                : measurement.source().getBytes(StandardCharsets.UTF_8);
        if (held.size() >= settings.maxPending()) {
            held.removeFirst();
            drop("held queue full", 1);
        }
        held.addLast(new ProducerRecord<>(settings.topic(), key, value));
        offer();
    }

    /**
     * Hands held records to the producer, oldest first, until it takes none (order per key is kept). After a refusal
     * for a passing reason the producer is left alone for {@link #RETRY_NANOS}: every refused send asks its I/O
     * thread for metadata again.
     */
    private void offer() {
        if (heldBecause != null && System.nanoTime() - heldSince < RETRY_NANOS) {
            return;
        }
        while (!held.isEmpty()) {
            ProducerRecord<byte[], byte[]> next = held.peekFirst();
            Delivery.Ack ack = delivery.ack(Thread.currentThread());
            try {
                producer.send(next, ack);
            } catch (RuntimeException e) {
                ack.refused = e;
            }
            if (ack.refused == null) {
                held.removeFirst();
                sent++;
                heldBecause = null;
            } else if (ack.refused instanceof RetriableException) {
                // no metadata for the topic yet (brokers unreachable) or buffer full: the producer's I/O thread
                // keeps trying; this record and those behind it wait for the next call
                heldBecause = ack.refused.getMessage();
                heldSince = System.nanoTime();
                return;
            } else {
                held.removeFirst();
                drop("refused: " + ack.refused.getClass().getSimpleName(), 1);
                LOG.debug("{} of sensor {}: record refused: {}", TERM, sensor, ack.refused.toString());
            }
        }
    }

    private void drop(String reason, long count) {
        dropped += count;
        dropsByReason.merge(reason, count, Long::sum);
    }

    @Override
    public void tick(long now) throws IOException {
        offer();
        StringBuilder problems = new StringBuilder();
        long failed = delivery.failed();
        if (failed > reportedFailed) {
            problems.append(failed - reportedFailed).append(" record(s) not delivered since the last tick (")
                    .append(failed).append(" in all; last: ").append(delivery.lastFailure()).append(')');
            reportedFailed = failed;
        }
        if (dropped > reportedDropped) {
            append(problems, (dropped - reportedDropped) + " measurement(s) dropped since the last tick (" + dropped
                    + " in all: " + dropsByReason + ")");
            reportedDropped = dropped;
        }
        if (!held.isEmpty() && heldBecause != null) {
            append(problems, held.size() + " measurement(s) held, the producer cannot take them: " + heldBecause);
        }
        if (problems.length() > 0) {
            throw new IOException(TERM + " of sensor " + sensor + " to " + String.join(",", settings.servers())
                    + " topic " + settings.topic() + ": " + problems + "; " + sent + " sent, "
                    + delivery.acknowledged() + " acknowledged");
        }
    }

    private static void append(StringBuilder b, String text) {
        b.append(b.length() == 0 ? "" : "; ").append(text);
    }

    @Override
    public void close() {
        if (producer == null) {
            return;
        }
        try {
            offer();
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("{} of sensor {}: closing the producer failed: {}", TERM, sensor, e.toString());
        }
        long unsent = held.size();
        long unacknowledged = sent - delivery.acknowledged() - delivery.failed();
        if (unsent > 0 || unacknowledged > 0) {
            LOG.warn("{} of sensor {}: closed with {} record(s) never handed to the producer and {} not acknowledged "
                    + "within {} ms", TERM, sensor, unsent, unacknowledged, CLOSE_TIMEOUT.toMillis());
        }
        held.clear();
        producer = null;
    }

    /** For tests: records handed to the producer, records held. */
    long sent() {
        return sent;
    }

    int held() {
        return held.size();
    }
}
