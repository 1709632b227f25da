package org.rocmon.sensor.internal.model;

import java.util.List;

/** A request the sensor refuses, with the HTTP status and, where relevant, the attribute at fault. */
public final class BadRequest extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String attribute;
    private final List<String> available;

    public BadRequest(int status, String message, String attribute, List<String> available) {
        super(message, null, false, false); // no stack trace: it is a reply, not a bug
        this.status = status;
        this.attribute = attribute;
        this.available = available == null ? null : List.copyOf(available);
    }

    public static BadRequest attribute(String attribute, String message) {
        return new BadRequest(400, message, attribute, null);
    }

    public static BadRequest of(int status, String message) {
        return new BadRequest(status, message, null, null);
    }

    public int status() {
        return status;
    }

    /** @return the attribute at fault, or null */
    public String attribute() {
        return attribute;
    }

    /** @return installed alternatives for an unknown mixin, or null */
    public List<String> available() {
        return available;
    }
}
