package org.rocmon.occi.internal.shell;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.occi.internal.frontend.deploy.NodeClient;

/**
 * This node's own REST API read over loopback: sensors and collectors live in other bundles that offer no
 * in-process listing, and their REST answers are the documented view of them anyway.
 */
public final class LocalNode {

    /** Raised with a message fit for an operator: the node did not answer, or answered with an error. */
    public static final class NodeException extends Exception {
        private static final long serialVersionUID = 1L;

        NodeException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeClient client;
    private final String base;

    /**
     * @param client the HTTP client
     * @param base e.g. {@code http://127.0.0.1:8080}
     */
    public LocalNode(NodeClient client, String base) {
        this.client = client;
        this.base = base;
    }

    /** @return the base URL */
    public String base() {
        return base;
    }

    /**
     * @param path an absolute path, e.g. {@code /sensor/s01/}
     * @return the JSON answer
     * @throws NodeException when the node cannot be reached or does not answer 2xx with JSON
     */
    public JsonNode get(String path) throws NodeException {
        NodeClient.Reply r = send("GET", path, null);
        if (!r.ok()) {
            throw new NodeException("GET " + path + " -> " + r.status + errorText(r.body));
        }
        return parse(r.body, "GET " + path);
    }

    /**
     * @param method GET, POST or DELETE
     * @param path an absolute path
     * @param json body or {@code null}
     * @return the answer, whatever its status
     * @throws NodeException when the node cannot be reached
     */
    public NodeClient.Reply send(String method, String path, String json) throws NodeException {
        try {
            return client.send(method, URI.create(base + path), json);
        } catch (IOException | IllegalArgumentException e) {
            throw new NodeException("node " + base + " cannot be reached (" + method + " " + path + "): "
                    + e.getMessage());
        }
    }

    /** @return ids of the sensors, in the node's order */
    public List<String> sensorIds() throws NodeException {
        return ids(get("/sensor/"));
    }

    /** @return ids of the resources, in the node's order */
    public List<String> resourceIds() throws NodeException {
        return ids(get("/resource/"));
    }

    /** Ids from a listing: an array of objects with an id or of strings, or an object holding such an array. */
    static List<String> ids(JsonNode listing) {
        JsonNode array = listing;
        if (listing.isObject()) {
            array = listing.path("resources").isArray() ? listing.get("resources")
                    : listing.path("sensors").isArray() ? listing.get("sensors") : listing.path("items");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            String id = n.isTextual() ? n.asText() : n.path("id").asText("");
            if (!id.isEmpty()) {
                out.add(id);
            }
        }
        return out;
    }

    static JsonNode parse(String body, String what) throws NodeException {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NodeException(what + " did not answer JSON");
        }
    }

    private static String errorText(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("detail")) {
                return ": " + n.get("detail").asText(); // an RFC 9457 problem (the sensor API)
            }
            if (n != null && n.hasNonNull("error")) {
                return ": " + n.get("error").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: the status says enough
        }
        return "";
    }
}
