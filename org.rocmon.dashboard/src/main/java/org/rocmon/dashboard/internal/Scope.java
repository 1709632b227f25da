package org.rocmon.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.api.security.Caller;

/**
 * What one viewer may see, read as that viewer: the OCCI front end's collection {@code GET /occi/} answered with
 * the viewer's own credentials (the front end applies its ownership rules: a user gets their own entities, an
 * admin all), and its node registry {@code GET /occi/node/}. An admin also sees what the nodes run outside the
 * front end (sensors and resources posted straight to the node APIs). Without a front end on this node, only an
 * admin sees anything: the local node's entities.
 */
final class Scope {

    static final String LOCAL = "local";

    /** A runtime node: its base URL and the front end's health of it. */
    static final class NodeRef {
        final String id;
        final String url;
        final String health;
        final String error;

        NodeRef(String id, String url, String health, String error) {
            this.id = id;
            this.url = url;
            this.health = health;
            this.error = error;
        }
    }

    final boolean admin;
    final boolean frontEnd;
    final Map<String, NodeRef> nodes = new LinkedHashMap<>();
    /** OCCI entities by id, the viewer's own (all for an admin). */
    final Map<String, JsonNode> sensors = new LinkedHashMap<>();
    final Map<String, JsonNode> computes = new LinkedHashMap<>();
    final Map<String, JsonNode> collectors = new LinkedHashMap<>();

    private Scope(boolean admin, boolean frontEnd) {
        this.admin = admin;
        this.frontEnd = frontEnd;
    }

    static boolean isAdmin(Caller caller) {
        return caller != null && caller.roles != null && caller.roles.contains(Caller.ROLE_ADMIN);
    }

    /**
     * @param localBase this node as seen from itself, e.g. {@code http://127.0.0.1:8080} (the scheme and port the
     *        viewer's request came in on)
     * @param authorization the viewer's Authorization header
     */
    static Scope load(NodeApi api, String localBase, String authorization, Caller caller) {
        NodeApi.Reply list = api.asViewer(localBase, "/occi/", authorization);
        boolean frontEnd = list.ok();
        Scope s = new Scope(isAdmin(caller), frontEnd);
        if (frontEnd) {
            NodeApi.Reply nodes = api.asViewer(localBase, "/occi/node/", authorization);
            if (nodes.ok()) {
                for (JsonNode n : nodes.body.path("nodes")) {
                    String id = n.path("id").asText();
                    String url = LOCAL.equals(id) ? localBase : n.path("url").asText();
                    s.nodes.put(id, new NodeRef(id, url, n.path("health").asText("unknown"),
                            n.path("lastError").asText(null)));
                }
            }
            for (JsonNode r : list.body.path("resources")) {
                String kind = r.path("kind").asText();
                if (kind.endsWith("#sensor")) {
                    s.sensors.put(r.path("id").asText(), r);
                } else if (kind.endsWith("#compute")) {
                    s.computes.put(r.path("id").asText(), r);
                }
            }
            for (JsonNode l : list.body.path("links")) {
                if (l.path("kind").asText().endsWith("#collector")) {
                    s.collectors.put(l.path("id").asText(), l);
                }
            }
        }
        s.nodes.putIfAbsent(LOCAL, new NodeRef(LOCAL, localBase, "up", null));
        return s;
    }

    /** @return the node id an OCCI sensor or compute runs on (its {@code rocmon.node}, default local) */
    static String nodeOf(JsonNode entity) {
        String node = entity.path("attributes").path("rocmon.node").asText("");
        return node.isEmpty() ? LOCAL : node;
    }

    /** @return the id at the end of an OCCI link end ({@code {"location": "/occi/sensor/s01"}} or a string) */
    static String endId(JsonNode end) {
        String loc = end.isObject() ? end.path("location").asText("") : end.asText("");
        int slash = loc.lastIndexOf('/');
        return slash < 0 ? loc : loc.substring(slash + 1);
    }

    /** May the viewer see the sensor {@code sensor} on node {@code node}? */
    boolean maySee(String node, String sensor) {
        if (!nodes.containsKey(node)) {
            return false;
        }
        if (admin) {
            return true;
        }
        JsonNode s = sensors.get(sensor);
        return s != null && nodeOf(s).equals(node);
    }

    NodeRef node(String id) {
        return nodes.get(id);
    }
}
