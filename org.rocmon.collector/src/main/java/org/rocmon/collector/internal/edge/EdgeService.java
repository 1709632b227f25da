package org.rocmon.collector.internal.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.collector.internal.NamedThreads;

/**
 * Opens collector edges. Owns the one {@link HttpClient} and the small scheduled pool on which every edge's sender
 * loop, reconnection timer and WebSocket callbacks run; deactivation closes every edge and stops the pool.
 */
@Component(service = CollectorEdges.class)
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
    }

    private final Set<WebSocketEdge> edges = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor scheduler;
    private final HttpClient client;
    private final Backoff backoff;
    private final long initialAckWaitMillis;

    /** @param config tuning */
    @Activate
    public EdgeService(Config config) {
        scheduler = new ScheduledThreadPoolExecutor(Math.max(1, config.threads()), new NamedThreads("rocmon-edge-"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Our own executor, so the client's callbacks run on named threads that deactivation stops.
        client = HttpClient.newBuilder().executor(scheduler).connectTimeout(Duration.ofSeconds(5)).build();
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
                initialAckWaitMillis, edges::remove);
        edges.add(edge);
        edge.start();
        return edge;
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
