package org.rocmon.mixins.publisher.prometheus.internal;

/**
 * Bundle-internal service through which every Prometheus mixin instance publishes into the one scrape endpoint of
 * the bundle. Registered by {@link MetricsEndpoint}; thread-safe, since many sensors publish while Jetty scrapes.
 */
public interface SeriesRegistry {

    /**
     * Sets the latest value of a series.
     *
     * @param path scrape path, e.g. {@code /metrics/s01}
     * @param series the series and its value
     */
    void put(String path, Series series);

    /**
     * Forgets a series.
     *
     * @param path scrape path
     * @param key {@link Series#key()}
     */
    void remove(String path, String key);
}
