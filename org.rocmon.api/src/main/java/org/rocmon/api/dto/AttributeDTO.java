package org.rocmon.api.dto;

/** One attribute a mixin accepts, as published for discovery. */
public class AttributeDTO {
    /** Full dotted name, e.g. {@code com.example.occi.monitoring.EWMA.gain}. */
    public String name;
    /**
     * {@code string}, {@code number}, {@code integer}, {@code boolean}, {@code in} or {@code out}; since mixin SPI 1.4
     * also {@code path}, {@code url}, {@code host} or {@code secret} ({@link org.rocmon.api.mixin.AttributeSpec.Type}).
     */
    public String type;
    /** Whether a description must give it. */
    public boolean required;
    /** Default as text, or {@code null}. */
    public String defaultValue;
    /** One line for a human. */
    public String description;
}
