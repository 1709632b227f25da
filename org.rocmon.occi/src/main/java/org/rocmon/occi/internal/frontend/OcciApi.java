package org.rocmon.occi.internal.frontend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.rocmon.json.RocmonJson;

import org.rocmon.occi.internal.frontend.model.Category;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Ids;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.model.Submission;
import org.rocmon.occi.internal.frontend.render.JsonInput;
import org.rocmon.occi.internal.frontend.render.JsonRendering;
import org.rocmon.occi.internal.frontend.render.TextInput;
import org.rocmon.occi.internal.frontend.render.TextRendering;
import org.rocmon.occi.internal.frontend.render.Views;

/**
 * The OCCI 1.2 HTTP protocol (GFD.223) over {@link Frontend}: query interface, entity and collection verbs,
 * mixin collections, node registration, content negotiation and errors. No servlet types, so that unit tests
 * drive it directly.
 */
public final class OcciApi {

    public static final String SERVER = "OCCI/" + Media.VERSION + " Rocmon/1.0";
    /** Felix HTTP Jetty's default for {@code org.apache.felix.http.jetty.headerBufferSize}, request and response. */
    public static final int DEFAULT_HEADER_BUDGET = 16 * 1024;
    /** Room left in the response header budget for the status line and the headers besides the rendering's. */
    private static final int HEADER_MARGIN = 1024;
    private static final ObjectMapper MAPPER = RocmonJson.mapper();
    private static final String QUERY = Model.PREFIX + "/-/";
    private static final String WELL_KNOWN = "/.well-known/org/ogf/occi/-/";
    private static final Set<String> RESERVED_PARAMS = Set.of("category", "attribute", "value", "page", "number",
            "action");

    private final Frontend frontend;
    private final int headerBudget;

    public OcciApi(Frontend frontend) {
        this(frontend, DEFAULT_HEADER_BUDGET);
    }

    /**
     * @param frontend the front end
     * @param headerBudget the container's response header budget in bytes: a {@code text/occi} rendering that does
     *        not fit is refused with 406 rather than cut off by the container
     */
    public OcciApi(Frontend frontend, int headerBudget) {
        this.frontend = frontend;
        this.headerBudget = headerBudget;
    }

    /** @return the answer; never throws for bad input */
    public OcciResponse handle(OcciRequest req) {
        OcciResponse r;
        try {
            r = route(req);
        } catch (Problem e) {
            r = error(e, req);
        }
        r.header("Server", SERVER);
        return r;
    }

    private OcciResponse route(OcciRequest req) throws Problem {
        List<String> versions = new ArrayList<>(req.header("User-Agent"));
        versions.addAll(req.header("X-OCCI-Version"));
        versions.addAll(req.header("OCCI-Version"));
        String newer = Media.newerVersion(versions);
        if (newer != null) {
            throw Problem.of(501, "OCCI/" + newer + " is not implemented; this server speaks OCCI/"
                    + Media.VERSION);
        }
        String path = req.path == null || req.path.isEmpty() ? "/" : req.path;
        if (path.equals(QUERY) || path.equals(QUERY.substring(0, QUERY.length() - 1)) || path.equals(WELL_KNOWN)
                || path.equals(WELL_KNOWN.substring(0, WELL_KNOWN.length() - 1))) {
            allow(req, "GET");
            return queryInterface(req);
        }
        if (!path.startsWith(Model.PREFIX + "/") && !path.equals(Model.PREFIX)) {
            throw Problem.of(404, "nothing at " + path + "; the OCCI API is under " + Model.PREFIX + "/");
        }
        String rest = path.length() <= Model.PREFIX.length() + 1 ? "" : path.substring(Model.PREFIX.length() + 1);
        if (rest.isEmpty()) {
            allow(req, "GET");
            return collection(req, frontend.all());
        }
        if (rest.startsWith("mixins/")) {
            return mixinCollection(req, path);
        }
        List<String> segments = new ArrayList<>(Arrays.asList(rest.split("/")));
        segments.removeIf(String::isEmpty);
        if (segments.isEmpty() || segments.size() > 2) {
            throw Problem.of(404, "nothing at " + path);
        }
        String first = segments.get(0);
        if ("node".equals(first)) {
            return nodes(req, segments.size() == 2 ? segments.get(1) : null);
        }
        String kind = Model.kindOfSegment(first);
        boolean collection = segments.size() == 1 && path.endsWith("/");
        if (kind == null) {
            Category abstractKind = frontend.model().byLocation(Model.PREFIX + "/" + first + "/");
            if (abstractKind == null || segments.size() != 1) {
                throw Problem.of(404, "nothing at " + path);
            }
            allow(req, "GET");
            List<Entity> of = new ArrayList<>();
            for (Entity e : frontend.all()) {
                if (frontend.model().isA(e.kind, abstractKind.id())) {
                    of.add(e);
                }
            }
            return collection(req, of);
        }
        if (segments.size() == 1) {
            if (!collection && !"GET".equals(req.method) && !"POST".equals(req.method)
                    && !"DELETE".equals(req.method)) {
                throw Problem.of(404, "no entity id in " + path);
            }
            return kindCollection(req, kind);
        }
        return entity(req, kind, segments.get(1));
    }

