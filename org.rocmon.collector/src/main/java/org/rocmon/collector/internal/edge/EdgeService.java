package org.rocmon.collector.internal.edge;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.api.runtime.LocalSensorLinks;
import org.rocmon.api.security.PeerCredentials;
import org.rocmon.collector.internal.DataFolder;
import org.rocmon.collector.internal.NamedThreads;

/**
 * Opens collector edges. Owns the edges' one HTTP client ({@link PeerClient}, with the node's peer credentials) and
 * the small scheduled pool on which every edge's sender loop, reconnection timer and WebSocket callbacks run;
 * deactivation closes every edge and stops the pool.
 */
// Immediate: active before the sensor runtime, whose SensorManager binds these edges while the edges bind its
// LocalLinks (which needs SensorManager). Activated lazily, by the first servlet once Jetty starts (after TLS is set
// up), the sensor side came first and DS refused LocalLinks for the cycle.
@Component(service = CollectorEdges.class, immediate = true)
@Designate(ocd = EdgeService.Config.class)
public final class EdgeService implements CollectorEdges, AutoCloseable {

    /** Tuning of the edges. */
    @ObjectClassDefinition(name = "Rocmon collector edges", description = "WebSocket edges from collectors to sensors")
    public @interface Config {
        /** @return first reconnection delay */
        @AttributeDefinition(description = "First reconnection delay in milliseconds")
        long backoffInitialMillis() default 100;

        /** @return largest reconnection delay */
        @AttributeDefinition(description = "Largest reconnection delay in milliseconds")
        long backoffCapMillis() default 5000;

        /** @return how long to wait for the sensor's ack after the upgrade */
        @AttributeDefinition(description = "How long to wait for the sensor's first ack before sending anyway, ms")
        long initialAckWaitMillis() default 2000;

        /** @return keepalive ping interval */
        @AttributeDefinition(description = "Ping interval, ms; a socket silent for two intervals is reopened")
        long keepAliveMillis() default 5000;

        /** @return threads of the edge pool */
        @AttributeDefinition(description = "Threads shared by all edges")
        int threads() default 2;

        /** @return whether collectors reach sensors of this node in-process */
        @AttributeDefinition(description = "Collectors whose sensor is on this node (wss://127.0.0.1:<node port>/"
                + "sensor/{id}/, or the node's rocmon.node.url) exchange the same frames and acks with it in-process instead of through a socket")
        boolean localDelivery() default true;

        /** @return where edges keep unacknowledged frames */
        @AttributeDefinition(description = "Where edges keep the frames their sensor has not acknowledged: disk "
                + "(edges.mv.db in the data folder; survives a restart or a crash of this node) or memory. Edges to a "
                + "sensor of this node reached in-process always use memory: they live and die with it",
                options = {@Option(value = "disk"), @Option(value = "memory")})
        String buffer() default "disk";

        /** @return commit interval of the disk buffer */
        @AttributeDefinition(description = "Milliseconds between two commits of the disk buffer: a crash of the "
                + "process loses at most the frames added in the last interval")
        long commitMillis() default 100;

        /** @return whether commits are forced to the device */
        @AttributeDefinition(description = "Force each commit of the disk buffer to the device (fsync), so a power "
                + "loss costs no more than a process crash; without it the OS decides when written pages reach it")
        boolean fsync() default false;
    }

    /** Framework property that turns in-process delivery off node-wide (as {@code localDelivery=false} does). */
    static final String LOCAL_DELIVERY_PROPERTY = "rocmon.collector.localDelivery";
    private static final Logger LOG = LoggerFactory.getLogger(EdgeService.class);
    private static final Pattern SENSOR_PATH = Pattern.compile("/sensor/([^/]+)/?");

    private final Set<WebSocketEdge> edges = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor scheduler;
    /**
     * Commits the disk buffer on a thread of its own that is never interrupted: an interrupt in the middle of a file
     * write closes the file channel, and with it the store, for good.
     */
    private final ScheduledExecutorService committer;
    private final PeerClient client;
    private final Backoff backoff;
    private final long initialAckWaitMillis;

