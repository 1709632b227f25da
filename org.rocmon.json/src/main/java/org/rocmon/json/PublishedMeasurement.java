package org.rocmon.json;

import java.util.Objects;

import org.rocmon.api.Measurement;

/**
 * A measurement as a publisher emits it: with the sensor that published it and the channel it came on. Serialized by
 * {@link RocmonJson#module()} as {@code {"ts","sensor","channel","value","source","unit","state","epoch","seq"}}.
 *
 * @param sensor id of the publishing sensor, or null
 * @param channel the channel, or null
 * @param measurement the measurement
 */
public record PublishedMeasurement(String sensor, String channel, Measurement measurement) {

    /** Checks the measurement is there. */
    public PublishedMeasurement {
        Objects.requireNonNull(measurement, "measurement");
    }
}
