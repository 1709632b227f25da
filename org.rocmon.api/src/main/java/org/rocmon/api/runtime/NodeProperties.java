package org.rocmon.api.runtime;

/** Framework properties every Rocmon bundle of a node reads, named once. */
public final class NodeProperties {

    /** The node's data folder (sensors, collectors, OCCI entities, logs); relative to the working directory. */
    public static final String DATA = "rocmon.data";

    /** The node's HTTP port, the one Felix HTTP listens on and local sensors are addressed at. */
    public static final String HTTP_PORT = "org.osgi.service.http.port";

    private NodeProperties() {
    }
}
