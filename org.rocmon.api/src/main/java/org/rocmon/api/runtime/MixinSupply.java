package org.rocmon.api.runtime;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.VersionRange;

import org.rocmon.api.mixin.MixinKind;

/**
 * Where a mixin that is not installed can come from: the node's mixin repository. The catalog asks it when an
 * entity names a mixin no installed bundle provides; the OCCI front end asks it for mixins a description names.
 * Registered by the plugin host ({@code org.rocmon.catalog}); optional, so the catalog runs without it.
 *
 * @since 1.2
 */
@ProviderType
public interface MixinSupply {

    /**
     * Installs and starts the bundle with the highest version of the mixin in range, and what it needs.
     *
     * @param kind the kind asked for
     * @param id scheme + term
     * @param range accepted versions, or {@code null} for any
     * @return what was installed or started (for the log), or {@code null} when nothing offers the mixin
     * @throws SupplyException when something offers it but it cannot be installed or started
     */
    String provide(MixinKind kind, String id, VersionRange range) throws SupplyException;

    /**
     * @param kind a kind
     * @return "id version" of every mixin of that kind offered, highest version first within one id
     */
    List<String> offered(MixinKind kind);

    /** A mixin is offered but could not be installed; the message says why. */
    final class SupplyException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message why */
        public SupplyException(String message) {
            super(message);
        }

        /**
         * @param message why
         * @param cause underlying failure
         */
        public SupplyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
