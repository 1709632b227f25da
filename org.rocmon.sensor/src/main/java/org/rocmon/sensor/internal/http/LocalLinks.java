package org.rocmon.sensor.internal.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import org.rocmon.api.runtime.LocalSensorLinks;
import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.Ack;
import org.rocmon.sensor.internal.CollectorConnection;
import org.rocmon.sensor.internal.Sensor;
import org.rocmon.sensor.internal.SensorManager;
import org.rocmon.sensor.internal.control.Sources;

/**
 * In-process collector links for the collectors of this node: the same admission as the WebSocket upgrade
 * ({@link org.rocmon.sensor.internal.Admission#refusal}) and the same ingest and acks as {@link CollectorSocket},
 * without a socket. Deactivation closes every link with 1001, as a bundle stop closes the WebSockets, so
 * collectors reconnect when the sensor runtime is back.
 */
@Component(service = LocalSensorLinks.class)
public final class LocalLinks implements LocalSensorLinks {

    private final SensorManager manager;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean live = true;

    /** @param manager the node's sensors */
    @Activate
    public LocalLinks(@Reference(name = "manager") SensorManager manager) {
        this.manager = manager;
    }

    @Override
    public Link open(String sensorId, String collectorId, String source, Peer peer) throws LinkRefusedException {
        if (!live) {
            throw new LinkRefusedException(503, "the sensor service is restarting");
        }
        Problem refused = manager.admission().refusal(sensorId, collectorId);
        if (refused != null) {
            throw new LinkRefusedException(refused.status(), refused.detail());
        }
        Sensor sensor = manager.sensors().get(sensorId);
        manager.controls().source(sensor, collectorId, Sources.valid(source));
        Connection c = new Connection(sensor, collectorId, peer);
        open.add(c);
        c.ack(manager.ingest().opened(sensor, c));
        if (!live) {
            c.close(1001, "the sensor service is restarting");
        }
        return c;
    }

    /** Closes every link: the collectors see their sensor go away and reconnect later. */
    @Deactivate
    void deactivate() {
        live = false;
        for (Connection c : open) {
            c.close(1001, "the sensor service is restarting");
        }
    }

    private final class Connection implements CollectorConnection, Link {
        private final Sensor sensor;
        private final String collectorId;
        private final Peer peer;
        private boolean closed;
        private Ack sent;

        Connection(Sensor sensor, String collectorId, Peer peer) {
            this.sensor = sensor;
            this.collectorId = collectorId;
            this.peer = peer;
        }

        @Override
        public String collectorId() {
            return collectorId;
        }

        @Override
        public boolean frame(String text) {
            synchronized (this) {
                if (closed) {
                    return true; // the peer learns of the close through closed()
                }
            }
            Ack a = manager.ingest().frame(sensor, collectorId, text == null ? "" : text);
            if (a != null) {
                ack(a);
                return true;
            }
            return !sensor.withholding(collectorId);
        }

        // Stale acks (a released ack racing a newer one) are skipped; the peer is called outside the lock, since
        // it may call straight back into frame() on this thread while another thread releases an ack.
        @Override
        public void ack(Ack a) {
            synchronized (this) {
                if (a == null || closed || sent != null && sent.after(a)) {
                    return;
                }
                sent = a;
            }
            peer.text(a.toJson());
        }

        @Override
        public void checkPause(long nowNanos) {
            // The collector's end bounds its own wait for a withheld ack.
        }

        /** Closed by the sensor side. */
        @Override
        public void close(int code, String reason) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            peer.closed(code, reason);
            open.remove(this);
            manager.ingest().closed(sensor, this, code);
        }

        /** Closed by the collector. */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            open.remove(this);
            manager.ingest().closed(sensor, this, 1000);
        }
    }
}
