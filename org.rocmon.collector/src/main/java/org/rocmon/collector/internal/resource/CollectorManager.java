package org.rocmon.collector.internal.resource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.attributes.Secrets;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.StatusDTO;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.SensorAdmission;
import org.rocmon.api.runtime.UnknownMixinException;
import org.rocmon.collector.internal.SourceHeader;
import org.rocmon.http.Problem;
import org.rocmon.json.RocmonJson;

/**
 * The registry of this node's resources and their collectors: validates and (re)defines collectors, wires their
 * metrics ({@link MetricOpener}), edges and local admission ({@link LocalAdmission}), persists definitions
 * ({@link CollectorStore}), applies control commands and retries degraded collectors. Who declared what is
 * {@link Ownership}'s. Definitions change under one lock; everything is validated and opened before a running
 * collector is touched.
 */
final class CollectorManager implements AutoCloseable {

    private static final ObjectMapper MAPPER = RocmonJson.mapper();
    private static final Logger LOG = LoggerFactory.getLogger(CollectorManager.class);

    private final MixinCatalog catalog;
    private final CollectorEdges edges;
    private final LocalAdmission admission;
    private final MetricOpener metrics;
    private final CollectorStore store;
    private final CollectorParser parser;
    private final TargetResolver resolver;
    private final Map<String, Object> hostFacts;
    private final int bufferFrames;
    private final Pools pools;
    private volatile Supplier<Map<String, Object>> processStatus = () -> null;
    private final Object lock = new Object();
    private final Ownership owners = new Ownership();
    private final Map<String, Map<String, RunningCollector>> resources = new ConcurrentSkipListMap<>();