    // ---- query interface

    private OcciResponse queryInterface(OcciRequest req) throws Problem {
        List<Category> categories = frontend.model().categories();
        String filter = req.param("category");
        if (filter != null) {
            List<Category> only = new ArrayList<>();
            for (Category c : categories) {
                if (c.id().equals(filter) || c.term.equals(filter)) {
                    only.add(c);
                }
            }
            categories = only;
        }
        Media m = accept(req, false);
        if (m.isJson()) {
            return json(200, m, JsonRendering.model(categories));
        }
        if (m == Media.TEXT_OCCI) {
            // GFD.229 allows one header with comma-separated values: the smallest header block there is.
            OcciResponse r = new OcciResponse(200);
            List<String> values = TextRendering.categoryValues(categories);
            if (!values.isEmpty()) {
                r.header("Category", String.join(", ", values));
            }
            return fit(r.body(m.type, "OK\n"));
        }
        return text(200, m, TextRendering.model(categories));
    }

    // ---- entities

    private OcciResponse entity(OcciRequest req, String kind, String id) throws Problem {
        if (!Ids.valid(id)) {
            throw Problem.badRequest("id must match [A-Za-z0-9._-]{1,128}", "occi.core.id");
        }
        switch (req.method) {
            case "GET": {
                Entity e = existing(kind, id);
                if (req.query.containsKey("data")) {
                    return pull(req, e);
                }
                if (req.query.containsKey("status")) {
                    String path = frontend.statusPath(e);
                    if (path == null) {
                        throw new Problem(409, "the source of " + id + " is gone", "occi.core.source");
                    }
                    return relay(frontend.relay(e, path));
                }
                return render(req, 200, e);
            }
            case "PUT": {
                Media out = accept(req, false);
                Frontend.Saved saved = frontend.put(kind, id, submission(req), owner(req));
                OcciResponse r = render(out, saved.created ? 201 : 200, saved.entity);
                if (saved.created) {
                    r.header("Location", req.base + Model.location(kind, id));
                }
                return r;
            }
            case "POST": {
                Media out = accept(req, false);
                String action = req.param("action");
                existing(kind, id);
                if (action != null) {
                    return action(req, out, kind, id, action);
                }
                return render(out, 200, frontend.update(id, submission(req)));
            }
            case "DELETE":
                existing(kind, id);
                frontend.delete(id);
                return new OcciResponse(204);
            default:
                throw notAllowed(req, "GET, PUT, POST, DELETE");
        }
    }

    // ---- actions and pull

