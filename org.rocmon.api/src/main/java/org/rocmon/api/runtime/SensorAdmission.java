package org.rocmon.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Which collectors a node's sensors accept on their WebSocket. A sensor admits the collectors listed in the
 * {@code links} of its description; a resource on the same node admits the collectors it starts through this
 * service, so that the paper's listings 1 and 2 work without a front end.
 */
@ProviderType
public interface SensorAdmission {

    /**
     * @param sensorId a sensor id on this node
     * @return whether this node hosts that sensor
     */
    boolean hosts(String sensorId);

    /**
     * @param sensorId a sensor id on this node
     * @param collectorId the collector to let in
     */
    void admit(String sensorId, String collectorId);

    /**
     * @param sensorId a sensor id on this node
     * @param collectorId the collector to refuse from now on; its open WebSocket is closed
     */
    void revoke(String sensorId, String collectorId);
}
