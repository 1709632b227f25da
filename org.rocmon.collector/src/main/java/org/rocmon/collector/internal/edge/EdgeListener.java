package org.rocmon.collector.internal.edge;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

import org.rocmon.api.runtime.CollectorProtocol;

/**
 * Listens to one socket (one generation) of a {@link WebSocketEdge}: acks, pings and pongs keep it alive, a close or
 * an error is a lost connection. Messages of a socket the edge has since replaced are ignored by the edge.
 */
final class EdgeListener implements WebSocket.Listener {
    private final WebSocketEdge edge;
    private final long gen;
    private final StringBuilder text = new StringBuilder();

    EdgeListener(WebSocketEdge edge, long gen) {
        this.edge = edge;
        this.gen = gen;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        edge.opened(gen, webSocket);
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        edge.heard(gen);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        edge.heard(gen);
        webSocket.request(1); // the JDK answers the pong itself
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        edge.heard(gen);
        if (text.length() + data.length() <= CollectorProtocol.MAX_FRAME_BYTES) {
            text.append(data);
        }
        if (last) {
            FrameCodec.Ack ack = FrameCodec.decodeAck(text.toString());
            text.setLength(0);
            if (ack != null) {
                edge.acked(gen, ack);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String why) {
        edge.lost(gen, new IllegalStateException("closed by the sensor with " + statusCode
                + (why == null || why.isEmpty() ? "" : " " + why)));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        edge.lost(gen, error);
    }
}
