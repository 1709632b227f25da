package org.rocmon.api.dto;

import java.util.ArrayList;
import java.util.List;

/** An OCCI resource, such as a sensor or a monitored compute resource. */
public class ResourceDTO extends EntityDTO {
    /** Links of which this resource is an end; for a sensor, the collectors it admits. */
    public List<LinkDTO> links = new ArrayList<>();
}
