package org.rocmon.sensor.internal.http;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.rocmon.json.RocmonJson;
import org.rocmon.sensor.internal.Admission;
import org.rocmon.sensor.internal.CollectorIngest;
import org.rocmon.sensor.internal.ControlPropagation;
import org.rocmon.sensor.internal.ControlRouting;
import org.rocmon.sensor.internal.LocalData;
import org.rocmon.sensor.internal.Sensor;
import org.rocmon.sensor.internal.SensorEdges;
import org.rocmon.sensor.internal.SensorManager;
import org.rocmon.sensor.internal.SensorRegistry;
import org.rocmon.sensor.internal.SensorView;
import org.rocmon.sensor.internal.Sensors;
import org.rocmon.sensor.internal.control.ControlAction;
import org.rocmon.sensor.internal.control.Command;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.control.Policy;
import org.rocmon.sensor.internal.model.Ids;

/**
 * The sensor REST interface (Table 1 of the paper) under /sensor, and the collector WebSocket on the same path
 * ({@link CollectorUpgrade}). Bodies are read and errors answered through {@link HttpIo}: every error is an
 * RFC 9457 problem.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/sensor", "/sensor/*"})
@HttpWhiteboardServletName("rocmon-sensor")
public final class SensorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SensorServlet.class);
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "DELETE");
    private static final String SENSOR = "a sensor description";
    private static final String COLLECTOR = "a collector description";

    private final transient ObjectMapper mapper = RocmonJson.mapper();
    private final transient Sensors sensors;
    private final transient SensorRegistry registry;
    private final transient ControlPropagation controls;
    private final transient SensorEdges edges;
    private final transient SensorView view;
    private final transient LocalData localData;
    private final transient ControlRouting routing;
    private final transient CollectorUpgrade upgrade;

    /** @param node the composition root, whose parts this servlet serves */
    @Activate
    public SensorServlet(@Reference(name = "manager") SensorManager node) {
        this(node.sensors(), node.registry(), node.admission(), node.controls(), node.edges(), node.ingest(),
                node.view(), node.localData(), node.routing());
    }

    SensorServlet(Sensors sensors, SensorRegistry registry, Admission admission, ControlPropagation controls,
            SensorEdges edges, CollectorIngest ingest, SensorView view, LocalData localData, ControlRouting routing) {
        this.sensors = sensors;
        this.registry = registry;
        this.controls = controls;
        this.edges = edges;
        this.view = view;
        this.localData = localData;
        this.routing = routing;
        this.upgrade = new CollectorUpgrade(sensors, admission, controls, ingest);
    }

    @Override
    public void init() throws ServletException {
        upgrade.start(getServletContext());
    }

    @Override
    public void destroy() {
        upgrade.stop();
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
                    throw Problem.methodNotAllowed(req.getMethod(), METHODS);
            }
        } catch (Problem p) {
            HttpIo.drain(req);
            HttpIo.problem(resp, p);
        } catch (IOException e) {
            throw e; // the client went away; nothing to answer
        } catch (RuntimeException e) {
            LOG.error("sensor request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            HttpIo.problem(resp, Problem.of(503, "the sensor could not handle the request: "
                    + e.getClass().getSimpleName()));
        }
    }

    private void get(Route route, HttpServletRequest req, HttpServletResponse resp) throws IOException, Problem {
        switch (route.type()) {
            case LIST:
                ArrayNode list = mapper.createArrayNode();
                sensors.all().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(s -> {
                    ObjectNode o = list.addObject();
                    o.put("id", s.id());
                    o.put("location", base(req) + "/sensor/" + s.id() + "/");
                    o.put("state", s.state()[0]);
                    String declaredBy = registry.owner(s.id());
                    if (declaredBy != null) {
                        o.put("declaredBy", declaredBy);
                    }
                });
                HttpIo.json(resp, 200, list);
                break;
            case SENSOR:
                if (CollectorUpgrade.isUpgrade(req)) {
                    upgrade.upgrade(route.sensorId(), req, resp);
                    return;
                }
                HttpIo.json(resp, 200, view.describe(sensor(route.sensorId())));
                break;
            case DATA:
                data(route, req, resp);
                break;
            case COMMAND:
                command(route, req, resp);
                break;
            case COLLECTOR:
                Sensor s = sensor(route.sensorId());
                Object edge = s.spec() == null ? null : s.edgeStatus().get(route.collectorId());
                if (edge == null) {
                    throw Problem.notFound("sensor " + s.id() + " has no collector " + route.collectorId());
                }
                HttpIo.json(resp, 200, edge);
                break;
            default:
                throw Problem.notFound("no such resource: " + req.getRequestURI());
        }
    }

    private void post(Route route, HttpServletRequest req, HttpServletResponse resp) throws IOException, Problem {
        switch (route.type()) {
            case LIST: {
                JsonNode body = HttpIo.jsonObject(req, SENSOR);
                boolean created = registry.define(null, body);
                String id = body.path("id").asText();
                created(resp, created, base(req) + "/sensor/" + id + "/", sensors.get(id));
                break;
            }
            case SENSOR: {
                String id = Ids.check(route.sensorId(), "id");
                if (req.getParameter("action") != null) {
                    control(id, req, resp);
                    break;
                }
                boolean created = registry.define(id, HttpIo.jsonObject(req, SENSOR));
                created(resp, created, base(req) + "/sensor/" + id + "/", sensors.get(id));
                break;
            }
            case COLLECTOR: {
                Ids.check(route.collectorId(), "id");
                sensor(route.sensorId());
                String location = base(req) + "/sensor/" + route.sensorId() + "/collector/" + route.collectorId();
                if (req.getParameter("action") != null) {
                    HttpIo.drain(req);
                    ControlAction action = ControlAction.parse(req.getParameter("action"));
                    controls.controlEdge(route.sensorId(), route.collectorId(), action);
                    ObjectNode n = accepted(route.collectorId(), action);
                    n.put("location", location);
                    HttpIo.json(resp, 202, n);
                    break;
                }
                boolean created = edges.attachEdge(route.sensorId(), route.collectorId(),
                        HttpIo.jsonObject(req, COLLECTOR));
                if (created) {
                    resp.setHeader("Location", location);
                }
                HttpIo.json(resp, created ? 201 : 200,
                        sensors.get(route.sensorId()).edgeStatus().get(route.collectorId()));
                break;
            }
            default:
                throw Problem.notFound("no such resource: " + req.getRequestURI());
        }
    }

    /**
     * POST /sensor/{id}/?action=..[&propagate=true][&policy=..][&descendant=..][&command=..][&wait=..][&timeout=..]:
     * 202 with the command's record, or 200 once it has an outcome within {@code wait} (or was already taken).
     */
    private void control(String id, HttpServletRequest req, HttpServletResponse resp) throws IOException, Problem {
        HttpIo.drain(req);
        ControlAction action = ControlAction.parse(req.getParameter("action"));
        String p = req.getParameter("propagate");
        if (p != null && !"true".equalsIgnoreCase(p) && !"false".equalsIgnoreCase(p)) {
            throw Problem.badRequest("propagate must be true or false, not '"
                    + (p.length() > 32 ? p.substring(0, 32) + "..." : p) + "'", "propagate");
        }
        Policy policy = Policy.parse(req.getParameter("policy"));
        String given = req.getParameter("command");
        String commandId = given == null || given.isBlank() ? ControlRecord.newId() : Ids.check(given.trim(), "command");
        long wait = millis(req, "wait", 0);
        long budget = millis(req, "timeout", Command.DEFAULT_BUDGET_MILLIS);
        Sensor s = sensor(id);
        String descendant = req.getParameter("descendant");
        if (descendant != null && !descendant.isBlank() && !descendant.trim().equals(id)) {
            if (descendant.length() > 2048) {
                throw Problem.badRequest("descendant is longer than 2048 characters", "descendant");
            }
            String query = "action=" + action.wire() + "&propagate=" + Boolean.parseBoolean(p) + "&policy="
                    + policy.wire() + "&command=" + commandId + "&wait=" + wait + "ms&timeout=" + budget + "ms";
            LocalData.Result r = routing.route(s, descendant.trim(), query, commandId, hops(req), wait);
            if (r.problem() != null) {
                throw r.problem();
            }
            HttpIo.json(resp, r.status(), r.body());
            return;
        }
        ControlPropagation.Taken t = controls.control(id, new Command(action, Boolean.parseBoolean(p), policy,
                commandId, hops(req), budget));
        ControlRecord record = t.record().await(wait);
        ObjectNode n = commandAnswer(req, id, record, t.duplicate());
        resp.setHeader("Location", n.path("command").path("location").asText());
        HttpIo.json(resp, t.duplicate() || wait > 0 && record.isDone() ? 200 : 202, n);
    }

    /** GET /sensor/{id}/command/{cmd}[?wait=..]: the command's record, here or from the child it was routed to. */
    private void command(Route route, HttpServletRequest req, HttpServletResponse resp) throws IOException, Problem {
        String id = Ids.check(route.sensorId(), "id");
        String cmd = Ids.check(route.collectorId(), "command");
        long wait = millis(req, "wait", 0);
        ControlRecord record = controls.log().record(id, cmd);
        if (record != null) {
            HttpIo.json(resp, 200, commandAnswer(req, id, record.await(wait), false));
            return;
        }
        LocalData.Result r = routing.record(id, cmd, wait);
        if (r == null) {
            throw Problem.notFound("sensor " + id + " knows no command " + cmd);
        }
        if (r.problem() != null) {
            throw r.problem();
        }
        HttpIo.json(resp, r.status(), r.body());
    }

    /** @return {"id","action","state","propagate","location","command":{record + "location"}[,"duplicate"]} */
    private ObjectNode commandAnswer(HttpServletRequest req, String id, ControlRecord record, boolean duplicate) {
        ObjectNode n = accepted(id, record.action());
        n.put("propagate", record.propagate());
        n.put("location", self(req, id));
        ObjectNode c = mapper.valueToTree(record.toMap());
        c.put("location", self(req, id) + "command/" + record.id());
        n.set("command", c);
        if (duplicate) {
            n.put("duplicate", true);
        }
        return n;
    }

    private ObjectNode accepted(String id, ControlAction action) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", id);
        n.put("action", action.wire());
        n.put("state", action.outcome());
        return n;
    }

    /** @return a duration parameter ("5s", "500ms", or seconds), at most {@link Command#MAX_MILLIS} */
    static long millis(HttpServletRequest req, String name, long dflt) throws Problem {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            double n;
            if (t.endsWith("ms")) {
                n = Double.parseDouble(t.substring(0, t.length() - 2));
            } else {
                n = Double.parseDouble(t.endsWith("s") ? t.substring(0, t.length() - 1) : t) * 1000;
            }
            if (n < 0 || Double.isNaN(n)) {
                throw new NumberFormatException();
            }
            return (long) Math.min(n, Command.MAX_MILLIS);
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name + " must be a duration such as 5s or 500ms, not '"
                    + (v.length() > 32 ? v.substring(0, 32) + "..." : v) + "'", name);
        }
    }

    /** GET /sensor/{id}/data[?descendant=..]: latest values here, or relayed from a sensor below. */
    private void data(Route route, HttpServletRequest req, HttpServletResponse resp) throws IOException, Problem {
        Sensor s = sensor(route.sensorId());
        String descendant = req.getParameter("descendant");
        if (descendant == null || descendant.isBlank()) {
            HttpIo.json(resp, 200, localData.own(s, self(req, s.id())));
            return;
        }
        if (descendant.length() > 2048) {
            throw Problem.badRequest("descendant is longer than 2048 characters", "descendant");
        }
        LocalData.Result r = localData.descendant(s, descendant.trim(), hops(req));
        if (r.problem() != null) {
            throw r.problem();
        }
        HttpIo.json(resp, r.status(), r.body());
    }

    /** @return levels a command or query may still travel, at most {@link LocalData#MAX_HOPS} */
    private static int hops(HttpServletRequest req) throws Problem {
        String h = req.getParameter("hops");
        if (h == null) {
            return LocalData.MAX_HOPS;
        }
        try {
            return Math.min(LocalData.MAX_HOPS, Integer.parseInt(h.trim()));
        } catch (NumberFormatException e) {
            throw Problem.badRequest("hops must be an integer", "hops");
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
        HttpIo.json(resp, created ? 201 : 200, view.describe(s));
    }

    private void delete(Route route, HttpServletResponse resp) throws Problem {
        switch (route.type()) {
            case SENSOR:
                String id = Ids.check(route.sensorId(), "id");
                String owner = registry.owner(id);
                if (owner != null) {
                    // The configuration would declare it again at the next restart or update: delete that instead.
                    throw Problem.of(409, "sensor " + id + " is owned by configuration (" + owner
                            + "): delete the configuration to remove it");
                }
                if (!registry.delete(id)) {
                    throw Problem.notFound("no sensor " + id);
                }
                resp.setStatus(204);
                break;
            case COLLECTOR:
                sensor(route.sensorId());
                if (!edges.detachEdge(route.sensorId(), route.collectorId())) {
                    throw Problem.notFound("sensor " + route.sensorId() + " has no collector "
                            + route.collectorId());
                }
                resp.setStatus(204);
                break;
            default:
                throw new Problem(405, "DELETE applies to /sensor/{id}/ and /sensor/{id}/collector/{cid}", null)
                        .header("Allow", route.type() == Route.Type.DATA || route.type() == Route.Type.COMMAND ? "GET, HEAD"
                                : "GET, HEAD, POST");
        }
    }

    private Sensor sensor(String id) throws Problem {
        return sensors.require(Ids.check(id, "id"));
    }

    private static String base(HttpServletRequest req) {
        return req.getContextPath() == null ? "" : req.getContextPath();
    }
}
