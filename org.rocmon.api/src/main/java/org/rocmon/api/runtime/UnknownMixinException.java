package org.rocmon.api.runtime;

import java.util.List;

/** No installed mixin matches the identifier, kind and version range an entity asked for. */
public class UnknownMixinException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String mixin;
    private final List<String> available;

    /**
     * @param mixin the identifier asked for
     * @param message what did not match
     * @param available identifiers (with versions) of the installed mixins of the asked kind
     */
    public UnknownMixinException(String mixin, String message, List<String> available) {
        super(message);
        this.mixin = mixin;
        this.available = List.copyOf(available);
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
