package org.rocmon.mixins.publisher.stream.internal;

/** One subscriber of a stream, as the publishing side sees it. Implementations never block. */
interface Sink {

    /**
     * Queues one server-sent-events frame for delivery; never blocks (a full queue drops its oldest frame).
     *
     * @param frame a complete frame, ending in a blank line
     */
    void offer(String frame);

    /** The stream ended (its last publisher closed): finish the response. */
    void end();
}
