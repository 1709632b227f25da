package org.rocmon.occi.internal.frontend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.render.JsonInput;

/** The runtime nodes under {@code /occi/node/}: listed for every user, registered and removed by an admin. */
final class NodesResource {

    private final Frontend frontend;

    NodesResource(Frontend frontend) {
        this.frontend = frontend;
    }

    /** GET /occi/node/[id], PUT and DELETE /occi/node/{id} (the admin registers and removes nodes). */
    OcciResponse handle(OcciRequest req, String id) throws Problem {
        if (id == null) {
            Answers.allow(req, "GET");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("nodes", new ArrayList<>(frontend.nodeViews().values()));
            return Answers.json(200, Media.JSON, body);
        }
        switch (req.method) {
            case "GET": {
                Map<String, Object> node = frontend.nodeViews().get(id);
                if (node == null) {
                    throw Problem.of(404, "no node " + id);
                }
                return Answers.json(200, Media.JSON, node);
            }
            case "PUT": {
                Answers.adminOnly(req, "registering a node");
                if (Media.input(req.first("Content-Type")) != Media.OCCI_JSON) {
                    throw Problem.of(415, "a node is registered with a JSON body {\"url\": ...}");
                }
                JsonNode body = JsonInput.object(req.body);
                JsonNode url = body.get("url");
                if (url == null || !url.isTextual()) {
                    throw Problem.badRequest("a node needs \"url\": \"https://host:port\"", "url");
                }
                boolean created = frontend.putNode(id, url.asText());
                frontend.retry();
                OcciResponse r = Answers.json(created ? 201 : 200, Media.JSON, frontend.nodeViews().get(id));
                if (created) {
                    r.header("Location", req.base + Model.PREFIX + "/node/" + id);
                }
                return r;
            }
            case "DELETE":
                Answers.adminOnly(req, "removing a node");
                frontend.deleteNode(id);
                return new OcciResponse(204);
            default:
                throw Answers.notAllowed(req, "GET, PUT, DELETE");
        }
    }
}
