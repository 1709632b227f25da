package org.rocmon.occi.internal.ngsi;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Entity;

/**
 * What the NGSI layer reads of the OCCI front end: its stored entities and, for one of them, the node's own view
 * ({@code GET /resource/{id}/} or {@code GET /sensor/{id}/} on the node that runs it). An interface so that unit
 * tests stand in for the front end and its nodes.
 */
interface Monitored {

    /** @return every stored entity, sorted by id */
    List<Entity> all();

    /** @return the stored entity, or null */
    Entity get(String id);

    /**
     * @param e a compute resource or a sensor
     * @return the node's view of it, or null when the node does not run it (yet)
     * @throws Problem 502 when the node does not answer
     */
    JsonNode view(Entity e) throws Problem;

    /**
     * @param sensor a sensor
     * @param pathAndQuery a {@code /history/...} path with its query
     * @return the answer of the node that runs the sensor to a GET of it
     * @throws Problem 502 when the node does not answer
     */
    default org.rocmon.occi.internal.frontend.deploy.NodeClient.Reply history(Entity sensor, String pathAndQuery)
            throws Problem {
        throw Problem.of(501, "history is not available here");
    }
}
