package org.rocmon.api.dto;

/** An OCCI category identifier: a scheme (ending in {@code #}) and a term. */
public class CategoryDTO {
    /** Scheme URI, ending in {@code #}. */
    public String scheme;
    /** Term, unique within the scheme. */
    public String term;
    /** Human-readable title, optional. */
    public String title;
}
