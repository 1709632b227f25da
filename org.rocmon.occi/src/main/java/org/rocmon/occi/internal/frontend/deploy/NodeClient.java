package org.rocmon.occi.internal.frontend.deploy;

import java.io.IOException;
import java.net.URI;

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
