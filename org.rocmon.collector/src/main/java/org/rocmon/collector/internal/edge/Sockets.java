package org.rocmon.collector.internal.edge;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.rocmon.api.runtime.CollectorProtocol;
import org.rocmon.api.runtime.LocalSensorLinks;
import org.rocmon.collector.internal.SourceHeader;

/**
 * Opens and closes an edge's socket: an in-process link to a sensor of this node when one is offered, else a
 * WebSocket.
 */
final class Sockets {

    private Sockets() {
    }

    /**
     * @param links the node's in-process links, or null
     * @param localSensor the sensor's id when it is on this node, or null
     * @return completes with the open socket, or exceptionally with why it could not be opened (a refusal is a
     *         {@link java.net.http.WebSocketHandshakeException} or a {@link LocalSensorLinks.LinkRefusedException})
     */
    static CompletableFuture<WebSocket> open(PeerClient client, URI uri, String collectorId, LocalSensorLinks links,
            String localSensor, WebSocket.Listener listener, ScheduledExecutorService scheduler) {
        if (links != null && localSensor != null) {
            return LocalSocket.connect(links, localSensor, collectorId, SourceHeader.from(uri), listener, scheduler);
        }
        try {
            WebSocket.Builder builder = client.http().newWebSocketBuilder()
                    .header(CollectorProtocol.COLLECTOR_HEADER, collectorId);
            client.credentials().authorization().ifPresent(a -> builder.header("Authorization", a));
            String source = SourceHeader.from(uri);
            if (source != null) {
                builder.header(SourceHeader.NAME, source);
            }
            return builder.connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, listener);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Closes a socket: with {@code graceful}, a clean 1000 for the sensor, then the socket is dropped without waiting
     * for its answer (at the latest after a second); else an abort, when the pool is going away.
     */
    static void close(WebSocket ws, boolean graceful, ScheduledExecutorService scheduler) {
        if (!graceful) {
            ws.abort();
            return;
        }
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "collector closed").whenComplete((w, e) -> ws.abort());
            scheduler.schedule(ws::abort, 1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            ws.abort();
        }
    }
}
