package org.rocmon.api.runtime;

import java.util.List;

/** No installed mixin matches the identifier, kind and version range an entity asked for. */
public class UnknownMixinException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Prefix of the entity attribute that pins a mixin's version: {@code rocmon.mixin.versions.<scheme+term>}. */
    public static final String VERSION_PIN = "rocmon.mixin.versions.";

    private final String mixin;
    private final List<String> available;
    private final String attribute;

    /**
     * @param mixin the identifier asked for
     * @param message what did not match
     * @param available identifiers (with versions) of the installed mixins of the asked kind
     */
    public UnknownMixinException(String mixin, String message, List<String> available) {
        this(mixin, message, available, "mixins");
    }

    /**
     * @param mixin the identifier asked for
     * @param message what did not match
     * @param available identifiers (with versions) of the installed mixins of the asked kind
     * @param attribute the entity attribute at fault: {@code mixins} when the mixin is unknown, the version pin
     *        ({@link #VERSION_PIN} + id) when the mixin is installed but not in the pinned range
     */
    public UnknownMixinException(String mixin, String message, List<String> available, String attribute) {
        super(message);
        this.mixin = mixin;
        this.available = List.copyOf(available);
        this.attribute = attribute;
    }

    /** @return the entity attribute at fault: {@code mixins}, or the version pin of this mixin */
    public String attribute() {
        return attribute;
    }

    /** @return whether the mixin is installed and only its pinned version range cannot be met */
    public boolean isVersionPin() {
        return attribute.startsWith(VERSION_PIN);
    }

    /** @return the identifier asked for */
    public String mixin() {
        return mixin;
    }

    /** @return what is installed instead */
    public List<String> available() {
        return available;
    }
}
