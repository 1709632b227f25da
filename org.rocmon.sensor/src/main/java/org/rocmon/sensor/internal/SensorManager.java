package org.rocmon.sensor.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.json.RocmonJson;

import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.SensorAdmission;
import org.rocmon.sensor.internal.control.ControlAction;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.control.ControlState;
import org.rocmon.sensor.internal.control.Remote;
import org.rocmon.sensor.internal.control.Sources;
import org.rocmon.sensor.internal.ingest.CollectorTrack;
import org.rocmon.sensor.internal.ingest.FrameParser;
import org.rocmon.sensor.internal.ingest.JunkFrame;
import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.model.EdgeSpec;
import org.rocmon.sensor.internal.model.SensorParser;
import org.rocmon.sensor.internal.model.SensorSpec;
import org.rocmon.sensor.internal.pipeline.RateLimitedLog;
import org.rocmon.sensor.internal.pipeline.StageHost;

/**
 * The sensors of this node: defines, updates and deletes them, admits collectors, takes their frames, attaches
 * sensor-to-sensor collectors, and keeps everything on disk so a restart re-creates what was deployed.
 */
@Component(service = {SensorManager.class, SensorAdmission.class}, configurationPid = SensorManager.PID)
@Designate(ocd = SensorManager.Config.class)
public final class SensorManager implements SensorAdmission {

    static final String PID = "org.rocmon.sensor";
    /** Framework property naming the data folder. */
    static final String DATA_PROPERTY = "rocmon.data";
    /** Framework property of the node's HTTP port. */
    static final String PORT_PROPERTY = "org.osgi.service.http.port";

    private static final Logger LOG = LoggerFactory.getLogger(SensorManager.class);

    /** Tuning of the sensor host. */
    @ObjectClassDefinition(name = "Rocmon sensors", description = "Threads, bounds and timeouts of the sensors")
    public @interface Config {
        @AttributeDefinition(description = "Capacity of each stage's inbox; overflow drops and counts")
        int inboxCapacity() default 10_000;

        @AttributeDefinition(description = "Milliseconds one mixin call may take before its stage is marked hung")
        long callTimeoutMillis() default 5_000;

        @AttributeDefinition(description = "Stage pool threads; 0 means the number of cores")
        int threads() default 0;

        @AttributeDefinition(description = "Milliseconds between retries of degraded sensors")
        long retryMillis() default 3_000;

        @AttributeDefinition(description = "Milliseconds between saves of collector sequence state")
        long flushMillis() default 2_000;

        @AttributeDefinition(description = "Frames a sensor-to-sensor collector buffers while its target is away")
        int edgeBufferFrames() default 1_000;

        @AttributeDefinition(description = "Inbox fill, in percent of its capacity, at which a stage is congested: "
                + "acks of frames that reach it are withheld until it drains")
        int highWaterPercent() default 50;

        @AttributeDefinition(description = "Inbox fill, in percent of its capacity, at which a congested stage is "
                + "clear again and withheld acks are sent")
        int lowWaterPercent() default 25;
    }

    /** Settings decoupled from OSGi, so tests can build a manager directly. */
    record Settings(int threads, long callTimeoutMillis, int inboxCapacity, Path dataDir, int port,
            long retryMillis, long flushMillis, int edgeBufferFrames, int highWaterPercent, int lowWaterPercent) {

        Settings(int threads, long callTimeoutMillis, int inboxCapacity, Path dataDir, int port, long retryMillis,
                long flushMillis, int edgeBufferFrames) {
            this(threads, callTimeoutMillis, inboxCapacity, dataDir, port, retryMillis, flushMillis,
                    edgeBufferFrames, 50, 25);
        }
    }

    private final ObjectMapper mapper = RocmonJson.mapper();
    private final SensorParser parser = new SensorParser(mapper);
    private final FrameParser frames = new FrameParser();
    private final MixinCatalog catalog;
    private final StagePlanner planner;
    private final Settings settings;
    private final StageHost host;
    private final SensorStore store;
    private final Map<String, Sensor> sensors = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> admissions = new ConcurrentHashMap<>();
    /** Stored sensor-to-sensor collectors waiting for the CollectorEdges service. */
    private final Map<String, Map<String, JsonNode>> pendingEdges = new ConcurrentHashMap<>();
    private final RateLimitedLog junkLog = new RateLimitedLog(LOG, 10_000);
    private final Object lock = new Object();
    private volatile Remote remote = new Remote();
    /** Sensor id to the configuration that declared it ("config:<pid>"); such sensors refuse a REST DELETE. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    /** Declarations refused for bad content, since activation. */
    private final java.util.concurrent.atomic.AtomicLong refusedDeclarations =
            new java.util.concurrent.atomic.AtomicLong();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CollectorEdges collectorEdges;

