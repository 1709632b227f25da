package org.rocmon.collector.internal.resource;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.Problem;
import org.rocmon.api.runtime.EntityIds;

/**
 * The resource REST API (Table 2 of the paper) on plain values, so it can be tested without a servlet container.
 * Paths are relative to {@code /resource}. Refusals are {@link Problem}s.
 */
final class ResourceApi {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceApi.class);

    private final CollectorManager manager;
    private final CollectorView view;

    ResourceApi(CollectorManager manager) {
        this.manager = manager;
        this.view = new CollectorView(manager);
    }

    /** The request body, read only by the requests that have one. */
    @FunctionalInterface
    interface Body {
        /**
         * @return the body as a JSON object
         * @throws Problem 415, 413 or 400 when it is not one
         * @throws IOException when the client goes away
         */
        ObjectNode read() throws Problem, IOException;
    }

    /**
     * @param path the path after {@code /resource}, e.g. {@code /g01/collector/c01}; null or empty for the list
     * @param action the {@code action} query parameter, or null
     * @param body reads the request body
     */
    ApiResponse handle(String method, String path, String action, Body body) {
        try {
            if (action != null && "POST".equals(method)) {
                return control(path == null ? "" : path, action);
            }
            return route(method, path == null ? "" : path, body);
        } catch (Problem p) {
            return ApiResponse.of(p);
        } catch (IOException e) {
            return ApiResponse.of(Problem.badRequest("cannot read the body: " + e.getMessage(), null));
        } catch (RuntimeException e) {
            // The contract is "never a 500 with a trace": log it, answer a plain message.
            LOG.error("{} /resource{} failed", method, path, e);
            return ApiResponse.of(Problem.of(500, "internal error; see the node's log"));
        }
    }

    private ApiResponse route(String method, String path, Body body) throws Problem, IOException {
        String p = path.startsWith("/") ? path.substring(1) : path;
        boolean trailing = p.endsWith("/");
        if (trailing) {
            p = p.substring(0, p.length() - 1);
        }
        String[] seg = p.isEmpty() ? new String[0] : p.split("/", -1);
        if (seg.length == 0) {
            return method.equals("GET") ? list() : notAllowed(method, "GET");
        }
        String rid = id(seg[0], "resource");
        if (seg.length == 1) {
            switch (method) {
                case "GET":
                    return describeResource(rid);
                case "DELETE":
                    refuseOwned(manager.anyOwner(rid), "a collector of resource " + rid);
                    if (!manager.deleteResource(rid)) {
                        throw notFound("no resource '" + rid + "'");
                    }
                    return new ApiResponse(204, null);
                default:
                    return notAllowed(method, "GET", "DELETE");
            }
        }
        if (!seg[1].equals("collector")) {
            throw notFound("no such path: /resource/" + p);
        }
        if (seg.length == 2) {
            if (!method.equals("GET")) {
                return notAllowed(method, "GET");
            }
            return listCollectors(rid);
        }
        if (seg.length != 3) {
            throw notFound("no such path: /resource/" + p);
        }
        String cid = id(seg[2], "collector");
        switch (method) {
            case "POST": {
                ObjectNode json = body.read();
                boolean created = manager.define(rid, cid, json);
                String location = "/resource/" + rid + "/collector/" + cid;
                ObjectNode description = view.collector(rid, manager.collector(rid, cid));
                return created ? new ApiResponse(201, description).header("Location", location)
                        : new ApiResponse(200, description);
            }
            case "GET": {
                RunningCollector c = manager.collector(rid, cid);
                if (c == null) {
                    throw notFound("no collector '" + cid + "' on resource '" + rid + "'");
                }
                return new ApiResponse(200, view.collector(rid, c));
            }
            case "DELETE":
                refuseOwned(manager.owner(rid, cid), "collector " + rid + "/" + cid);
                if (!manager.deleteCollector(rid, cid)) {
                    throw notFound("no collector '" + cid + "' on resource '" + rid + "'");
                }
                return new ApiResponse(204, null);
            default:
                return notAllowed(method, "GET", "POST", "DELETE");
        }
    }

    /** POST /resource/{rid}/collector/{cid}?action=..: 202 at once; GET shows the outcome. */
    private ApiResponse control(String path, String action) throws Problem {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String[] seg = p.split("/", -1);
        if (seg.length != 3 || !seg[1].equals("collector")) {
            throw Problem.badRequest("actions apply to /resource/{rid}/collector/{cid}", "action");
        }
        String rid = id(seg[0], "resource");
        String cid = id(seg[2], "collector");
        String state = manager.control(rid, cid, action);
        return new ApiResponse(202, CollectorView.control(rid, cid, action, state));
    }

    private ApiResponse list() {
        return new ApiResponse(200, view.resources());
    }

    private ApiResponse listCollectors(String rid) throws Problem {
        Map<String, RunningCollector> r = manager.resource(rid);
        if (r == null) {
            throw notFound("no resource '" + rid + "'");
        }
        return new ApiResponse(200, view.collectors(rid, r));
    }

    private ApiResponse describeResource(String rid) throws Problem {
        Map<String, RunningCollector> r = manager.resource(rid);
        if (r == null) {
            throw notFound("no resource '" + rid + "': a resource is created by its first collector");
        }
        return new ApiResponse(200, view.resource(rid, r));
    }

    private static String id(String id, String what) throws Problem {
        if (!EntityIds.valid(id)) {
            throw Problem.badRequest(what + " id '" + abbreviate(id)
                    + "' is not valid: use 1 to 128 of A-Z a-z 0-9 . _ - (not . or ..)", "id");
        }
        return id;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** The configuration would declare it again at its next update or restart: it must be deleted instead. */
    private static void refuseOwned(String owner, String what) throws Problem {
        if (owner != null) {
            throw new Problem(409, what + " is owned by configuration (" + owner
                    + "): delete the configuration to remove it", null);
        }
    }

    private static Problem notFound(String message) {
        return Problem.notFound(message);
    }

    private static ApiResponse notAllowed(String method, String... allowed) {
        return ApiResponse.of(Problem.methodNotAllowed(method, List.of(allowed)));
    }
}
