package org.rocmon.sensor.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.control.ControlState;
import org.rocmon.sensor.internal.ingest.CollectorTrack;
import org.rocmon.sensor.internal.model.SensorParser;
import org.rocmon.sensor.internal.model.SensorSpec;
import org.rocmon.sensor.internal.pipeline.StageHost;

/**
 * What a sensor is made of on disk ({@link SensorStore}): its description, admissions, control state, sources,
 * collectors' sequence state and sensor-to-sensor collectors; saved on every change and by the flush timer, and
 * read back at activation so a restart re-creates what was deployed.
 */
final class SensorPersistence {

    private static final Logger LOG = LoggerFactory.getLogger(SensorPersistence.class);

    private final Sensors sensors;
    private final Admission admission;
    private final SensorStore store;
    private final SensorParser parser;
    private final StagePlanner planner;
    private final StageHost host;
    private final ObjectMapper mapper;
    private final Journals journals;
    /** Stored sensor-to-sensor collectors not open yet (waiting for the CollectorEdges service), by sensor id. */
    private final Map<String, Map<String, JsonNode>> pendingEdges = new ConcurrentHashMap<>();

    SensorPersistence(Sensors sensors, Admission admission, SensorStore store, StagePlanner planner, StageHost host,
            ObjectMapper mapper, Journals journals) {
        this.journals = journals;
        this.sensors = sensors;
        this.admission = admission;
        this.store = store;
        this.parser = new SensorParser(mapper);
        this.planner = planner;
        this.host = host;
        this.mapper = mapper;
    }

    /** Gives a new sensor its ingest journal (none in memory mode); before its first apply. */
    void attachJournal(Sensor s) {
        s.journal(journals.open(s));
    }

    /** @return stored edges not open yet, by sensor id; the map is live */
    Map<String, Map<String, JsonNode>> pendingEdges() {
        return pendingEdges;
    }

    ObjectNode stateOf(Sensor s) {
        ObjectNode n = mapper.createObjectNode();
        n.set("description", s.spec().toJson(mapper));
        n.put("definedAt", s.definedAt());
        n.set("admitted", mapper.valueToTree(admission.admitted(s.id())));
        n.put("control", s.control().wire());
        n.set("sources", mapper.valueToTree(s.sources()));
        ObjectNode ec = n.putObject("edgeControl");
        s.edgeControl().forEach((k, v) -> ec.put(k, v.wire()));
        ObjectNode tracks = n.putObject("collectors");
        for (Map.Entry<String, CollectorTrack> e : s.tracks().entrySet()) {
            ObjectNode t = tracks.putObject(e.getKey());
            t.put("epoch", e.getValue().epoch());
            t.put("lastSeq", e.getValue().lastSeq());
        }
        ObjectNode edges = n.putObject("edges");
        for (ForwardEdge e : s.edges().values()) {
            edges.set(e.spec().id, e.spec().description);
        }
        pendingEdges.getOrDefault(s.id(), Map.of()).forEach((k, v) -> {
            if (!edges.has(k)) {
                edges.set(k, v);
            }
        });
        return n;
    }

    /** Saves the sensor now; on failure it stays dirty, so the flush timer tries again. */
    void persist(Sensor s) {
        s.takeDirty();
        try {
            store.save(s.id(), stateOf(s));
        } catch (IOException | RuntimeException e) {
            s.markDirty();
            LOG.error("could not save sensor {} under {}: {}", s.id(), store.dir(), e.toString());
        }
    }

    /** Saves the sensors that changed since their last save (collectors' sequence state). */
    void flush() {
        for (Sensor s : sensors.all()) {
            if (s.takeDirty() && !s.isClosed()) {
                persist(s);
            }
        }
    }

    /** Forgets a deleted sensor. */
    void delete(String id) {
        store.delete(id);
        pendingEdges.remove(id);
    }

    /** Re-creates the stored sensors; their edges wait in {@link #pendingEdges()}. */
    void restoreAll() {
        for (Map.Entry<String, JsonNode> e : store.loadAll().entrySet()) {
            try {
                restore(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                LOG.error("could not restore sensor {}", e.getKey(), ex);
            }
        }
    }

    private void restore(String id, JsonNode st) {
        SensorSpec spec;
        try {
            spec = parser.parse(id, st.path("description"));
        } catch (Problem bad) {
            LOG.error("stored sensor {} is invalid and is skipped: {}", id, bad.getMessage());
            return;
        }
        for (JsonNode a : st.path("admitted")) {
            admission.admit(id, a.asText());
        }
        Sensor s = new Sensor(id, host, st.path("definedAt").asLong(System.currentTimeMillis()));
        st.path("collectors").fields().forEachRemaining(t -> s.collectors().restoreTrack(t.getKey(),
                t.getValue().path("epoch").asLong(), t.getValue().path("lastSeq").asLong()));
        SensorJournal journal = journals.open(s);
        if (journal != null && journal.existed()) {
            // the journal's sequence state is committed before any ack; the file's may be ahead of what was acked
            // (saved every flushMillis from memory) and would refuse re-sent frames that were never stored
            journal.tracks().forEach((k, v) -> s.collectors().restoreTrack(k, v.epoch(), v.seq()));
        }
        s.journal(journal);
        try {
            s.apply(spec, planner.plan(spec, Map.of()), null);
        } catch (Problem bad) {
            s.degrade(spec, "waiting for mixins: " + bad.getMessage());
            LOG.warn("sensor {} restored degraded: {}", id, bad.getMessage());
        }
        st.path("edgeControl").fields().forEachRemaining(t -> s.restoreEdgeControl(t.getKey(),
                ControlState.of(t.getValue().asText())));
        st.path("sources").fields().forEachRemaining(t -> s.source(t.getKey(), t.getValue().asText()));
        ControlState control = ControlState.of(st.path("control").asText("running"));
        if (control != ControlState.RUNNING) {
            s.control(control, null);
            LOG.info("sensor {} restored {} by an earlier control command", id, control.wire());
        }
        sensors.put(s);
        st.path("edges").fields().forEachRemaining(t -> pendingEdges
                .computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(t.getKey(), t.getValue()));
        LOG.info("restored sensor {}", id);
    }
}
