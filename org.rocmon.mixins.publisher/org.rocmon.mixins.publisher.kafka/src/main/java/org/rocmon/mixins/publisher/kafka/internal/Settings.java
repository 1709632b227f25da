package org.rocmon.mixins.publisher.kafka.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.internals.Topic;

import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;

/**
 * The attributes of one Kafka mixin, checked when the sensor is defined, and the producer configuration they make.
 * Kafka's own rules decide what a topic name and a bootstrap address are ({@link Topic#validate},
 * {@link ClientUtils#parseAndValidateAddresses}), so a description is refused for what the client would refuse.
 */
record Settings(List<String> servers, String topic, boolean keyBySensor, int maxPending, long deliveryTimeoutMillis,
        long bufferBytes) {

    /** Records wait this long for more of their batch: a few ms trade latency for far fewer requests. */
    static final int LINGER_MS = 5;
    /** The longest a request waits for the broker's answer before it is retried (within the delivery timeout). */
    static final int REQUEST_TIMEOUT_MS = 30_000;

    static Settings of(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        List<String> servers = servers(p + "servers", context.string("servers"));
        String topic = context.string("topic").trim();
        try {
            Topic.validate(topic);
        } catch (KafkaException e) {
            throw new InvalidAttributeException(p + "topic",
                    "attribute '" + p + "topic' is not a Kafka topic name: " + e.getMessage());
        }
        boolean bySensor = "sensor".equals(context.string("key"));
        int maxPending = (int) context.integer("maxpending");
        long timeout = Math.round(context.number("timeout") * 1000);
        long buffer = context.integer("buffer");
        return new Settings(servers, topic, bySensor, maxPending, timeout, buffer);
    }

    private static List<String> servers(String attribute, String text) throws InvalidAttributeException {
        List<String> list = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        if (list.isEmpty()) {
            throw new InvalidAttributeException(attribute,
                    "attribute '" + attribute + "' must list at least one host:port, not '" + text + "'");
        }
        try {
            ClientUtils.parseAndValidateAddresses(list, ClientDnsLookup.USE_ALL_DNS_IPS);
        } catch (KafkaException e) {
            throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' must be host:port[,host:port]"
                    + " of resolvable Kafka brokers, not '" + text + "': " + e.getMessage());
        }
        return List.copyOf(list);
    }

    /**
     * The producer's configuration: idempotent with {@code acks=all} (no duplicate and no reordering on retries,
     * at most 5 requests in flight), retried until the delivery timeout, and never blocking {@code send}:
     * {@code max.block.ms=0} makes a record whose topic metadata is not known yet, or that finds the buffer full,
     * fail at once instead of waiting (the mixin holds it and tries again).
     */
    Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", servers));
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        c.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeoutMillis);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(REQUEST_TIMEOUT_MS, deliveryTimeoutMillis - LINGER_MS));
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        c.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return c;
    }
}