    private final AtomicReference<LocalSensorLinks> localLinks = new AtomicReference<>();
    private final NodeUrl node;
    private final boolean localDelivery;
    /** The durable buffers, or null when edges keep frames in memory only. */
    private final DiskJournals journals;
    /** Follows the in-process links service; null in unit tests, which bind links themselves. */
    private ServiceTracker<LocalSensorLinks, AtomicReference<LocalSensorLinks>> linksTracker;

    /**
     * @param context for the node's URL, which tells a sensor of this node from another
     * @param config tuning
     */
    @Activate
    public EdgeService(BundleContext context, Config config, @Reference PeerCredentials credentials)
            throws IOException {
        this(config, credentials, journals(context, config), !"false".equalsIgnoreCase(String.valueOf(context.getProperty(LOCAL_DELIVERY_PROPERTY)).trim())
                ? NodeUrl.of(context::getProperty) : null);
        linksTracker = trackLocalLinks(context);
    }

    /**
     * Follows the node's in-process sensor links without a DS reference: getting that service activates the
     * sensor bundle's {@code LocalLinks}, which needs the sensor manager, which may be the very component whose
     * activation is opening edges here (a reference cycle SCR reports as an error). The service is therefore got on
     * the edge pool, after the registering or activating thread has moved on; edges opened before it arrives use
     * a socket and switch to the link when they next connect.
     */
    private ServiceTracker<LocalSensorLinks, AtomicReference<LocalSensorLinks>> trackLocalLinks(
            BundleContext context) {
        ServiceTracker<LocalSensorLinks, AtomicReference<LocalSensorLinks>> tracker = new ServiceTracker<>(context,
                LocalSensorLinks.class, new ServiceTrackerCustomizer<>() {
                    @Override
                    public AtomicReference<LocalSensorLinks> addingService(ServiceReference<LocalSensorLinks> ref) {
                        AtomicReference<LocalSensorLinks> got = new AtomicReference<>();
                        try {
                            scheduler.execute(() -> {
                                LocalSensorLinks links = context.getService(ref);
                                if (links != null) {
                                    got.set(links);
                                    bindLocalLinks(links);
                                }
                            });
                        } catch (RejectedExecutionException e) {
                            // the edges are shutting down
                        }
                        return got;
                    }

                    @Override
                    public void modifiedService(ServiceReference<LocalSensorLinks> ref,
                            AtomicReference<LocalSensorLinks> got) {
                    }

                    @Override
                    public void removedService(ServiceReference<LocalSensorLinks> ref,
                            AtomicReference<LocalSensorLinks> got) {
                        LocalSensorLinks links = got.getAndSet(null);
                        if (links != null) {
                            unbindLocalLinks(links);
                            context.ungetService(ref);
                        }
                    }
                });
        tracker.open();
        return tracker;
    }

    /** @param config tuning; without a node URL, so every edge is a WebSocket (as unit tests use it) */
    public EdgeService(Config config) {
        this(config, PeerCredentials.none(), null, null);
    }

