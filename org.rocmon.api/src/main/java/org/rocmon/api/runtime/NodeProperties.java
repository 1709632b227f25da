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

    /** The node's HTTP port, the one Felix HTTP listens on and local sensors are addressed at. */
    public static final String HTTP_PORT = "org.osgi.service.http.port";

    private NodeProperties() {
    }
}
