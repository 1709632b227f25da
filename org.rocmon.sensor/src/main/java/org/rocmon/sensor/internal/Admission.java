package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.rocmon.api.runtime.CollectorProtocol;
import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.control.ControlState;
import org.rocmon.sensor.internal.model.Ids;
import org.rocmon.sensor.internal.model.SensorSpec;

/**
 * Which collectors may feed which sensor: those the sensor's links name, and those admitted through the
 * {@link org.rocmon.api.runtime.SensorAdmission} service (resource collectors, sensor-to-sensor edges). An admission
 * may come before its sensor exists; it is remembered.
 */
public final class Admission {

    /** Set once the node stops: collectors are told to come back later, not that their sensor is gone. */
    private volatile boolean stopping;


    private final Sensors sensors;
    private final Map<String, Set<String>> admitted = new ConcurrentHashMap<>();

    Admission(Sensors sensors) {
        this.sensors = sensors;
    }

    void admit(String sensorId, String collectorId) {
        if (sensorId == null || collectorId == null) {
            return;
        }
        if (admitted.computeIfAbsent(sensorId, k -> ConcurrentHashMap.newKeySet()).add(collectorId)) {
            Sensor s = sensors.get(sensorId);
            if (s != null) {
                s.markDirty();
            }
        }
    }

    void revoke(String sensorId, String collectorId) {
        Set<String> a = admitted.get(sensorId);
        if (a == null || !a.remove(collectorId)) {
            return;
        }
        Sensor s = sensors.get(sensorId);
        if (s != null) {
            s.markDirty();
            if (!admits(sensorId, collectorId)) {
                s.collectors().kick(collectorId, "admission revoked");
            }
        }
    }

    /** @return whether the sensor exists and admits that collector */
    public boolean admits(String sensorId, String collectorId) {
        Sensor s = sensors.get(sensorId);
        if (s == null || collectorId == null) {
            return false;
        }
        SensorSpec spec = s.spec();
        return spec != null && spec.links.contains(collectorId)
                || admitted.getOrDefault(sensorId, Set.of()).contains(collectorId);
    }

    /** @return collectors admitted through the service, for the description */
    public Set<String> admitted(String sensorId) {
        return Set.copyOf(admitted.getOrDefault(sensorId, Set.of()));
    }

    /**
     * The one admission check of a collector connection, WebSocket or in-process link.
     *
     * @return why the collector may not connect to the sensor now (403: no such sensor, no or an invalid collector
     *         id, not admitted; 503: the sensor is stopped, and the collector keeps its frames until a start), or
     *         null when it may
     */
    public Problem refusal(String sensorId, String collectorId) {
        if (stopping) {
            // not "no sensor": the sensors are still defined and come back with the node
            return Problem.of(503, "the node is stopping");
        }
        Sensor sensor = Ids.valid(sensorId) ? sensors.get(sensorId) : null;
        if (sensor == null) {
            return Problem.of(403, "no sensor " + sensorId);
        }
        if (collectorId == null || !Ids.valid(collectorId)) {
            return Problem.of(403, "the collector id is missing or invalid: name the collector in the "
                    + CollectorProtocol.COLLECTOR_HEADER + " header or ?" + CollectorProtocol.COLLECTOR_PARAM + "=");
        }
        if (!admits(sensorId, collectorId)) {
            return Problem.of(403, "collector " + collectorId + " is not admitted by sensor " + sensorId);
        }
        if (sensor.control() == ControlState.STOPPED) {
            // refused, not accepted-and-dropped: the collector keeps its frames buffered until a start
            return Problem.of(503, "sensor " + sensorId + " is stopped");
        }
        return null;
    }

    /** The node is stopping: from now on every collector is refused with a 503. */
    void stopping() {
        stopping = true;
    }

    /** Closes the WebSockets of connected collectors the sensor no longer admits (after a redefinition). */
    void enforce(Sensor s) {
        for (String c : new ArrayList<>(s.tracks().keySet())) {
            if (s.connected(c) && !admits(s.id(), c)) {
                s.collectors().kick(c, "no longer admitted by the sensor's links");
            }
        }
    }
}
