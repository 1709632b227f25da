package org.rocmon.api.dto;

import java.util.ArrayList;
import java.util.List;

/**
 * An OCCI link, such as a collector. As in the paper's listing 2, a collector's {@link #source} is the monitored
 * resource and its {@link #target} is the sensor.
 */
public class LinkDTO extends EntityDTO {
    /** Id or URL of the source resource. */
    public String source;
    /** Id or URL of the target resource. */
    public String target;
    /** Action identifiers the link offers. */
    public List<String> actions = new ArrayList<>();
}
