package org.rocmon.catalog.internal.catalog;

/**
 * Where fresh mixin instances come from: in OSGi, the {@code ServiceObjects} of a prototype-scope service; in
 * tests, a plain factory. Kept apart so the catalog logic runs without a framework.
 */
public interface InstanceSource {

    /**
     * @return a fresh instance and how to give it back, or {@code null} when the provider cannot make one (for
     *         example because its component failed to activate or it is being unregistered)
     */
    Lease acquire();

    /** One instance taken from a source. */
    interface Lease {

        /** @return the instance */
        Object service();

        /** Gives the instance back. May throw if the provider is already gone; callers catch. */
        void release();
    }
}
