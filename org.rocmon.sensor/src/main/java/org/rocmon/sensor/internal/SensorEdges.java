package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.control.Sources;
import org.rocmon.sensor.internal.model.EdgeSpec;
import org.rocmon.sensor.internal.pipeline.StageHost;

/**
 * Sensor-to-sensor collectors ({@link ForwardEdge}): attached to a sensor, opened through the
 * {@link CollectorEdges} service of the collector bundle, detached; stored ones are opened once that service is
 * there. A parent on this node admits its child's edge directly.
 */
public final class SensorEdges {

    private static final Logger LOG = LoggerFactory.getLogger(SensorEdges.class);

    private final Sensors sensors;
    private final Admission admission;
    private final SensorPersistence persistence;
    private final StageHost host;
    private final ObjectMapper mapper;
    private final NodeUrl node;
    private final int bufferFrames;
    private volatile CollectorEdges collectorEdges;

    SensorEdges(Sensors sensors, Admission admission, SensorPersistence persistence, StageHost host,
            ObjectMapper mapper, NodeUrl node, int bufferFrames) {
        this.sensors = sensors;
        this.admission = admission;
        this.persistence = persistence;
        this.host = host;
        this.mapper = mapper;
        this.node = node;
        this.bufferFrames = bufferFrames;
    }

    void use(CollectorEdges edges) {
        this.collectorEdges = edges;
    }

    /** Forgets the service only if it is still the one in use. */
    void unuse(CollectorEdges edges) {
        if (collectorEdges == edges) {
            collectorEdges = null;
        }
    }

    /** @return true when created, false when replaced */
    public boolean attachEdge(String sensorId, String edgeId, JsonNode body) throws Problem {
        Sensor s = sensors.require(sensorId);
        EdgeSpec spec = EdgeSpec.parse(sensorId, edgeId, body, node, mapper);
        synchronized (sensors.lock()) {
            if (sensors.get(sensorId) != s) {
                throw Problem.notFound("no sensor " + sensorId);
            }
            boolean created = open(s, spec);
            persistence.persist(s);
            return created;
        }
    }

    private boolean open(Sensor s, EdgeSpec spec) throws Problem {
        CollectorEdges edges = collectorEdges;
        if (edges == null) {
            throw Problem.of(409, "cannot attach collector " + spec.id + ": no CollectorEdges service is "
                    + "installed on this node (the collector bundle is missing or stopped)");
        }
        if (spec.localTarget != null) {
            admission.admit(spec.localTarget, spec.id);
        }
        CollectorEdge edge;
        try {
            // the parent learns where this edge comes from, so commands and queries can reach this sensor
            edge = edges.open(spec.id, Sources.announce(spec.uri,
                    node.http("/sensor/" + s.id() + "/").toString()), bufferFrames);
        } catch (RuntimeException e) {
            throw Problem.of(409, "cannot open collector " + spec.id + " to " + spec.uri + ": " + e);
        }
        ForwardEdge old = s.putEdge(new ForwardEdge(spec, edge, host.scheduler()));
        if (old != null) {
            old.close();
        }
        return old == null;
    }

    /** @return whether there was such an edge */
    public boolean detachEdge(String sensorId, String edgeId) {
        synchronized (sensors.lock()) {
            Sensor s = sensors.get(sensorId);
            ForwardEdge e = s == null ? null : s.removeEdge(edgeId);
            if (e == null) {
                return false;
            }
            e.close();
            revokeLocal(e);
            persistence.persist(s);
            return true;
        }
    }

    /** Withdraws the admission an edge to a sensor of this node was given. */
    void revokeLocal(ForwardEdge e) {
        if (e.spec().localTarget != null) {
            admission.revoke(e.spec().localTarget, e.spec().id);
        }
    }

    /** Opens stored edges once the service is there; an invalid one is dropped. Called under the lock. */
    void openPending() {
        if (collectorEdges == null) {
            return;
        }
        Map<String, Map<String, JsonNode>> pending = persistence.pendingEdges();
        for (Map.Entry<String, Map<String, JsonNode>> e : pending.entrySet()) {
            Sensor s = sensors.get(e.getKey());
            if (s == null) {
                pending.remove(e.getKey());
                continue;
            }
            for (Map.Entry<String, JsonNode> d : new ArrayList<>(e.getValue().entrySet())) {
                try {
                    open(s, EdgeSpec.parse(s.id(), d.getKey(), d.getValue(), node, mapper));
                    e.getValue().remove(d.getKey());
                } catch (Problem bad) {
                    if (bad.status() != 409) {
                        e.getValue().remove(d.getKey());
                        LOG.error("stored collector {} of sensor {} is invalid: {}", d.getKey(), s.id(),
                                bad.getMessage());
                    }
                }
            }
            if (e.getValue().isEmpty()) {
                pending.remove(e.getKey());
            }
        }
    }
}
