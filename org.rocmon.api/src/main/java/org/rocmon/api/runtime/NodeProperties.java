package org.rocmon.api.runtime;

/** Framework properties every Rocmon bundle of a node reads, named once. */
public final class NodeProperties {

    /** The node's data folder (sensors, collectors, OCCI entities, logs); relative to the working directory. */
    public static final String DATA = "rocmon.data";

    /**
     * Further folders mixins may write files in, besides the data folder: absolute paths separated by commas;
     * relative ones are taken under the data folder. Read by the host for every {@code path} attribute
     * ({@link org.rocmon.api.attributes.FileArea}); unset: the data folder only.
     *
     * @since 1.3
     */
    public static final String FILE_FOLDERS = "rocmon.files.folders";

    /**
     * The node's port, the one Felix HTTP listens on (HTTPS, or plain HTTP with {@link #TLS} {@code off}) and local
     * sensors are addressed at.
     */
    public static final String HTTP_PORT = "org.osgi.service.http.port";

    /** The address Felix HTTP binds; {@code 127.0.0.1} unless an operator opens the node to the network. */
    public static final String HTTP_HOST = "org.apache.felix.http.host";

    /**
     * TLS on every endpoint: absent or {@code on} (the default) serves HTTPS and WSS only; {@code off} is the
     * development switch that serves plain HTTP and WS, refused on a non-loopback {@link #HTTP_HOST}.
     */
    public static final String TLS = "rocmon.tls";

    /**
     * The URL this node hands out for itself ({@code https://host:port}, no path), when peers reach it under
     * another name than {@code 127.0.0.1}; default {@code https://127.0.0.1:<port>} (see {@link NodeUrl}).
     */
    public static final String NODE_URL = "rocmon.node.url";

    /**
     * The OCCI front end this node joins by itself ({@code https://host:port}, no path): the node announces its id,
     * its {@link #NODE_URL} and its capacity there and heartbeats; unset, the node joins nothing (a front end may
     * still register it by hand). The node presents the deployment's node credential.
     *
     * @since 1.5
     */
    public static final String FRONTEND_URL = "rocmon.frontend.url";

    /**
     * The id under which the node joins its front end ({@code [A-Za-z0-9._-]{1,128}}); default: the host and port
     * of its {@link NodeUrl}, e.g. {@code 127.0.0.2-9001}.
     *
     * @since 1.5
     */
    public static final String NODE_ID = "rocmon.node.id";

    /**
     * How often a node that joined a front end says it is alive, in ms (default 5000, at least 100).
     *
     * @since 1.5
     */
    public static final String JOIN_HEARTBEAT = "rocmon.join.heartbeatMillis";

    /**
     * The most sensors this node announces it takes; {@code 0} (default): no limit. The front end's placement does
     * not put more there.
     *
     * @since 1.5
     */
    public static final String MAX_SENSORS = "rocmon.node.maxSensors";

    /**
     * The most resource collectors this node announces it runs; {@code 0} (default): no limit.
     *
     * @since 1.5
     */
    public static final String MAX_COLLECTORS = "rocmon.node.maxCollectors";

    private NodeProperties() {
    }
}
