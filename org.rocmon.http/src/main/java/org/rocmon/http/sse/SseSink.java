package org.rocmon.http.sse;

/** One server-sent-events client, as the side that produces events sees it. Implementations never block. */
public interface SseSink {

    /**
     * Queues one or more complete server-sent-events frames for delivery; never blocks (a full queue drops its
     * oldest frame).
     *
     * @param frames complete frames, each ending in a blank line
     */
    void offer(String frames);

    /** The stream ended: finish the response after what is queued. */
    void end();
}
