package org.rocmon.mixins.publisher.stream.internal;

/**
 * Bundle-internal service through which every Stream mixin instance publishes into the one SSE endpoint of the
 * bundle. Registered by {@link StreamEndpoint}. Thread-safe, and no method blocks: sensors call it from their own
 * threads while Jetty's threads write to subscribers.
 */
interface StreamRegistry {

    /** A publisher starts using a stream path (several sensors may share one). */
    void attach(String path);

    /** A publisher stops; when it was the last one, subscribers get an {@code end} event and are finished. */
    void detach(String path);

    /**
     * Hands one frame to every subscriber of the path, and keeps it as the channel's latest value for subscribers
     * that come later.
     *
     * @param path the stream path
     * @param key what the frame is the latest of (sensor and channel)
     * @param frame a complete SSE frame
     */
    void publish(String path, String key, String frame);

    /** Sends a keep-alive comment to every subscriber of the path. */
    void keepAlive(String path);
}
