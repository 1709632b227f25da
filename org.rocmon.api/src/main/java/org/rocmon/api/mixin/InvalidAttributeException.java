package org.rocmon.api.mixin;

/** An attribute of an OCCI description is missing or has a value the mixin cannot use. */
public class InvalidAttributeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String attribute;

    /**
     * @param attribute the attribute's full dotted name (or short name; the runtime qualifies it)
     * @param message what is wrong, for a human
     */
    public InvalidAttributeException(String attribute, String message) {
        super(message);
        this.attribute = attribute;
    }

    /** @return the offending attribute */
    public String attribute() {
        return attribute;
    }
}
