package org.rocmon.collector.internal.resource;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

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

import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.mixin.ProcessRunner;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.SensorAdmission;
import org.rocmon.collector.internal.DataFolder;

/**
 * The composition root of the monitored resource: builds the thread pools, the store and the collector manager,
 * re-creates stored collectors on activation and stops them all on deactivation. {@link ResourceServlet} and
 * {@link DeclaredCollector} get it injected; it is a service of this bundle only.
 */
// The configuration PID is the one this tuning always had (it lived on the servlet), so existing files still apply.
@Component(service = CollectorRuntime.class, configurationPid = CollectorRuntime.PID)
@Designate(ocd = CollectorRuntime.Config.class)
public final class CollectorRuntime {

    static final String PID = "org.rocmon.collector.internal.resource.ResourceServlet";
    private static final Logger LOG = LoggerFactory.getLogger(CollectorRuntime.class);

    /** Framework property with the node's HTTP port. */

    /** Tuning of the resource's collectors. */
    @ObjectClassDefinition(name = "Rocmon resource", description = "Collectors of the monitored resource")
    public @interface Config {
        /** @return unacknowledged frames kept per collector edge */
        @AttributeDefinition(description = "Unacknowledged frames each collector keeps while its sensor is away")
        int bufferFrames() default 1000;

        /** @return upper bound of a metric call's deadline */
        @AttributeDefinition(description = "Longest a metric call may take, ms (the deadline is min(period, this))")
        long metricTimeoutMillis() default 10_000;

        /** @return retry interval of degraded collectors */
        @AttributeDefinition(description = "How often degraded collectors are retried, ms")
        long retryMillis() default 3000;

        /** @return largest number of concurrent metric calls */
        @AttributeDefinition(description = "Threads running metric calls; calls beyond wait in a queue and start late")
        int maxMetricThreads() default 64;

        /** @return metric calls that may wait for a thread */
        @AttributeDefinition(description = "Metric calls that may wait for a free thread; beyond, a round's call is refused and counted")
        int maxQueuedCalls() default 10_000;
    }

    private final AtomicReference<SensorAdmission> admission = new AtomicReference<>();
    private final AtomicReference<ProcessRunner> processRunner = new AtomicReference<>();
    private final Pools pools;
    private final CollectorManager manager;
    private final Path dataDir;
    private final long retryMillis;

    /**
     * @param context for framework properties and the data area
     * @param config tuning
     * @param catalog opens metric mixins
     * @param edges opens WebSockets to sensors
     */
    @Activate
    public CollectorRuntime(BundleContext context, Config config,
            @Reference(name = "catalog") MixinCatalog catalog, @Reference(name = "edges") CollectorEdges edges) {
        pools = new Pools(config.maxMetricThreads(), config.maxQueuedCalls(), Math.max(1, config.metricTimeoutMillis()));
        dataDir = DataFolder.of(context);
        if (dataDir == null) {
            LOG.warn("no {} property and no bundle data area: collectors will not survive a restart",
                    NodeProperties.DATA);
        }
        retryMillis = Math.max(100, config.retryMillis());
        manager = new CollectorManager(catalog, edges, admission::get, new CollectorStore(dataDir),
                new TargetResolver(port(context)), HostFacts.collect(), Math.max(1, config.bufferFrames()), pools,
                retryMillis);
        manager.processStatus(() -> {
            ProcessRunner r = processRunner.get();
            return r == null ? null : r.status();
        });
        manager.restore();
    }

    /** @param a a sensor admission service of this node */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAdmission(SensorAdmission a) {
        admission.set(a);
        if (manager != null) {
            manager.admissionChanged();
        }
    }

    /** @param a the departing service */
    void unbindAdmission(SensorAdmission a) {
        admission.compareAndSet(a, null);
    }

    /** @param r the host's process runner, whose counters {@code GET /resource/} shows */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProcessRunner(ProcessRunner r) {
        processRunner.set(r);
    }

    /** @param r the departing service */
    void unbindProcessRunner(ProcessRunner r) {
        processRunner.compareAndSet(r, null);
    }

    /** Stops every collector and the pools; stored definitions stay for the next activation. */
    @Deactivate
    void deactivate() {
        manager.close();
        pools.close();
    }

    CollectorManager manager() {
        return manager;
    }

    /** @return the host's scheduler for the collectors' own housekeeping */
    ScheduledExecutorService scheduler() {
        return pools.scheduler;
    }

    /** @return how often degraded collectors (and declarations waiting for a mixin) are retried, ms */
    long retryMillis() {
        return retryMillis;
    }

    /** @return the node's data folder, or null when there is none */
    Path dataDir() {
        return dataDir;
    }

    private static int port(BundleContext context) {
        String p = context.getProperty(NodeProperties.HTTP_PORT);
        if (p != null) {
            try {
                return Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                LOG.warn("{}={} is not a port; assuming 8080", NodeProperties.HTTP_PORT, p);
            }
        }
        return 8080;
    }
}
