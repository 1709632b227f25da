package org.rocmon.bench.bare;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** Public because Jetty binds listener methods through method handles. One collector connection of the baseline: hands each text frame to the shared sink and sends its ack. */
public final class SinkEndpoint implements Session.Listener.AutoDemanding {

    private final FrameSink sink;
    private volatile Session session;

    SinkEndpoint(FrameSink sink) {
        this.sink = sink;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        // The sensor announces what it already has on open; do the same so clients behave identically.
        opened.sendText("{\"ack\":0,\"epoch\":0}", Callback.NOOP);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Clients end by exiting, not by a close handshake; thousands of "closed channel" warnings would say nothing.
    }

    @Override
    public void onWebSocketText(String message) {
        String ack = sink.take(message);
        if (ack != null) {
            session.sendText(ack, Callback.NOOP);
        }
    }
}