    @Activate
    public SensorManager(BundleContext context, Config config, @Reference(name = "catalog") MixinCatalog catalog) {
        this(catalog, settings(context, config));
    }

    SensorManager(MixinCatalog catalog, Settings settings) {
        this.catalog = catalog;
        this.planner = new StagePlanner(catalog);
        this.settings = settings;
        this.host = new StageHost(settings.threads(), settings.callTimeoutMillis(), settings.inboxCapacity(),
                settings.highWaterPercent(), settings.lowWaterPercent());
        this.store = new SensorStore(settings.dataDir(), mapper);
        restore();
        host.scheduler().scheduleWithFixedDelay(this::retryQuietly, settings.retryMillis(), settings.retryMillis(),
                TimeUnit.MILLISECONDS);
        host.scheduler().scheduleWithFixedDelay(this::flushQuietly, settings.flushMillis(), settings.flushMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static Settings settings(BundleContext ctx, Config c) {
        String data = ctx.getProperty(DATA_PROPERTY);
        Path dir;
        if (data != null && !data.isBlank()) {
            dir = Path.of(data.trim());
        } else {
            File f = ctx.getDataFile("");
            dir = f != null ? f.toPath() : Path.of(System.getProperty("java.io.tmpdir"), "rocmon-sensor");
        }
        int port = 8080;
        String p = ctx.getProperty(PORT_PROPERTY);
        if (p != null) {
            try {
                port = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                LOG.warn("{}={} is not a port; sensor-to-sensor collectors assume 8080", PORT_PROPERTY, p);
            }
        }
        return new Settings(c.threads(), c.callTimeoutMillis(), c.inboxCapacity(), dir, port, c.retryMillis(),
                c.flushMillis(), c.edgeBufferFrames(), c.highWaterPercent(), c.lowWaterPercent());
    }

    /** For tests: replaces the HTTP client that reaches children. */
    void useRemote(Remote r) {
        this.remote = r;
    }

    public Remote remote() {
        return remote;
    }

    public int port() {
        return settings.port();
    }

    /** For tests and for wiring without DS. */
    void useCollectorEdges(CollectorEdges edges) {
        this.collectorEdges = edges;
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            flushQuietly();
            for (Sensor s : sensors.values()) {
                s.close();
            }
            sensors.clear();
        }
        host.close();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    StageHost host() {
        return host;
    }

    // ---- sensors

    /**
     * Defines or updates a sensor. Everything is validated and every new mixin opened before the running sensor
     * is touched; on error the previous definition keeps running.
     *
     * @param pathId id from the URL, or null to take it from the body
     * @return true when created, false when updated
     */
    public boolean define(String pathId, JsonNode body) throws Problem {
        SensorSpec spec = parser.parse(pathId, body);
        synchronized (lock) {
            Sensor existing = sensors.get(spec.id);
            List<StagePlanner.Planned> plan = planner.plan(spec,
                    existing == null ? Map.of() : existing.stagesByKey());
            Sensor s = existing != null ? existing : new Sensor(spec.id, host, System.currentTimeMillis());
            s.apply(spec, plan, null);
            if (existing == null) {
                sensors.put(spec.id, s);
            } else {
                for (String c : new ArrayList<>(s.tracks().keySet())) {
                    if (s.connected(c) && !admits(spec.id, c)) {
                        s.kick(c, "no longer admitted by the sensor's links");
                    }
                }
            }
            persist(s);
            return existing == null;
        }
    }

    /** @return the sensor, or null */
    public Sensor get(String id) {
        return sensors.get(id);
    }

    public Collection<Sensor> all() {
        return sensors.values();
    }

    /** @return whether there was such a sensor */
    public boolean delete(String id) {
        synchronized (lock) {
            Sensor s = sensors.remove(id);
            owners.remove(id);
            if (s == null) {
                return false;
            }
            s.close();
            for (ForwardEdge e : s.edges().values()) {
                revokeLocal(e);
            }
            store.delete(id);
            pendingEdges.remove(id);
            return true;
        }
    }

    // ---- ownership by configuration

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
        synchronized (lock) {
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
        synchronized (lock) {
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

    Path dataDir() {
        return settings.dataDir();
    }

    // ---- admission

    @Override
    public boolean hosts(String sensorId) {
        return sensors.containsKey(sensorId);
    }

    @Override
    public void admit(String sensorId, String collectorId) {
        if (sensorId == null || collectorId == null) {
            return;
        }
        if (admissions.computeIfAbsent(sensorId, k -> ConcurrentHashMap.newKeySet()).add(collectorId)) {
            Sensor s = sensors.get(sensorId);
            if (s != null) {
                s.markDirty();
            }
        }
    }

    @Override
    public void revoke(String sensorId, String collectorId) {
        Set<String> a = admissions.get(sensorId);
        if (a == null || !a.remove(collectorId)) {
            return;
        }
        Sensor s = sensors.get(sensorId);
        if (s != null) {
            s.markDirty();
            if (!admits(sensorId, collectorId)) {
                s.kick(collectorId, "admission revoked");
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
                || admissions.getOrDefault(sensorId, Set.of()).contains(collectorId);
    }

    /** @return collectors admitted through the service, for the description */
    public Set<String> admitted(String sensorId) {
        return Set.copyOf(admissions.getOrDefault(sensorId, Set.of()));
    }

    // ---- control

    /**
     * Applies a control command at once and, with propagate, sends it to every child feeding the sensor (the
     * sensors and resource collectors behind its admitted collectors); their answers arrive later in the record.
     *
     * @return the record, whose state is visible in GET
     * @throws Problem 404 for an unknown sensor
     */
    public ControlRecord control(String sensorId, ControlAction action, boolean propagate) throws Problem {
        return control(sensorId, action, propagate, LocalData.MAX_HOPS);
    }

    /** @param hops levels the command may still travel; at 1 it is not propagated further (cycle guard) */
    public ControlRecord control(String sensorId, ControlAction action, boolean propagate, int hops)
            throws Problem {
        ControlRecord record = new ControlRecord(action, propagate, System.currentTimeMillis());
        List<String> targets;
        synchronized (lock) {
            Sensor s = sensors.get(sensorId);
            if (s == null) {
                throw Problem.of(404, "no sensor " + sensorId);
            }
            s.control(action.target(), record);
            persist(s);
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
        synchronized (lock) {
            Sensor s = sensors.get(sensorId);
            if (s == null) {
                throw Problem.of(404, "no sensor " + sensorId);
            }
            if (!s.controlEdge(edgeId, action.target())) {
                throw Problem.of(404, "sensor " + sensorId + " has no collector " + edgeId);
            }
            persist(s);
        }
        LOG.info("sensor {}: collector {}: {}", sensorId, edgeId, action.wire());
    }

    /** @return the distinct source URLs of the collectors the sensor admits */
    List<String> children(Sensor s) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, String> e : s.sources().entrySet()) {
            if (admits(s.id(), e.getKey())) {
                out.add(e.getValue());
            }
        }
        return new ArrayList<>(out);
    }

    /** Records the URL a collector announced on its upgrade (Rocmon-Source). */
    public void source(Sensor s, String collectorId, String url) {
        s.source(collectorId, url);
    }

    // ---- WebSocket ingest

    /** A collector WebSocket opened; returns the ack to send first. */
    public Ack opened(Sensor s, CollectorConnection c) {
        s.connect(c);
        return s.ackFor(c.collectorId());
    }

    /**
     * @return the ack to send, or null
     */
    public Ack frame(Sensor s, String collectorId, String text) {
        try {
            return s.ingest(collectorId, frames.parse(text));
        } catch (JunkFrame e) {
            s.counters().rejected.increment();
            junkLog.warn("junk/" + s.id() + "/" + collectorId, "sensor " + s.id() + ": rejected a frame from "
                    + collectorId + ": " + e.getMessage(), null);
            return null;
        }
    }

    public void closed(Sensor s, CollectorConnection c, int code) {
        s.disconnect(c);
        if (code == 1009) {
            s.counters().rejected.increment();
            junkLog.warn("big/" + s.id() + "/" + c.collectorId(), "sensor " + s.id() + ": collector "
                    + c.collectorId() + " sent a frame over 64 KiB; connection closed with 1009", null);
        }
    }

    // ---- sensor-to-sensor collectors

    /** @return true when created, false when replaced */
    public boolean attachEdge(String sensorId, String edgeId, JsonNode body) throws Problem {
        Sensor s = sensors.get(sensorId);
        if (s == null) {
            throw Problem.of(404, "no sensor " + sensorId);
        }
        EdgeSpec spec = EdgeSpec.parse(sensorId, edgeId, body, settings.port(), mapper);
        synchronized (lock) {
            if (sensors.get(sensorId) != s) {
                throw Problem.of(404, "no sensor " + sensorId);
            }
            boolean created = openEdge(s, spec);
            persist(s);
            return created;
        }
    }

    private boolean openEdge(Sensor s, EdgeSpec spec) throws Problem {
        CollectorEdges edges = collectorEdges;
        if (edges == null) {
            throw Problem.of(409, "cannot attach collector " + spec.id + ": no CollectorEdges service is "
                    + "installed on this node (the collector bundle is missing or stopped)");
        }
        if (spec.localTarget != null) {
            admit(spec.localTarget, spec.id);
        }
        CollectorEdge edge;
        try {
            // the parent learns where this edge comes from, so commands and queries can reach this sensor
            edge = edges.open(spec.id, Sources.announce(spec.uri, "http://127.0.0.1:" + settings.port()
                    + "/sensor/" + s.id() + "/"), settings.edgeBufferFrames());
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
        synchronized (lock) {
            Sensor s = sensors.get(sensorId);
            ForwardEdge e = s == null ? null : s.removeEdge(edgeId);
            if (e == null) {
                return false;
            }
            e.close();
            revokeLocal(e);
            persist(s);
            return true;
        }
    }

    private void revokeLocal(ForwardEdge e) {
        if (e.spec().localTarget != null) {
            revoke(e.spec().localTarget, e.spec().id);
        }
    }

    // ---- persistence

    ObjectNode stateOf(Sensor s) {
        ObjectNode n = mapper.createObjectNode();
        n.set("description", s.spec().toJson(mapper));
        n.put("definedAt", s.definedAt());
        n.set("admitted", mapper.valueToTree(admitted(s.id())));
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

    private void persist(Sensor s) {
        s.takeDirty();
        try {
            store.save(s.id(), stateOf(s));
        } catch (IOException | RuntimeException e) {
            s.markDirty();
            LOG.error("could not save sensor {} under {}: {}", s.id(), store.dir(), e.toString());
        }
    }

    void flushQuietly() {
        for (Sensor s : sensors.values()) {
            if (s.takeDirty() && !s.isClosed()) {
                persist(s);
            }
        }
    }

    private void restore() {
        Map<String, JsonNode> stored = store.loadAll();
        for (Map.Entry<String, JsonNode> e : stored.entrySet()) {
            try {
                restore(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                LOG.error("could not restore sensor {}", e.getKey(), ex);
            }
        }
        retryEdges();
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
            admit(id, a.asText());
        }
        Sensor s = new Sensor(id, host, st.path("definedAt").asLong(System.currentTimeMillis()));
        st.path("collectors").fields().forEachRemaining(t -> s.restoreTrack(t.getKey(),
                t.getValue().path("epoch").asLong(), t.getValue().path("lastSeq").asLong()));
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
        sensors.put(id, s);
        st.path("edges").fields().forEachRemaining(t -> pendingEdges
                .computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(t.getKey(), t.getValue()));
        LOG.info("restored sensor {}", id);
    }

    private void retryQuietly() {
        try {
            retry();
        } catch (RuntimeException e) {
            LOG.warn("retrying degraded sensors failed", e);
        }
    }

    /** Re-plans degraded sensors and sensors whose mixin provider went away; cheap when nothing is wrong. */
    void retry() {
        synchronized (lock) {
            for (Sensor s : sensors.values()) {
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
            retryEdges();
        }
    }

    private void retryEdges() {
        if (collectorEdges == null) {
            return;
        }
        for (Map.Entry<String, Map<String, JsonNode>> e : pendingEdges.entrySet()) {
            Sensor s = sensors.get(e.getKey());
            if (s == null) {
                pendingEdges.remove(e.getKey());
                continue;
            }
            for (Map.Entry<String, JsonNode> d : new ArrayList<>(e.getValue().entrySet())) {
                try {
                    openEdge(s, EdgeSpec.parse(s.id(), d.getKey(), d.getValue(), settings.port(), mapper));
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
                pendingEdges.remove(e.getKey());
            }
        }
    }
}