    /**
     * {@code POST /occi/sensor/{id}?action=pause[&propagate=true]}: the action is given by its term or by scheme +
     * term; {@code propagate} may also come as an attribute of a JSON action instance in the body. Answers 200 (GFD.223
     * "Trigger Action") at once with the entity, whose {@code rocmon.control} shows the state asked for.
     */
    private OcciResponse action(OcciRequest req, Media out, String kind, String id, String action)
            throws Problem {
        List<String> available = new ArrayList<>();
        if (!Model.COMPUTE.equals(kind)) {
            for (String term : Model.ACTIONS) {
                available.add(Model.ACTION_SCHEME + term);
            }
        }
        String term = action.startsWith(Model.ACTION_SCHEME) ? action.substring(Model.ACTION_SCHEME.length())
                : action;
        if (available.isEmpty() || !Model.ACTIONS.contains(term)) {
            throw Problem.badRequest("unknown action \"" + action + "\" for a " + Model.segment(kind)
                    + (available.isEmpty() ? ": it has no actions" : "; available: " + String.join(", ", Model.ACTIONS)),
                    "action").with("available", available);
        }
        String propagate = req.param("propagate");
        if (propagate == null && req.body.length > 0 && Media.input(req.first("Content-Type")) != null
                && Media.input(req.first("Content-Type")).isJson()) {
            JsonNode p = JsonInput.object(req.body).path("attributes").get("propagate");
            propagate = p == null ? null : p.asText();
        }
        if (propagate != null && !propagate.isEmpty() && !"true".equals(propagate) && !"false".equals(propagate)) {
            throw Problem.badRequest("propagate must be true or false, not \"" + propagate + "\"", "propagate");
        }
        // An empty value (?propagate) means true, as a flag.
        boolean down = propagate != null && !"false".equals(propagate);
        return render(out, 200, frontend.control(id, term, down));
    }

    /** {@code GET /occi/sensor/{id}?data[&descendant=x]}: the node's pull of local data, relayed. */
    private OcciResponse pull(OcciRequest req, Entity e) throws Problem {
        if (!Model.SENSOR.equals(e.kind)) {
            throw Problem.badRequest("only sensors answer with their data", "data");
        }
        String path = "/sensor/" + e.id + "/data";
        String descendant = req.param("descendant");
        if (descendant != null && !descendant.isEmpty()) {
            path += "?descendant=" + java.net.URLEncoder.encode(descendant, StandardCharsets.UTF_8);
        }
        return relay(frontend.relay(e, path));
    }

    private static OcciResponse relay(org.rocmon.occi.internal.frontend.deploy.NodeClient.Reply reply) {
        // A node's own failure is not ours: 5xx becomes 502 Bad Gateway.
        int status = reply.status >= 500 ? 502 : reply.status;
        return new OcciResponse(status).body(Media.JSON.type, reply.body.getBytes(StandardCharsets.UTF_8));
    }

    private Entity existing(String kind, String id) throws Problem {
        Entity e = frontend.get(id);
        if (e == null || !e.kind.equals(kind)) {
            throw Problem.of(404, "no " + Model.segment(kind) + " " + id);
        }
        return e;
    }

    private OcciResponse kindCollection(OcciRequest req, String kind) throws Problem {
        switch (req.method) {
            case "GET": {
                List<Entity> of = new ArrayList<>();
                for (Entity e : frontend.all()) {
                    if (e.kind.equals(kind)) {
                        of.add(e);
                    }
                }
                return collection(req, of);
            }
            case "POST": {
                // GFD.223: POST on a kind's collection creates an entity; the server picks the id if none is given.
                Media out = accept(req, false);
                Submission s = submission(req);
                String id = s.id != null ? s.id : frontend.newId();
                if (frontend.get(id) != null) {
                    throw new Problem(409, "entity " + id + " exists; PUT replaces it", "occi.core.id");
                }
                Frontend.Saved saved = frontend.put(kind, id, s, owner(req));
                return render(out, 201, saved.entity).header("Location", req.base + Model.location(kind, id));
            }
            case "DELETE": {
                for (Entity e : filter(req, frontend.all())) {
                    if (e.kind.equals(kind) && frontend.get(e.id) != null) {
                        frontend.delete(e.id);
                    }
                }
                return new OcciResponse(204);
            }
            default:
                throw notAllowed(req, "GET, POST, DELETE");
        }
    }

    private OcciResponse mixinCollection(OcciRequest req, String path) throws Problem {
        Category mixin = frontend.model().byLocation(path);
        if (mixin == null || mixin.clazz != Category.Clazz.MIXIN) {
            throw Problem.of(404, "no mixin collection at " + path);
        }
        switch (req.method) {
            case "GET":
                return collection(req, withMixin(mixin));
            case "POST":
            case "DELETE": {
                if (mixin.mixinKind == null) {
                    throw Problem.badRequest(mixin.id() + " is a tag mixin and cannot be associated directly",
                            "mixins");
                }
                List<String> locations = locations(req);
                if (locations.isEmpty()) {
                    throw Problem.badRequest("no entity locations in the request", "locations");
                }
                // GFD.223: 200 with the mixin's collection as it now is.
                Media out = accept(req, true);
                frontend.mixin(mixin.id(), locations, "POST".equals(req.method));
                return collection(req, out, withMixin(mixin));
            }
            default:
                throw notAllowed(req, "GET, POST, DELETE");
        }
    }

