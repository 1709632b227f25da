package org.rocmon.api.runtime;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * In-process links from the collectors of a node to the sensors of the same node. A collector whose target sensor
 * lives in its own process need not go through a socket to itself: it opens a link here and exchanges exactly the
 * text messages of the collector WebSocket ({@link CollectorProtocol}: frames one way, acks the other), with the
 * same admission, sequence numbers, acknowledgements and backpressure, but without the socket, the HTTP upgrade and
 * the thread hand-overs. Registered by the sensor runtime; the collector runtime uses it when present and falls
 * back to the WebSocket otherwise.
 */
@ProviderType
public interface LocalSensorLinks {

    /**
     * Opens a link, as a WebSocket upgrade on {@code /sensor/{sensorId}/} would.
     *
     * @param sensorId a sensor of this node
     * @param collectorId the collector, as named in the {@link CollectorProtocol#COLLECTOR_HEADER} header
     * @param source the URL the collector announces as its origin (the {@code Rocmon-Source} header), or null
     * @param peer receives the sensor's acks and its close; the first ack may arrive before this method returns
     * @return the open link
     * @throws LinkRefusedException with the HTTP status the upgrade would have been refused with (403 unknown
     *         sensor or collector not admitted, 503 stopped or restarting)
     */
    Link open(String sensorId, String collectorId, String source, Peer peer) throws LinkRefusedException;

    /**
     * The collector's end, called by the sensor on any of its threads, possibly at once and not necessarily in
     * order (an ack released for backpressure may race a newer one: the highest counts, as on the WebSocket).
     */
    @ConsumerType
    interface Peer {

        /** @param message an ack (JSON text, {@link CollectorProtocol}) */
        void text(String message);

        /**
         * The sensor closed the link (the sensor was deleted, stopped or its runtime is going away).
         *
         * @param code a WebSocket close status
         * @param reason short text
         */
        void closed(int code, String reason);
    }

    /** The sensor's end. */
    @ProviderType
    interface Link {

        /**
         * Hands one frame to the sensor (JSON text, {@link CollectorProtocol}); returns once it is taken.
         *
         * @param frame the frame
         * @return true when the sensor can take the next frame at once; false when it withheld this frame's ack
         *         for backpressure, in which case the caller should send nothing more until the next ack arrives
         *         (or a second passed), as a WebSocket would stop being read
         */
        boolean frame(String frame);

        /** Closes the link from the collector's side (normal closure). Idempotent. */
        void close();
    }

    /** The refusal of {@link #open}: what the HTTP upgrade would have answered. */
    final class LinkRefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        /**
         * @param status HTTP status, 403 or 503
         * @param message why
         */
        public LinkRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** @return the HTTP status the upgrade would have been refused with */
        public int status() {
            return status;
        }
    }
}
