package org.rocmon.http;

import jakarta.servlet.http.HttpServletRequest;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a request may reach a Rocmon servlet: the hook authentication plugs into. The shared context's
 * {@code handleSecurity} calls every guard registered as a service, highest {@code service.ranking} first, before
 * any servlet of the context sees the request. With no guard registered every request passes.
 *
 * <p>Called concurrently from the container's threads; a guard keeps no per-request state of its own.
 */
@ConsumerType
public interface RequestGuard {

    /**
     * @param request the request; a guard may set attributes on it (e.g. the authenticated user) for servlets
     * @throws Problem to refuse the request with that status and detail (e.g. 401 with a
     *         {@code WWW-Authenticate} header, 429 with {@code Retry-After})
     */
    void check(HttpServletRequest request) throws Problem;
}
