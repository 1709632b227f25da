package org.rocmon.api.runtime;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import org.rocmon.api.Measurement;
import org.rocmon.api.dto.StatusDTO;

/**
 * The resource-side end of one collector: a WebSocket to the target sensor with a bounded buffer, reconnection
 * with backoff and in-order redelivery of what the sensor has not acknowledged. Thread-safe.
 */
@ProviderType
public interface CollectorEdge extends AutoCloseable {

    /**
     * Queues one frame of channel values for delivery; never blocks. When the buffer is full the oldest
     * unacknowledged frame is dropped and counted.
     *
     * @param channels values by channel name
     */
    void send(Map<String, Measurement> channels);

    /** @return connection state and counters ({@code sent}, {@code acked}, {@code buffered}, {@code dropped}, {@code reconnects}) */
    StatusDTO status();

    /**
     * Stops reconnecting and closes the WebSocket; buffered frames are discarded, on disk too: the collector is gone.
     * Idempotent.
     */
    @Override
    void close();

    /**
     * Closes like {@link #close()}, for a collector that stays while this process lets go of it (its node or bundle
     * stops): a durable edge keeps its unacknowledged frames and its sequence state, and the next edge opened for
     * the same collector id sends them first. An edge kept in memory only discards them, as {@link #close()} does.
     * Idempotent.
     *
     * @since runtime 1.3
     */
    default void release() {
        close();
    }
}
