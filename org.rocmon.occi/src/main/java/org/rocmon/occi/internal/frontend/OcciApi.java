package org.rocmon.occi.internal.frontend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Category;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.model.Submission;
import org.rocmon.occi.internal.frontend.render.JsonInput;
import org.rocmon.occi.internal.frontend.render.JsonRendering;
import org.rocmon.occi.internal.frontend.render.TextRendering;
import org.rocmon.api.runtime.EntityIds;

/**
 * The OCCI 1.2 HTTP protocol (GFD.223) over {@link Frontend}: query interface, entity and collection verbs,
 * mixin collections and node registration; {@link Answers} renders and refuses, {@link CollectionQuery} filters and
 * pages, {@link RequestBodies} reads bodies. No servlet types, so that unit tests drive it directly.
 */
public final class OcciApi {

    private static final String QUERY = Model.PREFIX + "/-/";
    private static final String WELL_KNOWN = "/.well-known/org/ogf/occi/-/";

    private final Frontend frontend;
    private final NodesResource nodes;
    private final Answers answers;
    private final CollectionQuery query;
    private final UserLimits limits;

    public OcciApi(Frontend frontend) {
        this(frontend, Answers.DEFAULT_HEADER_BUDGET);
    }

    /**
     * @param frontend the front end
     * @param headerBudget the container's response header budget in bytes: a {@code text/occi} rendering that does
     *        not fit is refused with 406 rather than cut off by the container
     */
    public OcciApi(Frontend frontend, int headerBudget) {
        this(frontend, headerBudget, UserLimits.DEFAULT);
    }

    /** @param limits what ordinary users are confined by */
    OcciApi(Frontend frontend, int headerBudget, UserLimits limits) {
        this.limits = limits;
        this.frontend = frontend;
        this.nodes = new NodesResource(frontend);
        this.answers = new Answers(headerBudget);
        this.query = new CollectionQuery(frontend.model());
    }

