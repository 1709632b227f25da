package org.rocmon.api.history;

/** One consolidated archive: points of {@link #resolution} seconds kept for {@link #span} seconds. */
public class ArchiveDTO {

    /** Seconds per point. */
    public long resolution;

    /** Seconds of history the archive keeps. */
    public long span;
}
