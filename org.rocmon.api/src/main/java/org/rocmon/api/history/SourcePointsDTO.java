package org.rocmon.api.history;

import java.util.List;

/** The points of one source; intervals without data are left out. */
public class SourcePointsDTO {

    /** Id of the source, or {@code null}. */
    public String source;

    /** Points, oldest first. */
    public List<PointDTO> points;
}