    /** @return the answer; never throws for bad input */
    public OcciResponse handle(OcciRequest req) {
        OcciResponse r;
        try {
            r = route(req);
        } catch (Problem e) {
            r = Answers.error(e, req);
        }
        r.header("Server", Answers.SERVER);
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
            Answers.allow(req, "GET");
            return queryInterface(req);
        }
        if (!path.startsWith(Model.PREFIX + "/") && !path.equals(Model.PREFIX)) {
            throw Problem.of(404, "nothing at " + path + "; the OCCI API is under " + Model.PREFIX + "/");
        }
        String rest = path.length() <= Model.PREFIX.length() + 1 ? "" : path.substring(Model.PREFIX.length() + 1);
        if (rest.isEmpty()) {
            Answers.allow(req, "GET");
            return collection(req, new Ownership(req, frontend).all());
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
            return nodes.handle(req, segments.size() == 2 ? segments.get(1) : null);
        }
        String kind = Model.kindOfSegment(first);
        boolean collection = segments.size() == 1 && path.endsWith("/");
        if (kind == null) {
            Category abstractKind = frontend.model().byLocation(Model.PREFIX + "/" + first + "/");
            if (abstractKind == null || segments.size() != 1) {
                throw Problem.of(404, "nothing at " + path);
            }
            Answers.allow(req, "GET");
            List<Entity> of = new ArrayList<>();
            for (Entity e : new Ownership(req, frontend).all()) {
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
        Media m = Answers.accept(req, false);
        if (m.isJson()) {
            return Answers.json(200, m, JsonRendering.model(categories));
        }
        if (m == Media.TEXT_OCCI) {
            // GFD.229 allows one header with comma-separated values: the smallest header block there is.
            OcciResponse r = new OcciResponse(200);
            List<String> values = TextRendering.categoryValues(categories);
            if (!values.isEmpty()) {
                r.header("Category", String.join(", ", values));
            }
            return answers.fit(r.body(m.type, "OK\n"));
        }
        return answers.text(200, m, TextRendering.model(categories));
    }

    // ---- entities

    private OcciResponse entity(OcciRequest req, String kind, String id) throws Problem {
        if (!EntityIds.valid(id)) {
            throw Problem.badRequest("id must match [A-Za-z0-9._-]{1,128}", "occi.core.id");
        }
        switch (req.method) {
            case "GET": {
                Entity e = existing(req, kind, id);
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
                Media out = Answers.accept(req, false);
                Ownership own = new Ownership(req, frontend);
                if (own.takenByAnother(id)) {
                    throw taken(id);
                }
                Submission s = RequestBodies.submission(req);
                own.checkEnds(s);
                Frontend.Saved saved = frontend.put(kind, id, s, owner(req), admission(own));
                OcciResponse r = render(req, out, saved.created ? 201 : 200, saved.entity);
                if (saved.created) {
                    r.header("Location", req.base + Model.location(kind, id));
                }
                return r;
            }
            case "POST": {
                Media out = Answers.accept(req, false);
                String action = req.param("action");
                existing(req, kind, id);
                if (action != null) {
                    return action(req, out, kind, id, action);
                }
                Submission s = RequestBodies.submission(req);
                Ownership own = new Ownership(req, frontend);
                own.checkEnds(s);
                return render(req, out, 200, frontend.update(id, s, admission(own)));
            }
            case "DELETE":
                existing(req, kind, id);
                frontend.delete(id);
                return new OcciResponse(204);
            default:
                throw Answers.notAllowed(req, "GET, PUT, POST, DELETE");
        }
    }

    // ---- actions and pull

    /**
     * {@code POST /occi/sensor/{id}?action=pause[&propagate=true][&policy=..]}: the action is given by its term or by scheme +
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
        String policy = req.param("policy");
        if (policy == null && req.body.length > 0 && Media.input(req.first("Content-Type")) != null
                && Media.input(req.first("Content-Type")).isJson()) {
            JsonNode p = JsonInput.object(req.body).path("attributes").get("policy");
            policy = p == null ? null : p.asText();
        }
        if (policy != null && !Model.POLICIES.contains(policy)) {
            throw Problem.badRequest("policy must be one of " + String.join(", ", Model.POLICIES) + ", not \""
                    + (policy.length() > 32 ? policy.substring(0, 32) + "..." : policy) + "\"", "policy")
                    .with("available", Model.POLICIES);
        }
        return render(req, out, 200, frontend.control(id, term, down, policy));
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

    /** @return the entity of that kind, if the caller may see it; 404 otherwise, for a missing and another's alike */
    private Entity existing(OcciRequest req, String kind, String id) throws Problem {
        Entity e = new Ownership(req, frontend).get(id);
        if (e == null || !e.kind.equals(kind)) {
            throw Problem.of(404, "no " + Model.segment(kind) + " " + id);
        }
        return e;
    }

    private OcciResponse kindCollection(OcciRequest req, String kind) throws Problem {
        switch (req.method) {
            case "GET": {
                List<Entity> of = new ArrayList<>();
                for (Entity e : new Ownership(req, frontend).all()) {
                    if (e.kind.equals(kind)) {
                        of.add(e);
                    }
                }
                return collection(req, of);
            }
            case "POST": {
                // GFD.223: POST on a kind's collection creates an entity; the server picks the id if none is given.
                Media out = Answers.accept(req, false);
                Submission s = RequestBodies.submission(req);
                String id = s.id != null ? s.id : frontend.newId();
                Ownership own = new Ownership(req, frontend);
                if (own.takenByAnother(id)) {
                    throw taken(id);
                }
                if (frontend.get(id) != null) {
                    throw new Problem(409, "entity " + id + " exists; PUT replaces it", "occi.core.id");
                }
                own.checkEnds(s);
                Frontend.Saved saved = frontend.put(kind, id, s, owner(req), admission(own));
                return render(req, out, 201, saved.entity).header("Location", req.base + Model.location(kind, id));
            }
            case "DELETE": {
                for (Entity e : query.filter(req, new Ownership(req, frontend).all())) {
                    if (e.kind.equals(kind) && frontend.get(e.id) != null) {
                        frontend.delete(e.id);
                    }
                }
                return new OcciResponse(204);
            }
            default:
                throw Answers.notAllowed(req, "GET, POST, DELETE");
        }
    }

    private OcciResponse mixinCollection(OcciRequest req, String path) throws Problem {
        Category mixin = frontend.model().byLocation(path);
        if (mixin == null || mixin.clazz != Category.Clazz.MIXIN) {
            throw Problem.of(404, "no mixin collection at " + path);
        }
        switch (req.method) {
            case "GET":
                return collection(req, withMixin(req, mixin));
            case "POST":
            case "DELETE": {
                if (mixin.mixinKind == null) {
                    throw Problem.badRequest(mixin.id() + " is a tag mixin and cannot be associated directly",
                            "mixins");
                }
                List<String> locations = RequestBodies.locations(req);
                if (locations.isEmpty()) {
                    throw Problem.badRequest("no entity locations in the request", "locations");
                }
                // GFD.223: 200 with the mixin's collection as it now is.
                Media out = Answers.accept(req, true);
                Ownership own = new Ownership(req, frontend);
                for (String l : locations) {
                    if (own.takenByAnother(org.rocmon.occi.internal.frontend.model.Refs.id(l))) {
                        throw new Problem(404, "no entity at " + l, "locations");
                    }
                }
                frontend.mixin(mixin.id(), locations, "POST".equals(req.method), admission(own));
                return collection(req, out, withMixin(req, mixin));
            }
            default:
                throw Answers.notAllowed(req, "GET, POST, DELETE");
        }
    }

    private List<Entity> withMixin(OcciRequest req, Category mixin) {
        List<Entity> of = new ArrayList<>();
        for (Entity e : new Ownership(req, frontend).all()) {
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
        return collection(req, Answers.accept(req, true), entities);
    }

    private OcciResponse collection(OcciRequest req, Media m, List<Entity> entities) throws Problem {
        List<Entity> page = query.select(req, entities);
        if (m.isJson()) {
            return Answers.json(200, m, JsonRendering.collection(page, new Ownership(req, frontend)));
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
        return answers.text(200, m, TextRendering.locations(locations));
    }

    // ---- input

    private Frontend.Admission admission(Ownership own) {
        return own.admission(limits);
    }

    private static String owner(OcciRequest req) {
        return req.user == null || req.user.isBlank() ? "anonymous" : req.user;
    }

    private static Problem taken(String id) {
        // Ids are one namespace: say that it is taken, not by whom nor what it is.
        return new Problem(409, "id " + id + " is taken; choose another", "occi.core.id");
    }


    // ---- output

    private OcciResponse render(OcciRequest req, int status, Entity e) throws Problem {
        return render(req, Answers.accept(req, false), status, e);
    }

    /** Renders what the caller may see: another user's links of a resource are left out. */
    private OcciResponse render(OcciRequest req, Media m, int status, Entity e) throws Problem {
        Ownership own = new Ownership(req, frontend);
        if (m.isJson()) {
            return Answers.json(status, m, JsonRendering.entity(e, own));
        }
        return answers.text(status, m, TextRendering.entity(e, frontend.model(), own));
    }

}
