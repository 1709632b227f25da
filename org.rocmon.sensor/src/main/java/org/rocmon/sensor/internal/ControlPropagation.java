package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.control.Command;
import org.rocmon.sensor.internal.control.CommandLog;
import org.rocmon.sensor.internal.control.ControlAction;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.control.ControlRecord.Status;
import org.rocmon.sensor.internal.control.Policy;
import org.rocmon.sensor.internal.control.Remote;

/**
 * Control commands (init, start, stop, pause, resume, terminate) on a sensor or one of its sensor-to-sensor
 * collectors, and their propagation down the hierarchy as Composite Probes defines it: to the children that feed
 * the sensor, known by the URL each collector announced (Rocmon-Source), children first by default, the sensor
 * itself only if they all succeeded. Each command has an id; a sensor reached twice by the same id (a DAG) takes it
 * once. {@link LocalData} and {@link ControlRouting} walk the same children for queries and routed commands.
 */
public final class ControlPropagation {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPropagation.class);

    private final Sensors sensors;
    private final Admission admission;
    private final SensorPersistence persistence;
    private final SensorRegistry registry;
    private final CommandLog log = new CommandLog();
    private volatile Remote remote;

    ControlPropagation(Sensors sensors, Admission admission, SensorPersistence persistence, SensorRegistry registry,
            Remote remote) {
        this.remote = remote;
        this.sensors = sensors;
        this.admission = admission;
        this.persistence = persistence;
        this.registry = registry;
    }

    /** For tests: replaces the HTTP client that reaches children. */
    void useRemote(Remote r) {
        this.remote = r;
    }

    /** @return the HTTP client that reaches children */
    public Remote remote() {
        return remote;
    }

    /** @return the commands taken and routed here */
    public CommandLog log() {
        return log;
    }

    /** A command as taken: its record, and whether the sensor had already taken that id (then nothing was done). */
    public record Taken(ControlRecord record, boolean duplicate) {
    }

    /** A fresh command with the default policy, for tests and local callers. */
    public ControlRecord control(String sensorId, ControlAction action, boolean propagate) throws Problem {
        return control(sensorId, new Command(action, propagate, Policy.CHILDREN_FIRST, ControlRecord.newId(),
                LocalData.MAX_HOPS, Command.DEFAULT_BUDGET_MILLIS)).record();
    }

    /**
     * Takes a command. Without propagation (or without children) it is applied at once and the record is done when
     * this returns. With propagation the children are sent the command with the same id; {@link Policy} says whether
     * this sensor applies it before them, after all of them succeeded, or after them whatever they answered. The
     * record completes when every child answered.
     *
     * @return the record and whether it was a duplicate (the same id already taken by this sensor)
     * @throws Problem 404 for an unknown sensor; the refusal of a command applied at once (409 terminating a
     *         sensor owned by configuration)
     */
    public Taken control(String sensorId, Command c) throws Problem {
        ControlRecord r = new ControlRecord(c.id(), sensorId, c.action(), c.propagate(), c.policy(),
                System.currentTimeMillis());
        List<String> targets;
        synchronized (sensors.lock()) {
            Sensor s = sensors.require(sensorId);
            ControlRecord seen = log.claim(r);
            if (seen != null) {
                LOG.info("sensor {}: command {} ({}) already taken: not again", sensorId, c.id(), c.action().wire());
                return new Taken(seen, true);
            }
            targets = c.propagate() && c.hops() > 1 ? children(s) : List.of();
            s.record(r);
            if (targets.isEmpty() || c.policy() == Policy.PARENT_FIRST) {
                try {
                    apply(s, r);
                } catch (Problem p) {
                    r.finish(Status.FAILED, p.detail());
                    throw p;
                }
            }
        }
        LOG.info("sensor {}: {} {}{} ({} children)", sensorId, c.action().wire(), c.id(),
                c.propagate() ? " with propagation, " + c.policy().wire() : "", targets.size());
        if (targets.isEmpty()) {
            r.finish(Status.SUCCEEDED, null);
        } else {
            remote.propagate(targets, r, c.hops() - 1, c.childBudget())
                    .whenComplete((v, e) -> afterChildren(sensorId, r));
        }
        return new Taken(r, false);
    }

    private void afterChildren(String sensorId, ControlRecord r) {
        boolean failures = r.hasFailures();
        String below = failures ? "children failed: " + String.join(", ", r.failedChildren()) : null;
        if (r.policy() == Policy.PARENT_FIRST || r.policy() == Policy.CHILDREN_FIRST && failures) {
            r.finish(failures ? Status.FAILED : Status.SUCCEEDED, failures && !r.applied()
                    ? "not applied to sensor " + sensorId + ": " + below : below);
        } else {
            try {
                synchronized (sensors.lock()) {
                    apply(sensors.require(sensorId), r);
                }
                r.finish(failures ? Status.FAILED : Status.SUCCEEDED, below);
            } catch (Problem | RuntimeException p) {
                r.finish(Status.FAILED, "children succeeded but sensor " + sensorId + " refused: " + p.getMessage());
            }
        }
        LOG.info("sensor {}: command {} ({}) {}{}", sensorId, r.id(), r.action().wire(), r.status().wire(),
                below == null ? "" : "; " + below);
    }

    /** Applies a command to the sensor itself (under the sensors' lock). */
    private void apply(Sensor s, ControlRecord r) throws Problem {
        switch (r.action()) {
            case TERMINATE:
                String owner = registry.owner(s.id());
                if (owner != null) {
                    throw Problem.of(409, "sensor " + s.id() + " is owned by configuration (" + owner
                            + "): delete the configuration to terminate it");
                }
                registry.delete(s.id());
                break;
            case INIT:
                registry.reinit(s);
                s.control(r.action().target(), r);
                persistence.persist(s);
                break;
            default:
                s.control(r.action().target(), r);
                persistence.persist(s);
                break;
        }
        r.markApplied();
    }

    /**
     * Stops, pauses or restarts one sensor-to-sensor collector of a sensor (it has nothing below it to propagate to).
     *
     * @throws Problem 404 for an unknown sensor or collector, 400 for init and terminate (a sensor-to-sensor
     *         collector is re-created by POSTing it and ended by DELETE)
     */
    public void controlEdge(String sensorId, String edgeId, ControlAction action) throws Problem {
        if (action == ControlAction.INIT || action == ControlAction.TERMINATE) {
            throw Problem.badRequest("a sensor-to-sensor collector takes start, stop, pause and resume; POST it again "
                    + "to re-create it, DELETE it to end it", "action")
                    .with("available", List.of("start", "stop", "pause", "resume"));
        }
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
