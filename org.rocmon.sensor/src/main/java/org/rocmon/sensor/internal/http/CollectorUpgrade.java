package org.rocmon.sensor.internal.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.CollectorProtocol;
import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.Admission;
import org.rocmon.sensor.internal.CollectorIngest;
import org.rocmon.sensor.internal.ControlPropagation;
import org.rocmon.sensor.internal.Sensor;
import org.rocmon.sensor.internal.Sensors;
import org.rocmon.sensor.internal.control.Sources;

/**
 * The collector WebSocket on {@code /sensor/{id}/}: admission, then the upgrade. A GET with
 * {@code Upgrade: websocket} is upgraded through {@link JettyWebSocketServerContainer#upgrade}, not through a path
 * mapping, because Jetty keeps path mappings across servlet re-registration (a bundle restart) and would route
 * upgrades to the stale instance.
 *
 * <p>Admission is checked before the handshake, so a refusal is an ordinary {@link Problem} (403 for an unknown
 * sensor or an unadmitted collector, 503 for a stopped sensor) whose {@code detail} the collector can show. It is
 * checked again when Jetty creates the socket, for a sensor deleted or stopped in between.
 */
final class CollectorUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorUpgrade.class);

    private final Sensors sensors;
    private final Admission admission;
    private final ControlPropagation controls;
    private final CollectorIngest ingest;
    /** Null when the node runs without Jetty's WebSocket support. */
    private volatile JettyWebSocketServerContainer container;
    /** False once the servlet is destroyed: an upgrade racing with a bundle stop is refused. */
    private volatile boolean live;

    CollectorUpgrade(Sensors sensors, Admission admission, ControlPropagation controls, CollectorIngest ingest) {
        this.sensors = sensors;
        this.admission = admission;
        this.controls = controls;
        this.ingest = ingest;
    }

    void start(ServletContext context) {
        container = JettyWebSocketServerContainer.getContainer(context);
        if (container == null) {
            LOG.warn("no Jetty WebSocket container: set org.apache.felix.jetty.websocket.enable=true; collectors "
                    + "cannot connect to sensors");
            return;
        }
        live = true;
    }

    void stop() {
        live = false;
    }

    static boolean isUpgrade(HttpServletRequest req) {
        String up = req.getHeader("Upgrade");
        return up != null && "websocket".equalsIgnoreCase(up.trim());
    }

    /** Admits and upgrades, or throws the reason it cannot. */
    void upgrade(String sensorId, HttpServletRequest req, HttpServletResponse resp) throws Problem, IOException {
        JettyWebSocketServerContainer ws = container;
        if (ws == null) {
            throw Problem.of(400, "WebSocket upgrade is not available on this node");
        }
        String collector = req.getHeader(CollectorProtocol.COLLECTOR_HEADER);
        Problem refused = refusal(sensorId, collector != null ? collector
                : req.getParameter(CollectorProtocol.COLLECTOR_PARAM));
        if (refused != null) {
            throw refused;
        }
        if (!ws.upgrade(this::create, req, resp) && !resp.isCommitted()) {
            throw Problem.of(400, "not a valid WebSocket upgrade request");
        }
    }

    /** @return why the collector may not open a WebSocket to the sensor now, or null when it may */
    Problem refusal(String sensorId, String collector) {
        if (!live) {
            return Problem.of(503, "the sensor service is restarting");
        }
        return admission.refusal(sensorId, collector);
    }

    /** Jetty's creator: admission again (the state may have changed since the check), then the socket. */
    private Object create(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) throws IOException {
        String path = req.getRequestPath();
        Route route = Route.parse(path.startsWith("/sensor") ? path.substring("/sensor".length()) : path);
        Map<String, List<String>> query = req.getParameterMap();
        String collector = first(req.getHeader(CollectorProtocol.COLLECTOR_HEADER),
                query.get(CollectorProtocol.COLLECTOR_PARAM));
        Problem refused = route.type() != Route.Type.SENSOR
                ? Problem.notFound("a collector WebSocket is opened on /sensor/{id}/")
                : refusal(route.sensorId(), collector);
        if (refused != null) {
            resp.sendError(refused.status(), refused.detail()); // rendered as a problem by the shared context
            return null;
        }
        Sensor sensor = sensors.get(route.sensorId());
        controls.source(sensor, collector, Sources.valid(first(req.getHeader(Sources.HEADER),
                query.get(Sources.PARAM))));
        return new CollectorSocket(ingest, sensor, collector);
    }

    /** @return the header, else the first value of the query parameter, else null */
    private static String first(String header, List<String> param) {
        if (header != null) {
            return header;
        }
        return param == null || param.isEmpty() ? null : param.get(0);
    }
}
