package org.rocmon.api.runtime;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

/** Opens collector edges; offered by the collector bundle, used by resources and sensor-to-sensor collectors. */
@ProviderType
public interface CollectorEdges {

    /**
     * @param collectorId the collector's id, sent on the upgrade request
     * @param sensor the sensor's WebSocket URI ({@code ws://} or {@code wss://} … {@code /sensor/{id}/})
     * @param bufferFrames how many unacknowledged frames to keep while the sensor is away
     * @return a connecting edge
     */
    CollectorEdge open(String collectorId, URI sensor, int bufferFrames);
}
