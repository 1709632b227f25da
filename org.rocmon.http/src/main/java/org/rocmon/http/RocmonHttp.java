package org.rocmon.http;

/** Names of the shared HTTP context; a servlet joins it with {@code @HttpWhiteboardContextSelect(CONTEXT_SELECT)}. */
public final class RocmonHttp {

    /** {@code osgi.http.whiteboard.context.name} of the shared context. */
    public static final String CONTEXT_NAME = "rocmon";

    /** The {@code osgi.http.whiteboard.context.select} filter of every Rocmon servlet. */
    public static final String CONTEXT_SELECT = "(osgi.http.whiteboard.context.name=" + CONTEXT_NAME + ")";

    /** Largest request body any endpoint reads: 1 MiB. */
    public static final int MAX_BODY = 1024 * 1024;

    /** Media type of every error body. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private RocmonHttp() {
    }
}
