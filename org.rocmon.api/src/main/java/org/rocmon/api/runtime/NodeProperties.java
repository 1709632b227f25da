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

    private NodeProperties() {
    }
}