    private List<Entity> withMixin(Category mixin) {
        List<Entity> of = new ArrayList<>();
        for (Entity e : frontend.all()) {
            if (hasMixin(e, mixin)) {
                of.add(e);
            }
        }
        return of;
    }

    private boolean hasMixin(Entity e, Category mixin) {
        for (String m : e.mixins) {
            if (m.equals(mixin.id())) {
                return true;
            }
            Category c = frontend.model().find(m);
            if (c != null && c.depends.contains(mixin.id())) {
                return true;
            }
        }
        return false;
    }

    // ---- collections: filtering and pagination

    private OcciResponse collection(OcciRequest req, List<Entity> entities) throws Problem {
        return collection(req, accept(req, true), entities);
    }

    private OcciResponse collection(OcciRequest req, Media m, List<Entity> entities) throws Problem {
        List<Entity> page = page(req, filter(req, entities));
        if (m.isJson()) {
            return json(200, m, JsonRendering.collection(page, frontend));
        }
        List<String> locations = new ArrayList<>();
        for (Entity e : page) {
            locations.add(Model.location(e.kind, e.id));
        }
        if (m == Media.URI_LIST) {
            StringBuilder b = new StringBuilder();
            for (String l : locations) {
                b.append(req.base).append(l).append("\r\n");
            }
            return new OcciResponse(200).body(m.type, b.toString());
        }
        return text(200, m, TextRendering.locations(locations));
    }

