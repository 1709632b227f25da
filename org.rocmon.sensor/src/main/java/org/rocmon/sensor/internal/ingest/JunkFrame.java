package org.rocmon.sensor.internal.ingest;

/** A text frame that is not a collector frame; counted as rejected, the connection stays open. */
public final class JunkFrame extends Exception {

    private static final long serialVersionUID = 1L;

    public JunkFrame(String message) {
        super(message, null, false, false);
    }
}
