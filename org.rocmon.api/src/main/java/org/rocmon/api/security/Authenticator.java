package org.rocmon.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks the credentials of an HTTP {@code Authorization} header against the node's users and tokens, for the few
 * places outside the shared HTTP context that need the same answer (e.g. the Felix web console). Requests of the
 * shared context are authenticated by its guard already: servlets there read {@link Caller#ATTRIBUTE} instead.
 *
 * <p>Thread-safe. Implemented by the runtime's security bundle only.
 */
@ProviderType
public interface Authenticator {

    /**
     * @param authorization the {@code Authorization} header ({@code Basic ...} or {@code Bearer ...}), or null
     * @param address the client address, for the back-off of failed passwords
     * @return the caller, or null when the credentials are missing, wrong, revoked or temporarily locked
     */
    Caller authenticate(String authorization, String address);
}
