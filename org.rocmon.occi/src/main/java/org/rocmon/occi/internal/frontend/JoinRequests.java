package org.rocmon.occi.internal.frontend;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.api.runtime.EntityIds;
import org.rocmon.api.security.Caller;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.deploy.JoinedNodes;
import org.rocmon.occi.internal.frontend.deploy.NodeRegistry;

/**
 * The join protocol of the front end ({@code /join/{id}}, docs/scaling.md): a node announces itself with
 * {@code PUT} and heartbeats with {@code POST}. Every field is checked; a bad one is a 400 naming it. Served by the
 * OCCI servlet (one more pattern of it, so that it is there exactly when the front end is); the security guard lets
 * only the deployment's node credential (or an admin) through, as on the node APIs: the credential a node needs to
 * be deployed onto is the one it joins with.
 */
final class JoinRequests {

    /** The most a node may say it takes, and the most load it may report: far beyond one node. */
    static final int MAX_COUNT = 10_000_000;

    private final Frontend frontend;

    JoinRequests(Frontend frontend) {
        this.frontend = frontend;
    }

    /** Serves {@code PUT} and {@code POST /join/{id}}; every refusal is an RFC 9457 problem. */
    void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Object caller = req.getAttribute(Caller.ATTRIBUTE);
            if (!(caller instanceof Caller) || ((Caller) caller).name == null) {
                throw Problem.of(401, "the node credential is required (is the org.rocmon.security bundle running?)")
                        .header("WWW-Authenticate", "Bearer realm=\"rocmon\"");
            }
            String path = req.getPathInfo() == null ? "" : req.getPathInfo();
            String id = path.replaceAll("^/+|/+$", "");
            Answer a;
            switch (req.getMethod()) {
                case "PUT":
                    a = announce(id, HttpIo.jsonObject(req, "a join request"));
                    break;
                case "POST":
                    a = heartbeat(id, HttpIo.jsonObject(req, "a heartbeat"));
                    break;
                default:
                    throw Problem.methodNotAllowed(req.getMethod(), List.of("PUT", "POST"));
            }
            if (a.body == null) {
                resp.setStatus(a.status);
            } else {
                HttpIo.json(resp, a.status, a.body);
            }
        } catch (Problem p) {
            HttpIo.drain(req);
            HttpIo.problem(resp, p);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(JoinRequests.class).error("unexpected failure on {} {}",
                    req.getMethod(), req.getRequestURI(), e);
            HttpIo.problem(resp, Problem.of(503, "internal failure; see the front end's log"));
        }
    }

    /**
     * {@code PUT /join/{id}} with {@code {"url", "heartbeatMillis", "capacity": {"maxSensors", "maxCollectors"},
     * "load": {"sensors", "resources", "collectors"}}}.
     *
     * @return 201 for a node new here, 200 for one known; the body is the node as {@code GET /occi/node/{id}} shows it
     *         plus {@code graceMillis}
     */
    Answer announce(String id, JsonNode body) throws Problem {
        checkId(id);
        JsonNode url = body.get("url");
        if (url == null || !url.isTextual()) {
            throw Problem.badRequest("a join needs \"url\": the node's advertised https://host:port", "url");
        }
        String invalid = NodeRegistry.invalid(url.asText());
        if (invalid == null && !pathless(url.asText())) {
            invalid = "url must have no path: it is the node's base URL";
        }
        if (invalid != null) {
            throw Problem.badRequest(invalid, "url");
        }
        long grace = frontend.joinGraceMillis();
        long heartbeat = count(body, "heartbeatMillis", null, true);
        if (heartbeat < 100 || heartbeat * 2 > grace) {
            throw Problem.badRequest("heartbeatMillis must be at least 100 and at most half the front end's grace ("
                    + grace + " ms), so that one late heartbeat does not mark the node down; it is " + heartbeat,
                    "heartbeatMillis");
        }
        JsonNode capacity = object(body, "capacity");
        JsonNode load = object(body, "load");
        JoinedNodes.Report report = new JoinedNodes.Report(url.asText().trim().replaceAll("/+$", ""),
                (int) count(capacity, "maxSensors", "capacity", false),
                (int) count(capacity, "maxCollectors", "capacity", false), heartbeat,
                (int) count(load, "sensors", "load", false), (int) count(load, "resources", "load", false),
                (int) count(load, "collectors", "load", false));
        boolean created = frontend.join(id, report);
        Map<String, Object> view = new LinkedHashMap<>(frontend.nodeViews().get(id));
        view.put("graceMillis", grace);
        return new Answer(created ? 201 : 200, view);
    }

    /**
     * {@code POST /join/{id}} with {@code {"load": {...}}}.
     *
     * @return 204; 404 for a node the front end does not know (it restarted), 409 for one it marked down: both mean
     *         "announce again"
     */
    Answer heartbeat(String id, JsonNode body) throws Problem {
        checkId(id);
        JsonNode load = object(body, "load");
        JoinedNodes.Beat beat = frontend.heartbeat(id, (int) count(load, "sensors", "load", false),
                (int) count(load, "resources", "load", false), (int) count(load, "collectors", "load", false));
        switch (beat) {
            case UNKNOWN:
                throw Problem.of(404, "node " + id + " has not joined this front end (it may have restarted): "
                        + "announce it with PUT /join/" + id);
            case DOWN:
                throw new Problem(409, "node " + id + " was marked down after a silence longer than the grace; what it "
                        + "ran may have moved: announce it again with PUT /join/" + id, "id");
            default:
                return new Answer(204, null);
        }
    }

    /** A status and a JSON body (null for none). */
    static final class Answer {
        final int status;
        final Object body;

        Answer(int status, Object body) {
            this.status = status;
            this.body = body;
        }
    }

    private static void checkId(String id) throws Problem {
        if (id == null || !EntityIds.valid(id)) {
            throw Problem.badRequest("node id must match " + EntityIds.PATTERN + " (not . or ..), in /join/{id}",
                    "id");
        }
    }

    private static boolean pathless(String url) {
        String path = java.net.URI.create(url.trim()).getPath();
        return path == null || path.isEmpty() || path.matches("/*");
    }

    /** @return the object field, or an empty object when absent */
    private static JsonNode object(JsonNode body, String field) throws Problem {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!n.isObject()) {
            throw Problem.badRequest(field + " must be a JSON object", field);
        }
        return n;
    }

    /** @return a whole number in 0..{@link #MAX_COUNT}; 0 when absent and not required */
    private static long count(JsonNode parent, String field, String prefix, boolean required) throws Problem {
        String name = prefix == null ? field : prefix + "." + field;
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw Problem.badRequest(name + " is required", name);
            }
            return 0;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > MAX_COUNT) {
            throw Problem.badRequest(name + " must be a whole number from 0 to " + MAX_COUNT + ", not " + n, name);
        }
        return n.asLong();
    }
}