    private List<Entity> filter(OcciRequest req, List<Entity> entities) {
        List<Entity> out = new ArrayList<>();
        String category = req.param("category");
        String anyValue = req.param("attribute");
        String value = req.param("value");
        for (Entity e : entities) {
            if (category != null && !inCategory(e, category)) {
                continue;
            }
            Map<String, Object> attributes = attributes(e);
            if (anyValue != null) {
                // ?attribute=name&value=v names the attribute; ?attribute=v alone matches any attribute's value.
                boolean match = value != null ? value.equals(text(attributes.get(anyValue)))
                        : attributes.values().stream().anyMatch(v -> anyValue.equals(text(v)));
                if (!match) {
                    continue;
                }
            }
            boolean all = true;
            for (Map.Entry<String, List<String>> p : req.query.entrySet()) {
                if (!RESERVED_PARAMS.contains(p.getKey()) && p.getKey().contains(".") && !p.getValue().isEmpty()
                        && !endId(p.getKey(), p.getValue().get(0)).equals(text(attributes.get(p.getKey())))) {
                    all = false;
                }
            }
            if (all) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return for a link end given as a location ({@code /occi/sensor/s01} or a URL of it), the id; else the value */
    private static String endId(String attribute, String value) {
        if (!"occi.core.source".equals(attribute) && !"occi.core.target".equals(attribute)) {
            return value;
        }
        int at = value.indexOf(Model.PREFIX + "/");
        if (at < 0) {
            return value;
        }
        String[] segments = value.substring(at + Model.PREFIX.length() + 1).split("/");
        return segments.length == 2 && Model.kindOfSegment(segments[0]) != null ? segments[1] : value;
    }

    private boolean inCategory(Entity e, String category) {
        if (frontend.model().isA(e.kind, category) || e.kind.endsWith("#" + category)) {
            return true;
        }
        for (String m : e.mixins) {
            Category c = frontend.model().find(m);
            if (m.equals(category) || m.endsWith("#" + category) || (c != null && c.depends.contains(category))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> attributes(Entity e) {
        Map<String, Object> a = new LinkedHashMap<>(Views.attributes(e));
        a.put("occi.core.id", e.id);
        if (e.title != null) {
            a.put("occi.core.title", e.title);
        }
        if (e.summary != null) {
            a.put("occi.core.summary", e.summary);
        }
        if (e.source != null) {
            a.put("occi.core.source", e.source);
        }
        if (e.target != null) {
            a.put("occi.core.target", e.target);
        }
        // Link ends are matched by id or by location: ?occi.core.target=/occi/sensor/s01 finds a sensor's collectors.
        return a;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return v.toString();
    }

    private static List<Entity> page(OcciRequest req, List<Entity> all) throws Problem {
        String p = req.param("page");
        String n = req.param("number");
        if (p == null && n == null) {
            return all;
        }
        int page = positiveInt(p == null ? "1" : p, "page");
        int number = positiveInt(n == null ? "10" : n, "number");
        long from = (long) (page - 1) * number;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + number));
    }

    private static int positiveInt(String text, String name) throws Problem {
        try {
            int v = Integer.parseInt(text.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problem.badRequest(name + " must be a whole number >= 1, not \"" + text + "\"", name);
    }

    // ---- nodes

    private OcciResponse nodes(OcciRequest req, String id) throws Problem {
        if (id == null) {
            allow(req, "GET");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("nodes", new ArrayList<>(frontend.nodeViews().values()));
            return json(200, Media.JSON, body);
        }
        switch (req.method) {
            case "GET": {
                Map<String, Object> node = frontend.nodeViews().get(id);
                if (node == null) {
                    throw Problem.of(404, "no node " + id);
                }
                return json(200, Media.JSON, node);
            }
            case "PUT": {
                if (Media.input(req.first("Content-Type")) != Media.OCCI_JSON) {
                    throw Problem.of(415, "a node is registered with a JSON body {\"url\": ...}");
                }
                JsonNode body = JsonInput.object(req.body);
                JsonNode url = body.get("url");
                if (url == null || !url.isTextual()) {
                    throw Problem.badRequest("a node needs \"url\": \"http://host:port\"", "url");
                }
                boolean created = frontend.putNode(id, url.asText());
                frontend.retry();
                OcciResponse r = json(created ? 201 : 200, Media.JSON, frontend.nodeViews().get(id));
                if (created) {
                    r.header("Location", req.base + Model.PREFIX + "/node/" + id);
                }
                return r;
            }
            case "DELETE":
                frontend.deleteNode(id);
                return new OcciResponse(204);
            default:
                throw notAllowed(req, "GET, PUT, DELETE");
        }
    }

    // ---- input

    private Submission submission(OcciRequest req) throws Problem {
        Media in = Media.input(req.first("Content-Type"));
        if (in == null || in == Media.URI_LIST) {
            throw Problem.of(415, "unsupported content type " + req.first("Content-Type")
                    + "; use application/occi+json, application/json, text/occi or text/plain");
        }
        if (in == Media.OCCI_JSON) {
            if (req.first("Content-Type") == null && req.body.length == 0 && !textHeaders(req).isEmpty()) {
                return TextInput.entity(textHeaders(req));
            }
            return JsonInput.entity(req.body);
        }
        if (new String(req.body, StandardCharsets.UTF_8).stripLeading().startsWith("{")) {
            throw Problem.of(415, "the body is JSON but was sent as " + in.type + "; send JSON with Content-Type: "
                    + "application/occi+json or application/json");
        }
        List<String> lines = new ArrayList<>();
        if (in == Media.TEXT_OCCI) {
            lines.addAll(textHeaders(req));
        }
        lines.addAll(bodyLines(req));
        return TextInput.entity(lines);
    }

    private static List<String> textHeaders(OcciRequest req) {
        List<String> lines = new ArrayList<>();
        for (String name : List.of("Category", "X-OCCI-Attribute", "Link")) {
            for (String v : req.header(name)) {
                lines.add(name + ": " + v);
            }
        }
        return lines;
    }

    private static List<String> bodyLines(OcciRequest req) {
        String text = new String(req.body, StandardCharsets.UTF_8);
        return text.isBlank() ? List.of() : Arrays.asList(text.split("\r?\n"));
    }

    private List<String> locations(OcciRequest req) throws Problem {
        Media in = Media.input(req.first("Content-Type"));
        if (in == null) {
            throw Problem.of(415, "unsupported content type " + req.first("Content-Type"));
        }
        if (in.isJson() && req.body.length > 0) {
            return JsonInput.locations(req.body);
        }
        List<String> lines = new ArrayList<>();
        for (String v : req.header("X-OCCI-Location")) {
            lines.add("X-OCCI-Location: " + v);
        }
        lines.addAll(bodyLines(req));
        return TextInput.locations(lines);
    }

    private static String owner(OcciRequest req) {
        return req.user == null || req.user.isBlank() ? "anonymous" : req.user;
    }

    // ---- output

    private static Media accept(OcciRequest req, boolean uriList) throws Problem {
        Media m = Media.negotiate(req.header("Accept"), uriList);
        if (m == null) {
            throw Problem.of(406, "none of the accepted media types is offered; use application/occi+json, "
                    + "application/json, text/plain, text/occi" + (uriList ? " or text/uri-list" : ""));
        }
        return m;
    }

    private OcciResponse render(OcciRequest req, int status, Entity e) throws Problem {
        return render(accept(req, false), status, e);
    }

    private OcciResponse render(Media m, int status, Entity e) throws Problem {
        if (m.isJson()) {
            return json(status, m, JsonRendering.entity(e, frontend));
        }
        return text(status, m, TextRendering.entity(e, frontend.model(), frontend));
    }

    private static OcciResponse json(int status, Media m, Object body) {
        try {
            return new OcciResponse(status).body(m.type, MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    private OcciResponse text(int status, Media m, List<String> lines) throws Problem {
        OcciResponse r = new OcciResponse(status);
        if (m == Media.TEXT_OCCI) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                r.header(line.substring(0, colon), line.substring(colon + 1).strip());
            }
            return fit(r.body(m.type, "OK\n"));
        }
        return r.body(m.type, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    /**
     * GFD.229: header data must not be truncated. A text/occi answer whose headers would not fit the container's
     * budget (the container would fail it with a 500 or a dropped connection) is refused with 406 instead.
     */
    private OcciResponse fit(OcciResponse r) throws Problem {
        long size = 0;
        for (String[] h : r.headers) {
            size += h[0].length() + 2 + h[1].getBytes(StandardCharsets.UTF_8).length + 2;
        }
        if (size > headerBudget - HEADER_MARGIN) {
            throw Problem.of(406, "this text/occi rendering needs " + size + " bytes of headers, more than the "
                    + "server's response header budget of " + headerBudget + " bytes (Felix HTTP property "
                    + HEADER_BUDGET_PROPERTY + "); ask for text/plain or application/occi+json, which carry it in "
                    + "the body, or narrow the answer (e.g. ?category=)").with("accept",
                            List.of(Media.TEXT_PLAIN.type, Media.OCCI_JSON.type, Media.JSON.type));
        }
        return r;
    }

    /** The Felix HTTP Jetty property that sets the request and response header budget. */
    public static final String HEADER_BUDGET_PROPERTY = "org.apache.felix.http.jetty.headerBufferSize";

    /**
     * Renders a refusal in the rendering the client asked for: JSON clients (and clients that accept no rendering
     * of ours) get RFC 9457 {@code application/problem+json}; text clients get the same members as
     * {@code name: value} lines in {@code text/plain} (GFD.229 gives errors no rendering of their own).
     *
     * @param p the problem
     * @param req the request, for its Accept header; may be null
     * @return the answer, with the headers the problem needs (e.g. {@code Allow})
     */
    public static OcciResponse error(Problem p, OcciRequest req) {
        Media m = req == null ? null : Media.negotiate(req.header("Accept"), false);
        OcciResponse r = new OcciResponse(p.status());
        p.headers().forEach(r::header);
        if (m == null || m.isJson()) {
            try {
                return r.body(RocmonHttp.PROBLEM_JSON, MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(p.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot render JSON", e);
            }
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> member : p.body().entrySet()) {
            Object v = member.getValue();
            b.append(member.getKey()).append(": ")
                    .append(v instanceof List ? String.join(", ", ((List<?>) v).stream().map(String::valueOf)
                            .toArray(String[]::new)) : String.valueOf(v).replace('\n', ' ').replace('\r', ' '))
                    .append('\n');
        }
        return r.body(Media.TEXT_PLAIN.type, b.toString());
    }

    private static void allow(OcciRequest req, String method) throws Problem {
        if (!method.equals(req.method) && !("HEAD".equals(req.method) && "GET".equals(method))) {
            throw notAllowed(req, method);
        }
    }

    private static Problem notAllowed(OcciRequest req, String allowed) {
        return Problem.methodNotAllowed(req.method, Arrays.asList(allowed.split(", ")));
    }
}
