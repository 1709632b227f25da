package org.rocmon.api.mixin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Collector-side mixin: a probe that measures the monitored resource every collector period and writes its
 * results to the output channels its attributes name. See the package documentation for registration and the
 * threading contract.
 */
@ConsumerType
public interface Metric {

    /**
     * Validates and takes the attributes. Called once, before any other method.
     *
     * @param context attributes and environment
     * @throws InvalidAttributeException naming the attribute that is missing or wrong
     */
    void open(MixinContext context) throws InvalidAttributeException;

    /**
     * Takes one measurement. Called every collector period on a runtime thread.
     *
     * @param out where to write results
     * @throws Exception counted and logged; the collector goes on
     */
    void measure(Output out) throws Exception;

    /** Releases what {@link #open} took. Called once, also after a failed {@code open}. */
    default void close() {
    }
}
