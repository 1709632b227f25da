package org.rocmon.mixins.publisher.stream.internal;

import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;

import org.rocmon.api.Measurement;
import org.rocmon.json.PublishedMeasurement;
import org.rocmon.json.RocmonJson;

/**
 * Server-sent-events frames. A measurement is {@code event: measurement} with one {@code data:} line holding
 * {@code {"ts","sensor","channel","value","source","unit","state"}}, the object every publisher writes
 * ({@link PublishedMeasurement}). JSON never contains a raw newline, so one data line always suffices.
 */
final class SseFormat {

    /** A comment frame: keeps proxies from closing an idle stream and finds readers that went away. */
    static final String KEEPALIVE = ": keepalive\n\n";

    private static final ObjectWriter JSON = RocmonJson.mapper().writer();

    private SseFormat() {
    }

    /** @return the frame of one measurement */
    static String measurement(String sensor, String channel, Measurement m) {
        return "event: measurement\ndata: " + json(new PublishedMeasurement(sensor, channel, m)) + "\n\n";
    }

    /**
     * @return the frame that follows the latest value of each channel sent to a new subscriber: from there on,
     *         values are live ({@code channels} is how many came before it)
     */
    static String snapshot(String path, int channels) {
        return "event: snapshot\ndata: " + json(new Snapshot(path, channels)) + "\n\n";
    }

    /** The data of a snapshot frame, in this order. */
    private record Snapshot(String path, int channels) {
    }

    /** @return the frame that tells a client that no publisher is left on the stream */
    static String end(String path) {
        return "event: end\ndata: " + json(Map.of("path", path)) + "\n\n";
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
    }
}
