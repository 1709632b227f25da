package org.rocmon.collector.internal.edge;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.api.runtime.LocalSensorLinks;
import org.rocmon.api.security.PeerCredentials;
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
    }

    /** Framework property that turns in-process delivery off node-wide (as {@code localDelivery=false} does). */
    static final String LOCAL_DELIVERY_PROPERTY = "rocmon.collector.localDelivery";
    private static final Pattern SENSOR_PATH = Pattern.compile("/sensor/([^/]+)/?");

    private final Set<WebSocketEdge> edges = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor scheduler;
    private final PeerClient client;
    private final Backoff backoff;
    private final long initialAckWaitMillis;

    private final AtomicReference<LocalSensorLinks> localLinks = new AtomicReference<>();
    private final NodeUrl node;
    private final boolean localDelivery;

    /**
     * @param context for the node's URL, which tells a sensor of this node from another
     * @param config tuning
     */
    @Activate
    public EdgeService(BundleContext context, Config config, @Reference PeerCredentials credentials) {
        this(config, credentials, !"false".equalsIgnoreCase(String.valueOf(context.getProperty(LOCAL_DELIVERY_PROPERTY)).trim())
                ? NodeUrl.of(context::getProperty) : null);
    }

    /** @param config tuning; without a node URL, so every edge is a WebSocket (as unit tests use it) */
    public EdgeService(Config config) {
        this(config, PeerCredentials.none(), null);
    }

    EdgeService(Config config, PeerCredentials credentials, NodeUrl node) {
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
        WebSocketEdge edge = new WebSocketEdge(collectorId, sensor, bufferFrames, client, scheduler, backoff,
                initialAckWaitMillis, edges::remove, localDelivery ? localSensor(sensor, node) : null,
                localLinks::get);
        edges.add(edge);
        edge.start();
        return edge;
    }

    /** @param links the node's in-process sensor links */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
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
        for (WebSocketEdge edge : edges) {
            edge.close(false);
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
