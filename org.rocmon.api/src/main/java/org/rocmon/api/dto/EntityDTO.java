package org.rocmon.api.dto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OCCI entity: common part of resources and links.
 *
 * <p>{@link #attributes} holds the flat OCCI 1.2 form (dotted names such as {@code occi.sensor.period} or
 * {@code com.example.occi.monitoring.EWMA.gain}); the nested form of the paper's listings is flattened to it on
 * input.
 */
public class EntityDTO {
    /** Entity id, unique on its node. */
    public String id;
    /** Kind identifier, scheme + term. */
    public String kind;
    /** Mixin identifiers, scheme + term each. */
    public List<String> mixins = new ArrayList<>();
    /** Attributes by flat dotted name. */
    public Map<String, Object> attributes = new LinkedHashMap<>();
    /** Title, optional. */
    public String title;
    /** Summary, optional. */
    public String summary;
}
