package org.rocmon.sensor.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.CollectorProtocol;
import org.rocmon.sensor.internal.LocalData;
import org.rocmon.sensor.internal.Sensor;
import org.rocmon.sensor.internal.control.ControlAction;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.control.ControlState;
import org.rocmon.sensor.internal.control.Sources;
import org.rocmon.sensor.internal.SensorManager;
import org.rocmon.http.RocmonHttp;
import org.rocmon.sensor.internal.SensorView;
import org.rocmon.sensor.internal.model.BadRequest;
import org.rocmon.sensor.internal.model.Ids;

/**
 * The sensor REST interface (Table 1 of the paper) under /sensor, and the collector WebSocket on the same path:
 * a GET with {@code Upgrade: websocket} is upgraded by this servlet itself through
 * {@link JettyWebSocketServerContainer#upgrade}, not through a path mapping, because Jetty keeps path mappings
 * across servlet re-registration (a bundle restart) and would route upgrades to the stale instance.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/sensor", "/sensor/*"})
@HttpWhiteboardServletName("rocmon-sensor")
public final class SensorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SensorServlet.class);
    /** Largest request body accepted. */
    static final int MAX_BODY = 1 << 20;
    /** How much of an oversized body is read away before answering 413. */
    static final long MAX_DRAIN = 8L << 20;

    private final transient SensorManager manager;
    private final transient ObjectMapper mapper = new ObjectMapper();
    private final transient SensorView view = new SensorView(mapper);
    private final transient LocalData localData;
    /** Null when the node runs without Jetty's WebSocket support. */
    private transient volatile JettyWebSocketServerContainer container;
    /** False once destroyed: an upgrade racing with a bundle stop is refused. */
    private volatile boolean live;

    @Activate
    public SensorServlet(@Reference(name = "manager") SensorManager manager) {
        this.manager = manager;
        this.localData = new LocalData(manager, view, mapper);
    }

    @Override
    public void init() throws ServletException {
        container = JettyWebSocketServerContainer.getContainer(getServletContext());
        if (container == null) {
            LOG.warn("no Jetty WebSocket container: set org.apache.felix.jetty.websocket.enable=true; collectors "
                    + "cannot connect to sensors");
            return;
        }
        live = true;
    }

    @Override
    public void destroy() {
        live = false;
    }

    /** Admission happens here, before the handshake: unknown sensors and unadmitted collectors get 403. */
    Object upgrade(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) throws IOException {
        if (!live) {
            resp.sendError(503, "the sensor service is restarting");
            return null;
        }
        String path = req.getRequestPath();
        Route route = Route.parse(path.startsWith("/sensor") ? path.substring("/sensor".length()) : path);
        if (route.type() != Route.Type.SENSOR) {
            resp.sendError(404, "a collector WebSocket is opened on /sensor/{id}/");
            return null;
        }
        String collector = req.getHeader(CollectorProtocol.COLLECTOR_HEADER);
        if (collector == null) {
            List<String> q = req.getParameterMap().get(CollectorProtocol.COLLECTOR_PARAM);
            collector = q == null || q.isEmpty() ? null : q.get(0);
        }
        Sensor sensor = manager.get(route.sensorId());
        if (sensor == null) {
            resp.sendForbidden("no sensor " + route.sensorId());
            return null;
        }
        if (collector == null || !Ids.valid(collector)) {
            resp.sendForbidden("name the collector in the " + CollectorProtocol.COLLECTOR_HEADER + " header");
            return null;
        }
        if (!manager.admits(route.sensorId(), collector)) {
            resp.sendForbidden("collector " + collector + " is not admitted by sensor " + route.sensorId());
            return null;
        }
        if (sensor.control() == ControlState.STOPPED) {
            // refused, not accepted-and-dropped: the collector keeps its frames buffered until a start
            resp.sendError(503, "sensor " + route.sensorId() + " is stopped");
            return null;
        }
        String source = req.getHeader(Sources.HEADER);
        if (source == null) {
            List<String> q = req.getParameterMap().get(Sources.PARAM);
            source = q == null || q.isEmpty() ? null : q.get(0);
        }
        manager.source(sensor, collector, Sources.valid(source));
        return new CollectorSocket(manager, sensor, collector);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Route route = Route.parse(req.getPathInfo());
            switch (req.getMethod()) {
                case "GET":
                case "HEAD":
                    get(route, req, resp);
                    break;
                case "POST":
                    post(route, req, resp);
                    break;
                case "DELETE":
                    delete(route, resp);
                    break;
                default:
                    drain(req);
                    resp.setHeader("Allow", "GET, POST, DELETE");
                    error(resp, 405, "method " + req.getMethod() + " is not supported here", null, null);
            }
        } catch (BadRequest e) {
            drain(req);
            error(resp, e.status(), e.getMessage(), e.attribute(), e.available());
        } catch (IOException e) {
            throw e; // the client went away; nothing to answer
        } catch (RuntimeException e) {
            LOG.error("sensor request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            error(resp, 503, "the sensor could not handle the request: " + e.getClass().getSimpleName(), null, null);
        }
    }

    private void get(Route route, HttpServletRequest req, HttpServletResponse resp) throws IOException, BadRequest {
        switch (route.type()) {
            case LIST:
                ArrayNode list = mapper.createArrayNode();
                manager.all().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(s -> {
                    ObjectNode o = list.addObject();
                    o.put("id", s.id());
                    o.put("location", base(req) + "/sensor/" + s.id() + "/");
                    o.put("state", s.state()[0]);
                    String declaredBy = manager.owner(s.id());
                    if (declaredBy != null) {
                        o.put("declaredBy", declaredBy);
                    }
                });
                json(resp, 200, list);
                break;
            case SENSOR:
                if (isUpgrade(req)) {
                    JettyWebSocketServerContainer ws = container;
                    if (ws == null) {
                        throw BadRequest.of(400, "WebSocket upgrade is not available on this node");
                    }
                    if (!ws.upgrade(this::upgrade, req, resp) && !resp.isCommitted()) {
                        throw BadRequest.of(400, "not a valid WebSocket upgrade request");
                    }
                    return;
                }
                json(resp, 200, view.describe(sensor(route.sensorId()), manager));
                break;
            case DATA:
                data(route, req, resp);
                break;
            case COLLECTOR:
                Sensor s = sensor(route.sensorId());
                Object edge = s.spec() == null ? null : edgeStatus(s, route.collectorId());
                if (edge == null) {
                    throw BadRequest.of(404, "sensor " + s.id() + " has no collector " + route.collectorId());
                }
                json(resp, 200, mapper.valueToTree(edge));
                break;
            default:
                throw BadRequest.of(404, "no such resource: " + req.getRequestURI());
        }
    }

    private static Object edgeStatus(Sensor s, String id) {
        return s.edgeStatus().get(id);
    }

    private void post(Route route, HttpServletRequest req, HttpServletResponse resp) throws IOException, BadRequest {
        switch (route.type()) {
            case LIST: {
                JsonNode body = body(req);
                boolean created = manager.define(null, body);
                String id = body.path("id").asText();
                created(resp, created, base(req) + "/sensor/" + id + "/", manager.get(id));
                break;
            }
            case SENSOR: {
                String id = Ids.check(route.sensorId(), "id");
                if (req.getParameter("action") != null) {
                    control(id, req, resp);
                    break;
                }
                JsonNode body = body(req);
                boolean created = manager.define(id, body);
                created(resp, created, base(req) + "/sensor/" + id + "/", manager.get(id));
                break;
            }
            case COLLECTOR: {
                Ids.check(route.collectorId(), "id");
                sensor(route.sensorId());
                if (req.getParameter("action") != null) {
                    drain(req);
                    ControlAction action = ControlAction.parse(req.getParameter("action"));
                    manager.controlEdge(route.sensorId(), route.collectorId(), action);
                    ObjectNode n = mapper.createObjectNode();
                    n.put("id", route.collectorId());
                    n.put("action", action.wire());
                    n.put("state", action.target().wire());
                    n.put("location", base(req) + "/sensor/" + route.sensorId() + "/collector/"
                            + route.collectorId());
                    json(resp, 202, n);
                    break;
                }
                JsonNode body = body(req);
                boolean created = manager.attachEdge(route.sensorId(), route.collectorId(), body);
                String location = base(req) + "/sensor/" + route.sensorId() + "/collector/" + route.collectorId();
                if (created) {
                    resp.setHeader("Location", location);
                }
                json(resp, created ? 201 : 200, mapper.valueToTree(
                        edgeStatus(manager.get(route.sensorId()), route.collectorId())));
                break;
            }
            default:
                throw BadRequest.of(404, "no such resource: " + req.getRequestURI());
        }
    }

    /** POST /sensor/{id}/?action=..[&propagate=true]: 202 at once; the outcome shows in GET. */
    private void control(String id, HttpServletRequest req, HttpServletResponse resp) throws IOException,
            BadRequest {
        drain(req);
        ControlAction action = ControlAction.parse(req.getParameter("action"));
        String p = req.getParameter("propagate");
        if (p != null && !"true".equalsIgnoreCase(p) && !"false".equalsIgnoreCase(p)) {
            throw BadRequest.attribute("propagate", "propagate must be true or false, not '"
                    + (p.length() > 32 ? p.substring(0, 32) + "..." : p) + "'");
        }
        sensor(id);
        ControlRecord record = manager.control(id, action, Boolean.parseBoolean(p), hops(req));
        ObjectNode n = mapper.createObjectNode();
        n.put("id", id);
        n.put("action", action.wire());
        n.put("state", action.target().wire());
        n.put("propagate", record.propagate());
        n.put("location", base(req) + "/sensor/" + id + "/");
        json(resp, 202, n);
    }

    /** GET /sensor/{id}/data[?descendant=..]: latest values here, or relayed from a sensor below. */
    private void data(Route route, HttpServletRequest req, HttpServletResponse resp) throws IOException,
            BadRequest {
        Sensor s = sensor(route.sensorId());
        String descendant = req.getParameter("descendant");
        if (descendant == null || descendant.isBlank()) {
            json(resp, 200, localData.own(s, self(req, s.id())));
            return;
        }
        if (descendant.length() > 2048) {
            throw BadRequest.attribute("descendant", "descendant is longer than 2048 characters");
        }
        LocalData.Result r = localData.descendant(s, descendant.trim(), hops(req));
        json(resp, r.status(), r.body());
    }

    /** @return levels a command or query may still travel, at most {@link LocalData#MAX_HOPS} */
    private static int hops(HttpServletRequest req) throws BadRequest {
        String h = req.getParameter("hops");
        if (h == null) {
            return LocalData.MAX_HOPS;
        }
        try {
            return Math.min(LocalData.MAX_HOPS, Integer.parseInt(h.trim()));
        } catch (NumberFormatException e) {
            throw BadRequest.attribute("hops", "hops must be an integer");
        }
    }

    /** @return the sensor's globally unique id: its base URL as the client reached it */
    private static String self(HttpServletRequest req, String id) {
        String host = req.getHeader("Host");
        if (host == null || host.isBlank() || host.length() > 255 || host.contains("/")) {
            host = "127.0.0.1:" + req.getLocalPort();
        }
        return req.getScheme() + "://" + host.trim() + base(req) + "/sensor/" + id + "/";
    }

    private void created(HttpServletResponse resp, boolean created, String location, Sensor s) throws IOException {
        if (created) {
            resp.setHeader("Location", location);
        }
        json(resp, created ? 201 : 200, view.describe(s, manager));
    }

    private void delete(Route route, HttpServletResponse resp) throws BadRequest {
        switch (route.type()) {
            case SENSOR:
                String owner = manager.owner(Ids.check(route.sensorId(), "id"));
                if (owner != null) {
                    // The configuration would declare it again at the next restart or update: delete that instead.
                    throw BadRequest.of(409, "sensor " + route.sensorId() + " is owned by configuration ("
                            + owner + "): delete the configuration to remove it");
                }
                if (!manager.delete(Ids.check(route.sensorId(), "id"))) {
                    throw BadRequest.of(404, "no sensor " + route.sensorId());
                }
                resp.setStatus(204);
                break;
            case COLLECTOR:
                sensor(route.sensorId());
                if (!manager.detachEdge(route.sensorId(), route.collectorId())) {
                    throw BadRequest.of(404, "sensor " + route.sensorId() + " has no collector "
                            + route.collectorId());
                }
                resp.setStatus(204);
                break;
            default:
                throw BadRequest.of(405, "DELETE applies to /sensor/{id}/ and /sensor/{id}/collector/{cid}");
        }
    }

    private Sensor sensor(String id) throws BadRequest {
        Sensor s = manager.get(Ids.check(id, "id"));
        if (s == null) {
            throw BadRequest.of(404, "no sensor " + id);
        }
        return s;
    }

    private static boolean isUpgrade(HttpServletRequest req) {
        String up = req.getHeader("Upgrade");
        return up != null && "websocket".equalsIgnoreCase(up.trim());
    }

    /** Reads and decodes the body: 415 unless JSON, 413 over 1 MiB, 400 unless well-formed. */
    private JsonNode body(HttpServletRequest req) throws IOException, BadRequest {
        String type = req.getContentType();
        if (type != null) {
            String mime = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mime.isEmpty() && !"application/json".equals(mime) && !"application/occi+json".equals(mime)) {
                throw BadRequest.of(415, "content type must be application/json or application/occi+json, not "
                        + mime);
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            if (req.getContentLengthLong() > MAX_BODY) {
                throw tooLarge(in, chunk);
            }
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() + n > MAX_BODY) {
                    throw tooLarge(in, chunk);
                }
                buf.write(chunk, 0, n);
            }
        }
        if (buf.size() == 0) {
            throw BadRequest.of(400, "the request body is empty; send a JSON description");
        }
        try {
            JsonNode node = mapper.readTree(buf.toByteArray());
            if (node == null || !node.isObject()) {
                throw BadRequest.of(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw BadRequest.of(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Reads and discards a moderately oversized body so that the client sees the 413 instead of a reset
     * connection; beyond {@link #MAX_DRAIN} the connection is simply closed after the answer.
     */
    private static BadRequest tooLarge(InputStream in, byte[] chunk) throws IOException {
        long drained = 0;
        int n;
        while (drained < MAX_DRAIN && (n = in.read(chunk)) > 0) {
            drained += n;
        }
        return BadRequest.of(413, "request body is larger than 1 MiB");
    }

    /**
     * Reads away a body the request did not use, so that the connection can be reused: left unread, the server
     * may close it while the client already picked it for its next request.
     */
    private static void drain(HttpServletRequest req) {
        try {
            tooLarge(req.getInputStream(), new byte[8192]);
        } catch (IOException | IllegalStateException e) {
            // nothing more to read, or the client went away: either way there is nothing to keep
        }
    }

    private static String base(HttpServletRequest req) {
        return req.getContextPath() == null ? "" : req.getContextPath();
    }

    private void json(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        mapper.writeValue(resp.getOutputStream(), body);
    }

    private void error(HttpServletResponse resp, int status, String message, String attribute, List<String> available)
            throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        if (status == 413) {
            resp.setHeader("Connection", "close"); // what is left of the body is not read
        }
        ObjectNode e = mapper.createObjectNode();
        e.put("error", message);
        if (attribute != null) {
            e.put("attribute", attribute);
        }
        if (available != null) {
            e.set("available", mapper.valueToTree(available));
        }
        json(resp, status, e);
    }
}
