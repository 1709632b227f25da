package org.rocmon.occi.internal.frontend.model;

/** One attribute definition of a kind or mixin, as the query interface shows it (GFD.221 / GFD.225). */
public final class AttributeDef {

    /** OCCI JSON type: {@code string}, {@code number}, {@code boolean}, {@code array} or {@code object}. */
    public final String type;
    public final boolean required;
    public final boolean mutable;
    /** Default value (String, Number or Boolean), or {@code null}. */
    public final Object defaultValue;
    public final String description;
    /** Rocmon's own finer type ({@code integer}, {@code in}, {@code out}...), used for validation. */
    public final String rocmonType;

    public AttributeDef(String type, boolean required, boolean mutable, Object defaultValue, String description) {
        this(type, required, mutable, defaultValue, description, type);
    }

    public AttributeDef(String type, boolean required, boolean mutable, Object defaultValue, String description,
            String rocmonType) {
        this.type = type;
        this.required = required;
        this.mutable = mutable;
        this.defaultValue = defaultValue;
        this.description = description == null ? "" : description;
        this.rocmonType = rocmonType;
    }

    static AttributeDef string(boolean required, boolean mutable, String description) {
        return new AttributeDef("string", required, mutable, null, description);
    }

    static AttributeDef number(boolean required, boolean mutable, Object defaultValue, String description) {
        return new AttributeDef("number", required, mutable, defaultValue, description);
    }
}