    CollectorManager(MixinCatalog catalog, CollectorEdges edges, Supplier<SensorAdmission> admission,
            CollectorStore store, TargetResolver resolver, Map<String, Object> hostFacts, int bufferFrames,
            Pools pools, long retryMillis) {
        this.catalog = catalog;
        this.edges = edges;
        this.admission = new LocalAdmission(admission);
        this.metrics = new MetricOpener(catalog, hostFacts);
        this.store = store;
        this.parser = new CollectorParser(resolver);
        this.resolver = resolver;
        this.hostFacts = hostFacts;
        this.bufferFrames = bufferFrames;
        this.pools = pools;
        try {
            pools.scheduler.scheduleWithFixedDelay(this::repair, retryMillis, retryMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    Map<String, Object> hostFacts() {
        return hostFacts;
    }

    /** @return threads, queue and lateness of metric calls on this node, and the process runner's counters */
    Map<String, Object> schedulerStatus() {
        Map<String, Object> m = pools.describe();
        Map<String, Object> processes = processStatus.get();
        if (processes != null) {
            m.put("processes", processes);
        }
        return m;
    }

    void processStatus(Supplier<Map<String, Object>> source) {
        processStatus = source;
    }

    /**
     * Defines or updates a collector.
     *
     * @return whether it was created (false: updated)
     * @throws Problem 400 for anything wrong in the description; the previous definition keeps running
     */
    boolean define(String rid, String cid, JsonNode body) throws Problem {
        List<MixinDTO> installed = catalog.list();
        CollectorSpec spec = parser.parse(rid, cid, keepSecrets(collector(rid, cid), body, installed), installed);
        List<MetricSlot> slots;
        try {
            slots = metrics.open(spec);
        } catch (UnknownMixinException e) {
            throw Problem.badRequest(e.getMessage(), e.attribute())
                    .with("mixin", e.mixin()).with("available", e.available());
        } catch (InvalidAttributeException e) {
            throw Problem.badRequest(e.getMessage(), e.attribute());
        }
        boolean created;
        synchronized (lock) {
            RunningCollector existing = collector(rid, cid);
            created = existing == null;
            RunningCollector c = created ? new RunningCollector(spec, pools) : existing;
            c.run(spec, slots, edgeFor(c, spec));
            resources.computeIfAbsent(rid, k -> new ConcurrentSkipListMap<>()).put(cid, c);
            try {
                store.save(rid, cid, spec.body);
            } catch (IOException e) {
                LOG.error("collector {}/{} runs but could not be stored ({}); it will not survive a restart", rid,
                        cid, e.toString());
            }
        }
        LOG.info("collector {}/{} {} with {} towards {}", rid, cid, created ? "created" : "updated", spec.mixins,
                spec.resolved.uri);
        return created;
    }

    /**
     * Secrets are write-only: an update that omits one, or sends back the mask it was shown, keeps the stored one
     * (the body is what is stored, so it gets the kept value).
     */
    static JsonNode keepSecrets(RunningCollector existing, JsonNode body, List<MixinDTO> installed) {
        if (existing == null || body == null || !body.isObject() || !body.path("attributes").isObject()) {
            return body;
        }
        List<String> mixins = new ArrayList<>();
        body.path("mixins").forEach(m -> mixins.add(m.asText()));
        java.util.Set<String> names = Secrets.names(installed, mixins);
        if (names.isEmpty()) {
            return body;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> flat = Descriptions.flatten(MAPPER.convertValue(body.get("attributes"), Map.class));
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.set("attributes", MAPPER.valueToTree(Secrets.kept(flat, existing.spec().attributes, names)));
        return copy;
    }

    /** @return full names of the secret attributes of a collector's mixins, which views mask */
    java.util.Set<String> secrets(List<String> mixins) {
        return Secrets.names(catalog.list(), mixins);
    }

    // Same target: keep the edge, so its epoch and unacknowledged frames carry over the update.
    private CollectorEdge edgeFor(RunningCollector c, CollectorSpec spec) {
        CollectorEdge current = c.edge();
        if (current != null && spec.sameTarget(c.spec())) {
            if (c.admittedSensor == null) {
                admission.admit(c, spec);
            }
            return current;
        }
        if (current != null) {
            current.close();
            admission.revoke(c);
        }
        admission.admit(c, spec);
        // announce where the frames come from, so the sensor can send control commands back to this collector
        String source = resolver.node().http("/resource/" + spec.resourceId + "/collector/" + spec.id).toString();
        return edges.open(spec.id, SourceHeader.announce(spec.resolved.uri, source), bufferFrames);
    }

    /** Called when a SensorAdmission service appears: local sensors may not know our collectors yet. */
    void admissionChanged() {
        synchronized (lock) {
            forEach(c -> {
                if (!"stopped".equals(c.state()) && c.spec().resolved.localSensor != null) {
                    admission.admit(c, c.spec());
                }
            });
        }
    }

    /** Every few seconds: reopen degraded collectors, and re-admit local ones that are not connected. */
    private void repair() {
        try {
            synchronized (lock) {
                forEach(c -> {
                    if ("degraded".equals(c.state())) {
                        retry(c);
                    } else if (c.spec().resolved.localSensor != null && c.edge() != null
                            && !"connected".equals(c.edge().status().state)) {
                        admission.admit(c, c.spec());
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.error("collector repair failed", e);
        }
    }

    private void retry(RunningCollector c) {
        CollectorSpec spec = c.spec();
        try {
            List<MetricSlot> slots = metrics.open(spec);
            c.run(spec, slots, edgeFor(c, spec));
            LOG.info("collector {}/{} is running again", spec.resourceId, spec.id);
        } catch (UnknownMixinException | InvalidAttributeException e) {
            c.degrade(spec, MetricOpener.reason(e));
        }
    }

    /** Re-creates the stored collectors; those whose mixins are missing wait, degraded. */
    void restore() {
        Map<String, Map<String, JsonNode>> stored = store.load();
        synchronized (lock) {
            for (Map.Entry<String, Map<String, JsonNode>> r : stored.entrySet()) {
                String rid = r.getKey();
                resources.computeIfAbsent(rid, k -> new ConcurrentSkipListMap<>());
                for (Map.Entry<String, JsonNode> e : r.getValue().entrySet()) {
                    String cid = e.getKey();
                    CollectorSpec spec;
                    try {
                        spec = parser.parse(rid, cid, e.getValue(), catalog.list());
                    } catch (Problem ex) {
                        LOG.error("stored collector {}/{} is invalid ({}); it is not re-created", rid, cid,
                                ex.getMessage());
                        continue;
                    }
                    RunningCollector c = new RunningCollector(spec, pools);
                    String control = store.loadControl(rid, cid);
                    if (!"running".equals(control)) {
                        c.control(control, null);
                    }
                    resources.get(rid).put(cid, c);
                    retry(c);
                    if ("degraded".equals(c.state())) {
                        LOG.warn("collector {}/{} restored degraded: {}", rid, cid, c.status().reason);
                    }
                }
            }
        }
    }

    /**
     * Applies a control command and keeps it, so a restart comes back in that state: start, stop, pause, resume;
     * init re-opens the metrics with fresh instances and leaves the collector stopped until a start; terminate
     * deletes it.
     *
     * @return the new requested state ("terminated" for terminate)
     * @throws Problem 404 for an unknown collector, 400 for an unknown action, 409 when init cannot open a metric
     */
    String control(String rid, String cid, String action) throws Problem {
        String target = CONTROL.get(action == null ? "" : action.trim().toLowerCase(Locale.ROOT));
        if (target == null) {
            throw Problem.badRequest("unknown action '" + (action == null ? "" : action.length() > 64
                    ? action.substring(0, 64) + "..." : action) + "'; valid actions: " + String.join(", ", ACTIONS),
                    "action").with("available", ACTIONS);
        }
        synchronized (lock) {
            RunningCollector c = collector(rid, cid);
            if (c == null) {
                throw new Problem(404, "no collector '" + cid + "' on resource '" + rid + "'", null);
            }
            if ("terminated".equals(target)) {
                deleteCollector(rid, cid);
                LOG.info("collector {}/{}: terminate", rid, cid);
                return target;
            }
            if ("init".equals(action.trim().toLowerCase(Locale.ROOT))) {
                try {
                    c.run(c.spec(), metrics.open(c.spec()), edgeFor(c, c.spec()));
                } catch (UnknownMixinException | InvalidAttributeException e) {
                    throw Problem.of(409, "collector " + rid + "/" + cid + " cannot be initialised now: "
                            + e.getMessage());
                }
            }
            ObjectNode record = MAPPER.createObjectNode();
            record.put("requested", action.trim().toLowerCase(Locale.ROOT));
            record.put("at", System.currentTimeMillis());
            c.control(target, record);
            try {
                store.saveControl(rid, cid, target);
            } catch (IOException e) {
                LOG.error("collector {}/{} is {} but that could not be stored ({})", rid, cid, target,
                        e.toString());
            }
            LOG.info("collector {}/{}: {}", rid, cid, action);
            return target;
        }
    }

    private static final Map<String, String> CONTROL = Map.of("init", "stopped", "start", "running", "resume",
            "running", "stop", "stopped", "pause", "paused", "terminate", "terminated");
    /** The control actions, in Composite Probes' order. */
    static final List<String> ACTIONS = List.of("init", "start", "stop", "pause", "resume", "terminate");

    boolean deleteCollector(String rid, String cid) {
        synchronized (lock) {
            owners.forget(rid, cid);
            Map<String, RunningCollector> r = resources.get(rid);
            RunningCollector c = r == null ? null : r.remove(cid);
            if (c == null) {
                return false;
            }
            c.stop();
            admission.revoke(c);
            try {
                store.delete(rid, cid);
            } catch (IOException e) {
                LOG.error("cannot delete stored collector {}/{}: {}", rid, cid, e.toString());
            }
            return true;
        }
    }

    boolean deleteResource(String rid) {
        synchronized (lock) {
            Map<String, RunningCollector> r = resources.remove(rid);
            if (r == null) {
                return false;
            }
            owners.forgetResource(rid);
            for (RunningCollector c : r.values()) {
                c.stop();
                admission.revoke(c);
            }
            try {
                store.deleteResource(rid);
            } catch (IOException e) {
                LOG.error("cannot delete stored resource {}: {}", rid, e.toString());
            }
            return true;
        }
    }

    // ---- ownership by configuration

    /** @return "config:<pid>" when a configuration declared the collector, else null */
    String owner(String rid, String cid) {
        return owners.owner(rid, cid);
    }

    /** @return the owner of some collector of the resource, or null */
    String anyOwner(String rid) {
        return owners.anyOwner(rid);
    }

    /**
     * Defines or updates a collector on behalf of a configuration and marks it as owned by it.
     *
     * @throws Problem as {@link #define}, or 409 when another configuration owns that collector
     */
    boolean defineOwned(String owner, String rid, String cid, JsonNode body) throws Problem {
        synchronized (lock) {
            String current = owners.owner(rid, cid);
            if (current != null && !current.equals(owner)) {
                throw new Problem(409, "collector " + rid + "/" + cid + " is already declared by " + current,
                        null);
            }
            // Owned before it exists, so that no GET or DELETE can see the collector without its owner.
            owners.claim(owner, rid, cid);
            try {
                return define(rid, cid, body);
            } catch (Problem | RuntimeException e) {
                if (current == null) {
                    owners.release(owner, rid, cid);
                }
                throw e;
            }
        }
    }

    /** Deletes a collector only while the given configuration still owns it. */
    boolean deleteOwned(String owner, String rid, String cid) {
        synchronized (lock) {
            return owner.equals(owners.owner(rid, cid)) && deleteCollector(rid, cid);
        }
    }

    /** Lets go of a collector without deleting it (its declaring component stops, its configuration stays). */
    void release(String owner, String rid, String cid) {
        owners.release(owner, rid, cid);
    }

    void refusedDeclaration() {
        owners.refusedDeclaration();
    }

    long refusedDeclarations() {
        return owners.refusedDeclarations();
    }

    RunningCollector collector(String rid, String cid) {
        Map<String, RunningCollector> r = resources.get(rid);
        return r == null ? null : r.get(cid);
    }

    /** @return the collectors of a resource, or {@code null} when there is no such resource */
    Map<String, RunningCollector> resource(String rid) {
        return resources.get(rid);
    }

    List<String> resourceIds() {
        return new ArrayList<>(resources.keySet());
    }

    private void forEach(Consumer<RunningCollector> action) {
        for (Map<String, RunningCollector> r : resources.values()) {
            for (RunningCollector c : r.values()) {
                action.accept(c);
            }
        }
    }

    /** Stops every collector without touching what is stored: they come back on the next activation. */
    @Override
    public void close() {
        synchronized (lock) {
            forEach(c -> c.stop(true));
            resources.clear();
        }
    }

    StatusDTO status(String rid, String cid) {
        RunningCollector c = collector(rid, cid);
        return c == null ? null : c.status();
    }
}
