package org.rocmon.collector.internal.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import org.rocmon.api.runtime.CollectorProtocol;
import org.rocmon.api.runtime.LocalSensorLinks;
import org.rocmon.collector.internal.SourceHeader;

/** Opens an edge's socket: an in-process link to a sensor of this node when one is offered, else a WebSocket. */
final class Sockets {

    private Sockets() {
    }

    /**
     * @param links the node's in-process links, or null
     * @param localSensor the sensor's id when it is on this node, or null
     * @return completes with the open socket, or exceptionally with why it could not be opened (a refusal is a
     *         {@link java.net.http.WebSocketHandshakeException} or a {@link LocalSensorLinks.LinkRefusedException})
     */
    static CompletableFuture<WebSocket> open(HttpClient client, URI uri, String collectorId, LocalSensorLinks links,
            String localSensor, WebSocket.Listener listener, ScheduledExecutorService scheduler) {
        if (links != null && localSensor != null) {
            return LocalSocket.connect(links, localSensor, collectorId, SourceHeader.from(uri), listener, scheduler);
        }
        try {
            WebSocket.Builder builder = client.newWebSocketBuilder()
                    .header(CollectorProtocol.COLLECTOR_HEADER, collectorId);
            String source = SourceHeader.from(uri);
            if (source != null) {
                builder.header(SourceHeader.NAME, source);
            }
            return builder.connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, listener);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
