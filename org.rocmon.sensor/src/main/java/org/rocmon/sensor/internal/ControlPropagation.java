package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.control.ControlAction;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.control.Remote;

/**
 * Control commands (start, stop, pause, resume) on a sensor or one of its sensor-to-sensor collectors, and their
 * propagation down the hierarchy: to the children that feed the sensor, known by the URL each collector announced
 * (Rocmon-Source). {@link LocalData} walks the same children for queries.
 */
public final class ControlPropagation {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPropagation.class);

    private final Sensors sensors;
    private final Admission admission;
    private final SensorPersistence persistence;
    private volatile Remote remote;

    ControlPropagation(Sensors sensors, Admission admission, SensorPersistence persistence, Remote remote) {
        this.remote = remote;
        this.sensors = sensors;
        this.admission = admission;
        this.persistence = persistence;
    }

    /** For tests: replaces the HTTP client that reaches children. */
    void useRemote(Remote r) {
        this.remote = r;
    }

    /** @return the HTTP client that reaches children */
    public Remote remote() {
        return remote;
    }

    /** @see #control(String, ControlAction, boolean, int) */
    public ControlRecord control(String sensorId, ControlAction action, boolean propagate) throws Problem {
        return control(sensorId, action, propagate, LocalData.MAX_HOPS);
    }

    /**
     * Applies a control command at once and, with propagate, sends it to every child feeding the sensor (the
     * sensors and resource collectors behind its admitted collectors); their answers arrive later in the record.
     *
     * @param hops levels the command may still travel; at 1 it is not propagated further (cycle guard)
     * @return the record, whose state is visible in GET
     * @throws Problem 404 for an unknown sensor
     */
    public ControlRecord control(String sensorId, ControlAction action, boolean propagate, int hops)
            throws Problem {
        ControlRecord record = new ControlRecord(action, propagate, System.currentTimeMillis());
        List<String> targets;
        synchronized (sensors.lock()) {
            Sensor s = sensors.require(sensorId);
            s.control(action.target(), record);
            persistence.persist(s);
            targets = propagate && hops > 1 ? children(s) : List.of();
        }
        LOG.info("sensor {}: {}{} ({} children)", sensorId, action.wire(), propagate ? " with propagation" : "",
                targets.size());
        if (!targets.isEmpty()) {
            remote.propagate(targets, record, hops - 1);
        }
        return record;
    }

    /**
     * Stops, pauses or restarts one sensor-to-sensor collector of a sensor (it has nothing below it to propagate to).
     *
     * @throws Problem 404 for an unknown sensor or collector
     */
    public void controlEdge(String sensorId, String edgeId, ControlAction action) throws Problem {
        synchronized (sensors.lock()) {
            Sensor s = sensors.require(sensorId);
            if (!s.controlEdge(edgeId, action.target())) {
                throw Problem.notFound("sensor " + sensorId + " has no collector " + edgeId);
            }
            persistence.persist(s);
        }
        LOG.info("sensor {}: collector {}: {}", sensorId, edgeId, action.wire());
    }

    /** @return the distinct source URLs of the collectors the sensor admits */
    public List<String> children(Sensor s) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : s.sources().entrySet()) {
            if (admission.admits(s.id(), e.getKey())) {
                out.add(e.getValue());
            }
        }
        return new ArrayList<>(out);
    }

    /** Records the URL a collector announced on its upgrade (Rocmon-Source). */
    public void source(Sensor s, String collectorId, String url) {
        s.source(collectorId, url);
    }
}
