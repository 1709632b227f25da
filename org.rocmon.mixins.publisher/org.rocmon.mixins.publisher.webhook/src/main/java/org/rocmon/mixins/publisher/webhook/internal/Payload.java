package org.rocmon.mixins.publisher.webhook.internal;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;

import org.rocmon.api.Measurement;
import org.rocmon.json.PublishedMeasurement;
import org.rocmon.json.RocmonJson;

/**
 * The JSON body of one callback: {@code {"sensor":..,"dropped":N,"measurements":[{...}, ...]}}, each measurement in
 * the object form every publisher writes ({@link PublishedMeasurement}).
 */
final class Payload {

    /** One queued measurement and the channel it came on. */
    static final class Entry {
        final String channel;
        final Measurement measurement;

        Entry(String channel, Measurement measurement) {
            this.channel = channel;
            this.measurement = measurement;
        }
    }

    /** The body as Jackson writes it: components in this order. */
    private record Body(String sensor, long dropped, List<PublishedMeasurement> measurements) {
    }

    private final ObjectWriter json = RocmonJson.mapper().writer();

    String format(String sensor, long dropped, List<Entry> entries) {
        List<PublishedMeasurement> measurements = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            measurements.add(new PublishedMeasurement(sensor, e.channel, e.measurement));
        }
        try {
            return json.writeValueAsString(new Body(sensor, dropped, measurements));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
    }
}
