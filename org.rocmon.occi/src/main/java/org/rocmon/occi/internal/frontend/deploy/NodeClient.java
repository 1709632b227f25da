package org.rocmon.occi.internal.frontend.deploy;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The HTTP calls the deployer makes to runtime nodes; an interface so that tests can stand in for nodes. */
public interface NodeClient {

    /** One answer of a node. */
    final class Reply {
        public final int status;
        public final String body;

        public Reply(int status, String body) {
            this.status = status;
            this.body = body == null ? "" : body;
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /**
         * @return the {@code detail} of the node's RFC 9457 problem body ({@code error} of a node that predates
         *         them), or {@code null} when the body is not such an object
         */
        public String detail() {
            JsonNode j = problem();
            JsonNode d = j == null ? null : j.hasNonNull("detail") ? j.get("detail") : j.get("error");
            return d == null || d.isNull() ? null : d.asText();
        }

        /** @return the {@code attribute} the node's problem names, or {@code null} */
        public String attribute() {
            JsonNode j = problem();
            return j == null || !j.hasNonNull("attribute") ? null : j.get("attribute").asText();
        }

        private JsonNode problem() {
            try {
                JsonNode j = PROBLEMS.readTree(body);
                return j != null && j.isObject() ? j : null;
            } catch (IOException e) {
                return null; // not JSON
            }
        }

        private static final ObjectMapper PROBLEMS = new ObjectMapper();
    }

    /**
     * @param method GET, POST or DELETE
     * @param uri the node endpoint
     * @param json the body, or {@code null}
     * @return the node's answer
     * @throws IOException when the node cannot be reached or does not answer in time
     */
    Reply send(String method, URI uri, String json) throws IOException;
}
