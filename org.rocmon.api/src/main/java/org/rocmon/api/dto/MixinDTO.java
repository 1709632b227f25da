package org.rocmon.api.dto;

import java.util.ArrayList;
import java.util.List;

/** An installed mixin as the catalog sees it. */
public class MixinDTO {
    /** Scheme + term, e.g. {@code http://example.com/occi/monitoring/aggregator#EWMA}. */
    public String id;
    /** Scheme, ending in {@code #}. */
    public String scheme;
    /** Term. */
    public String term;
    /** {@code metric}, {@code aggregator} or {@code publisher}. */
    public String kind;
    /** Tag mixin it depends on, e.g. {@code http://schemas.ogf.org/occi/monitoring#aggregator}. */
    public String depends;
    /** Kind it applies to: the sensor kind or the collector kind. */
    public String applies;
    /** Human-readable title. */
    public String title;
    /** Version of the bundle that provides it. */
    public String version;
    /** Symbolic name of the bundle that provides it. */
    public String bundle;
    /** Dotted attribute prefix, ending in the term and a dot. */
    public String attributePrefix;
    /** Attributes it accepts. */
    public List<AttributeDTO> attributes = new ArrayList<>();
}
