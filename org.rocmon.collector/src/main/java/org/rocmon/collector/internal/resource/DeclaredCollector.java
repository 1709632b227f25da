package org.rocmon.collector.internal.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.Problem;
import org.rocmon.json.RocmonJson;

/**
 * One resource collector declared by a factory configuration ({@value #FACTORY_PID}), e.g. a FileInstall file
 * {@code deploy/org.rocmon.collector.declared-c01.cfg}. It is defined as a POST to
 * {@code /resource/{resource}/collector/{collector}} would define it, updated when the configuration changes and
 * deleted when it is deleted. A bad declaration is logged (with the attribute at fault) and counted; the
 * collector keeps its previous definition, if any. A declaration that names a mixin not installed (yet: at start
 * the declarations may be read before the mixin bundles are up, or the mixin arrives later from the repository)
 * is tried again every retry interval, doubling up to a minute, until it is defined or the configuration goes.
 */
@Component(configurationPid = DeclaredCollector.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = DeclaredCollector.Config.class, factory = true)
public final class DeclaredCollector {

    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    static final String FACTORY_PID = "org.rocmon.collector.declared";
    /** ComponentConstants.DEACTIVATION_REASON_*, spelled out to keep org.osgi.service.component off the path. */
    static final int REASON_DISABLED = 1;
    static final int REASON_CONFIGURATION_DELETED = 4;
    static final long MAX_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredCollector.class);

    /** A collector kept as configuration. */
    @ObjectClassDefinition(name = "Rocmon declared collector",
            description = "A resource collector defined by configuration instead of a REST POST")
    public @interface Config {
        @AttributeDefinition(description = "Id of the monitored resource (the {rid} of /resource/{rid}/)")
        String resource();

        @AttributeDefinition(required = false, description = "Collector id, when the JSON does not give one")
        String collector();

        @AttributeDefinition(required = false,
                description = "The collector's JSON, as POSTed to /resource/{rid}/collector/{cid} (listing 2)")
        String description();

        @AttributeDefinition(required = false,
                description = "Path of a file holding that JSON; relative to the node's data folder")
        String file();
    }

    /** Longest wait between two tries of a declaration whose mixin is missing. */
    static final long MAX_RETRY_MILLIS = 60_000;

    private final CollectorManager manager;
    private final Path base;
    private final String owner;
    private final ScheduledExecutorService scheduler;
    private final long retryMillis;
    /** The pending retry of a declaration waiting for its mixin, or null. */
    private ScheduledFuture<?> retry;
    private boolean active = true;
    /** "rid/cid" this configuration currently defines, or null. */
    private volatile String[] declared;

    @Activate
    public DeclaredCollector(Map<String, Object> props, @Reference CollectorRuntime runtime) {
        this(props, runtime.manager(), runtime.dataDir(), runtime.scheduler(), runtime.retryMillis());
    }

    DeclaredCollector(Map<String, Object> props, CollectorManager manager, Path base,
            ScheduledExecutorService scheduler, long retryMillis) {
        this.manager = manager;
        this.base = base;
        this.owner = "config:" + props.get(Constants.SERVICE_PID);
        this.scheduler = scheduler;
        this.retryMillis = Math.max(10, retryMillis);
        apply(props, this.retryMillis);
    }

    @Modified
    void modified(Map<String, Object> props) {
        apply(props, retryMillis);
    }

    /** Only a deleted configuration deletes its collector; a stopping bundle or runtime keeps the stored one. */
    @Deactivate
    void deactivate(int reason) {
        synchronized (this) {
            active = false;
            cancelRetry();
        }
        String[] d = declared;
        if (d == null) {
            return;
        }
        if (reason == REASON_CONFIGURATION_DELETED || reason == REASON_DISABLED) {
            if (manager.deleteOwned(owner, d[0], d[1])) {
                LOG.info("collector {}/{} deleted with its configuration {}", d[0], d[1], owner);
            }
        } else {
            manager.release(owner, d[0], d[1]);
        }
    }

    /** @return {rid, cid} currently declared, or null */
    String[] declared() {
        return declared;
    }

    private synchronized void apply(Map<String, ?> props, long nextWait) {
        if (!active) {
            return;
        }
        cancelRetry();
        try {
            JsonNode body = body(props);
            String rid = text(props.get("resource"));
            if (rid == null) {
                throw Problem.badRequest("the configuration needs 'resource': the id of the monitored "
                        + "resource the collector runs for", "resource");
            }
            String cid = text(props.get("collector"));
            String inBody = body.hasNonNull("id") ? body.get("id").asText() : null;
            if (cid == null) {
                cid = inBody;
            }
            if (cid == null || cid.isBlank()) {
                throw Problem.badRequest("the collector id is missing: put \"id\" in the description or a "
                        + "'collector' property in the configuration", "collector");
            }
            String[] previous = declared;
            boolean created = manager.defineOwned(owner, rid, cid, body);
            declared = new String[] {rid, cid};
            if (previous != null && !(previous[0].equals(rid) && previous[1].equals(cid))) {
                manager.deleteOwned(owner, previous[0], previous[1]);
            }
            LOG.info("collector {}/{} {} by {}", rid, cid, created ? "defined" : "updated", owner);
        } catch (Problem e) {
            boolean mixinMissing = e.extensions().containsKey("mixin");
            if (nextWait == retryMillis) { // the first refusal of this configuration's content says why, once
                manager.refusedDeclaration();
                LOG.warn("configuration {} refused ({}): {}{}{}", owner, e.status(), e.getMessage(),
                        e.attribute() == null ? "" : " [attribute " + e.attribute() + "]",
                        mixinMissing ? "; tried again while the mixin may still arrive" : "");
            }
            if (mixinMissing && scheduler != null) {
                retry = scheduler.schedule(() -> apply(props, Math.min(MAX_RETRY_MILLIS, nextWait * 2)), nextWait,
                        TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            // A declaration must never take the component (or SCR's thread) down.
            manager.refusedDeclaration();
            LOG.error("configuration {} could not be applied", owner, e);
        }
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private JsonNode body(Map<String, ?> props) throws Problem {
        String inline = text(props.get("description"));
        String file = text(props.get("file"));
        if (inline != null && file != null) {
            throw Problem.badRequest("give either 'description' or 'file', not both", "file");
        }
        String attribute = inline != null ? "description" : "file";
        String json;
        if (inline != null) {
            json = inline;
        } else if (file != null) {
            json = read(file);
        } else {
            throw Problem.badRequest("the configuration needs 'description' (the JSON a POST would send) or "
                    + "'file' (a path to such a JSON file)", "description");
        }
        if (json.length() > MAX_BYTES) {
            throw Problem.badRequest("the description is larger than " + MAX_BYTES + " bytes", attribute);
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("the description is not valid JSON: " + e.getOriginalMessage(), attribute);
        }
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("the description must be a JSON object", attribute);
        }
        return body;
    }

    private String read(String file) throws Problem {
        Path p = Path.of(file);
        if (!p.isAbsolute() && base != null) {
            p = base.resolve(p);
        }
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw Problem.badRequest("the file " + p + " is larger than " + MAX_BYTES + " bytes", "file");
            }
            return Files.readString(p);
        } catch (IOException e) {
            throw Problem.badRequest("cannot read " + p + ": " + e.getClass().getSimpleName(), "file");
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }
}