    /** @param journals the durable buffers, or null for memory only */
    EdgeService(Config config, PeerCredentials credentials, DiskJournals journals, NodeUrl node) {
        this.journals = journals;
        this.committer = journals == null ? null
                : Executors.newSingleThreadScheduledExecutor(new NamedThreads("rocmon-edge-commit-"));
        this.node = node;
        this.localDelivery = config.localDelivery() && node != null;
        scheduler = new ScheduledThreadPoolExecutor(Math.max(1, config.threads()), new NamedThreads("rocmon-edge-"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Our own executor, so the client's callbacks run on named threads that deactivation stops.
        client = PeerClient.of(credentials, scheduler);
        backoff = new Backoff(Math.max(1, config.backoffInitialMillis()),
                Math.max(config.backoffInitialMillis(), config.backoffCapMillis()));
        initialAckWaitMillis = Math.max(0, config.initialAckWaitMillis());
        long keepAlive = Math.max(10, config.keepAliveMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            for (WebSocketEdge edge : edges) {
                try {
                    edge.keepAlive(keepAlive);
                } catch (RuntimeException e) {
                    // one edge's trouble must not cancel the keepalive of the others
                }
            }
        }, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        if (journals != null) {
            long commit = Math.max(1, config.commitMillis());
            committer.scheduleWithFixedDelay(journals::commit, commit, commit, TimeUnit.MILLISECONDS);
        }
    }

    /** @return the node's durable buffers, or null with {@code buffer=memory} */
    private static DiskJournals journals(BundleContext context, Config config) throws IOException {
        String buffer = config.buffer() == null ? "" : config.buffer().trim().toLowerCase(Locale.ROOT);
        if (!buffer.equals("disk") && !buffer.equals("memory")) {
            LOG.error("collector edges not started: buffer={} must be disk or memory", config.buffer());
            throw new IllegalArgumentException("buffer must be disk or memory, not " + config.buffer());
        }
        if (config.commitMillis() < 1) {
            LOG.error("collector edges not started: commitMillis={} must be at least 1", config.commitMillis());
            throw new IllegalArgumentException("commitMillis must be at least 1, not " + config.commitMillis());
        }
        Path data = DataFolder.of(context);
        if (buffer.equals("memory") || data == null) {
            return null;
        }
        return new DiskJournals(data.resolve("edges").resolve("edges.mv.db"), config.fsync());
    }

    @Override
    public CollectorEdge open(String collectorId, URI sensor, int bufferFrames) {
        Objects.requireNonNull(collectorId, "collectorId");
        String scheme = sensor.getScheme() == null ? "" : sensor.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("a sensor WebSocket URI is ws:// or wss://, not " + sensor);
        }
        if (scheduler.isShutdown()) {
            throw new IllegalStateException("collector edges are shut down");
        }
        String localSensor = localDelivery ? localSensor(sensor, node) : null;
        EdgeJournal journal = EdgeJournal.memory();
        if (journals != null && localSensor == null) {
            try {
                journal = journals.open(collectorId, sensor);
            } catch (RuntimeException e) {
                // a store that cannot be written costs this edge its durability, not its delivery
                LOG.warn("collector {}: edge buffer kept in memory only, the disk buffer failed: {}", collectorId,
                        e.toString());
            }
        }
        WebSocketEdge edge = new WebSocketEdge(collectorId, sensor, journal, bufferFrames, client, scheduler,
                backoff, initialAckWaitMillis, edges::remove, localSensor, localLinks::get);
        edges.add(edge);
        edge.start();
        return edge;
    }

    /** @param links the node's in-process sensor links */
    void bindLocalLinks(LocalSensorLinks links) {
        localLinks.set(links);
    }

    /** @param links the departing service; its links close, and the edges reconnect (by WebSocket meanwhile) */
    void unbindLocalLinks(LocalSensorLinks links) {
        localLinks.compareAndSet(links, null);
    }

    /**
     * @return the sensor id when the URI names a sensor of this node (its URL, or loopback at its port; ws or wss),
     *         else null
     */
    static String localSensor(URI sensor, NodeUrl node) {
        if (!node.isSelf(sensor)) {
            return null;
        }
        Matcher m = SENSOR_PATH.matcher(sensor.getRawPath() == null ? "" : sensor.getRawPath());
        return m.matches() ? m.group(1) : null;
    }


    /** @return how many edges are open */
    int openEdges() {
        return edges.size();
    }

    /** Closes every edge and stops the pool. */
    @Deactivate
    @Override
    public void close() {
        if (linksTracker != null) {
            linksTracker.close();
        }
        for (WebSocketEdge edge : edges) {
            edge.close(false, false);
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            if (committer != null) {
                committer.shutdown(); // not shutdownNow: a commit in progress must finish its write
                committer.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (journals != null) {
            journals.close();
        }
    }
}
