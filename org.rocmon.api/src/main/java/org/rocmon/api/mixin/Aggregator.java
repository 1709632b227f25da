package org.rocmon.api.mixin;

import org.osgi.annotation.versioning.ConsumerType;

import org.rocmon.api.Measurement;

/**
 * Sensor-side mixin that reads the channels its {@code in} attributes name and writes the channels its
 * {@code out} attributes name. See the package documentation for registration and the threading contract.
 */
@ConsumerType
public interface Aggregator {

    /**
     * Validates and takes the attributes. Called once, before any other method.
     *
     * @param context attributes and environment
     * @throws InvalidAttributeException naming the attribute that is missing or wrong
     */
    void open(MixinContext context) throws InvalidAttributeException;

    /**
     * Processes one measurement that arrived on an input channel.
     *
     * @param channel the input channel's name
     * @param measurement the value
     * @param out where to write results
     * @throws Exception counted and logged; the measurement is dropped and the sensor goes on
     */
    void accept(String channel, Measurement measurement, Output out) throws Exception;

    /**
     * Called once every sensor period, e.g. to close a time window.
     *
     * @param now epoch milliseconds
     * @param out where to write results
     * @throws Exception counted and logged
     */
    default void tick(long now, Output out) throws Exception {
    }

    /** Releases what {@link #open} took. Called once, also after a failed {@code open}. */
    default void close() {
    }
}
