package org.rocmon.api.mixin;

import org.osgi.annotation.versioning.ConsumerType;

import org.rocmon.api.Measurement;

/**
 * Sensor-side mixin that delivers the measurements of the channels its {@code in} attributes name outside the
 * monitoring infrastructure (a file, a datagram, a database). See the package documentation for registration and
 * the threading contract.
 */
@ConsumerType
public interface Publisher {

    /**
     * Validates and takes the attributes, and opens what it writes to. Called once, before any other method.
     *
     * @param context attributes and environment
     * @throws InvalidAttributeException naming the attribute that is missing or wrong
     */
    void open(MixinContext context) throws InvalidAttributeException;

    /**
     * Delivers one measurement.
     *
     * @param channel the input channel's name
     * @param measurement the value
     * @throws Exception counted and logged; the sensor goes on
     */
    void publish(String channel, Measurement measurement) throws Exception;

    /**
     * Called once every sensor period, e.g. to flush a batch.
     *
     * @param now epoch milliseconds
     * @throws Exception counted and logged
     */
    default void tick(long now) throws Exception {
    }

    /** Flushes and releases what {@link #open} took. Called once, also after a failed {@code open}. */
    default void close() {
    }
}
