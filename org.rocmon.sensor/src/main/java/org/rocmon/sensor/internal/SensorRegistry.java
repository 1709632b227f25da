package org.rocmon.sensor.internal;

import org.rocmon.api.attributes.Secrets;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.model.SensorParser;
import org.rocmon.sensor.internal.model.SensorSpec;
import org.rocmon.sensor.internal.pipeline.StageHost;

/**
 * Defining, updating and deleting sensors, and who owns them: a sensor declared by a configuration
 * ({@link DeclaredSensor}) refuses a REST DELETE. Also re-plans degraded sensors when their mixins come back.
 */
public final class SensorRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SensorRegistry.class);

    private final Sensors sensors;
    private final Admission admission;
    private final SensorPersistence persistence;
    private final SensorEdges edges;
    private final StagePlanner planner;
    private final StageHost host;
    private final SensorParser parser;
    /** Sensor id to the configuration that declared it ("config:<pid>"). */
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    /** Declarations refused for bad content, since activation. */
    private final AtomicLong refusedDeclarations = new AtomicLong();

    SensorRegistry(Sensors sensors, Admission admission, SensorPersistence persistence, SensorEdges edges,
            StagePlanner planner, StageHost host, ObjectMapper mapper) {
        this.sensors = sensors;
        this.admission = admission;
        this.persistence = persistence;
        this.edges = edges;
        this.planner = planner;
        this.host = host;
        this.parser = new SensorParser(mapper);
    }

    /**
     * Defines or updates a sensor. Everything is validated and every new mixin opened before the running sensor
     * is touched; on error the previous definition keeps running.
     *
     * @param pathId id from the URL, or null to take it from the body
     * @return true when created, false when updated
     */
    public boolean define(String pathId, JsonNode body) throws Problem {
        SensorSpec parsed = parser.parse(pathId, body);
        synchronized (sensors.lock()) {
            Sensor existing = sensors.get(parsed.id);
            // Secrets are write-only: an update that omits one, or sends back the mask it was shown, keeps it.
            SensorSpec spec = parsed.withAttributes(Secrets.kept(parsed.attributes,
                    existing == null || existing.spec() == null ? null : existing.spec().attributes,
                    planner.secrets(parsed.mixins)));
            List<StagePlanner.Planned> plan = planner.plan(spec,
                    existing == null ? Map.of() : existing.stagesByKey());
            Sensor s = existing != null ? existing : new Sensor(spec.id, host, System.currentTimeMillis());
            if (existing == null) {
                persistence.attachJournal(s);
            }
            s.apply(spec, plan, null);
            if (existing == null) {
                sensors.put(s);
            } else {
                admission.enforce(s);
            }
            persistence.persist(s);
            // Secrets masked: a log line is read by more people than the description's owner.
            LOG.info("sensor {} {}: mixins {}, attributes {}", spec.id, existing == null ? "defined" : "updated",
                    spec.mixins, Secrets.masked(spec.attributes, planner.secrets(spec.mixins)));
            return existing == null;
        }
    }

    /** @return whether there was such a sensor */
    public boolean delete(String id) {
        synchronized (sensors.lock()) {
            Sensor s = sensors.remove(id);
            owners.remove(id);
            if (s == null) {
                return false;
            }
            s.close();
            for (ForwardEdge e : s.edges().values()) {
                edges.revokeLocal(e);
            }
            persistence.delete(id);
            return true;
        }
    }

    /**
     * The init control command: every stage re-opened with a fresh mixin instance (an aggregator's state starts
     * again), as if the sensor were defined anew; collectors, sequence state and last values are kept.
     *
     * @throws Problem when a mixin cannot be opened now (the sensor keeps its current stages)
     */
    void reinit(Sensor s) throws Problem {
        synchronized (sensors.lock()) {
            if (s.spec() != null) {
                s.apply(s.spec(), planner.plan(s.spec(), Map.of()), null);
            }
        }
    }

    /** @return "config:<pid>" when a configuration declared the sensor, else null */
    public String owner(String id) {
        return owners.get(id);
    }

    /**
     * Defines or updates a sensor on behalf of a configuration and marks it as owned by it.
     *
     * @param owner "config:<pid>"
     * @param id the sensor id the declaration names
     * @return true when created
     * @throws Problem when invalid, or 409 when another configuration owns that id
     */
    boolean defineOwned(String owner, String id, JsonNode body) throws Problem {
        synchronized (sensors.lock()) {
            String current = owners.get(id);
            if (current != null && !current.equals(owner)) {
                throw Problem.of(409, "sensor " + id + " is already declared by " + current);
            }
            // Owned before it exists, so that no GET or DELETE can see the sensor without its owner.
            owners.put(id, owner);
            try {
                return define(id, body);
            } catch (Problem | RuntimeException e) {
                if (current == null) {
                    owners.remove(id, owner);
                }
                throw e;
            }
        }
    }

    /** Deletes a sensor only while the given configuration still owns it. */
    boolean deleteOwned(String owner, String id) {
        synchronized (sensors.lock()) {
            return owner.equals(owners.get(id)) && delete(id);
        }
    }

    /** Lets go of a sensor without deleting it (the declaring component is going away, not its configuration). */
    void release(String owner, String id) {
        owners.remove(id, owner);
    }

    void refusedDeclaration() {
        refusedDeclarations.incrementAndGet();
    }

    /** @return declarations refused for bad content since activation */
    public long refusedDeclarations() {
        return refusedDeclarations.get();
    }

    /** Re-plans degraded sensors and sensors whose mixin provider went away; cheap when nothing is wrong. */
    void retry() {
        synchronized (sensors.lock()) {
            for (Sensor s : sensors.all()) {
                boolean lost = s.stages().stream().anyMatch(st -> !st.instance().available());
                if (s.degradedReason() == null && !lost || s.spec() == null) {
                    continue;
                }
                try {
                    s.apply(s.spec(), planner.plan(s.spec(), s.stagesByKey()), null);
                    LOG.info("sensor {} is running again", s.id());
                } catch (Problem bad) {
                    s.degrade(s.spec(), "waiting for mixins: " + bad.getMessage());
                }
            }
            edges.openPending();
        }
    }
}
