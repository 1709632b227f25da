package org.rocmon.occi.internal.frontend.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client sent for one entity, in either rendering, before validation. A {@code null} field was not given;
 * an attribute mapped to {@code null} asks a partial update to remove it.
 */
public final class Submission {
    public String id;
    public String kind;
    public List<String> mixins;
    public Map<String, Object> attributes = new LinkedHashMap<>();
    public String title;
    public String summary;
    /** Source and target as given: an id, a path or a URL of the entity. */
    public String source;
    public String target;
    /** Ids from a resource's {@code links}. */
    public List<String> links;
}
