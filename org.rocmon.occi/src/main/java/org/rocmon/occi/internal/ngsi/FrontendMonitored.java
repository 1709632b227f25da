package org.rocmon.occi.internal.ngsi;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.Frontend;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.frontend.model.Entity;

/** {@link Monitored} over the front end: its store, and its node clients for the views. */
final class FrontendMonitored implements Monitored {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Frontend frontend;

    FrontendMonitored(Frontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public List<Entity> all() {
        return frontend.all();
    }

    @Override
    public Entity get(String id) {
        return frontend.get(id);
    }

    @Override
    public NodeClient.Reply history(Entity sensor, String pathAndQuery) throws Problem {
        return frontend.relay(sensor, pathAndQuery);
    }

    @Override
    public JsonNode view(Entity e) throws Problem {
        String path = frontend.statusPath(e);
        if (path == null) {
            return null;
        }
        NodeClient.Reply r = frontend.relay(e, path);
        if (r.status == 404) {
            return null; // not deployed yet, or a resource without collectors: no values
        }
        if (!r.ok()) {
            throw new Problem(502, "node of " + e.id + " answered " + r.status
                    + (r.detail() == null ? "" : ": " + r.detail()), null);
        }
        try {
            return MAPPER.readTree(r.body);
        } catch (IOException ex) {
            throw new Problem(502, "node of " + e.id + " answered with malformed JSON", null);
        }
    }
}
