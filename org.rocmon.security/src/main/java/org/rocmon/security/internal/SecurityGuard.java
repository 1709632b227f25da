package org.rocmon.security.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;

import org.rocmon.api.security.Authenticator;
import org.rocmon.api.security.Caller;
import org.rocmon.http.Problem;
import org.rocmon.http.RequestGuard;

/**
 * Authenticates the user-facing APIs of the shared HTTP context: {@code /occi/*} (and the OCCI
 * {@code /.well-known/} query interface), {@code /auth/*} and {@code /admin/*}, with HTTP Basic or a bearer token.
 * Nothing there is public: without credentials the answer is 401 with {@code WWW-Authenticate}. The node APIs
 * ({@code /sensor/*}, {@code /resource/*}, the collector WebSocket upgrade under {@code /sensor/}) and the mixins'
 * endpoints are not touched: node-to-node credentials are a later step.
 *
 * <p>On success the request carries the whiteboard's remote user attributes, so {@code getRemoteUser()} answers
 * the user name, and the {@link Caller} as {@link Caller#ATTRIBUTE}; servlets decide what the caller may do.
 */
@Component(service = {RequestGuard.class, Authenticator.class}, property = "service.ranking:Integer=1000")
public final class SecurityGuard implements RequestGuard, Authenticator {

    /** Path prefixes that need a caller; matched on the decoded path the container dispatched. */
    static final List<String> PROTECTED = List.of("/occi", "/.well-known/org/ogf/occi", "/auth", "/admin", "/v2",
            "/dashboard");
    /** The {@code Server} header the OCCI front end sends (GFD.223), also on the refusals made here. */
    static final String OCCI_SERVER = "OCCI/1.2 Rocmon/1.0";

    private final Accounts accounts;

    @Activate
    public SecurityGuard(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void check(HttpServletRequest request) throws Problem {
        String path = path(request);
        if (!isProtected(path)) {
            return;
        }
        Caller caller;
        try {
            caller = check(request.getHeader("Authorization"), request.getRemoteAddr());
        } catch (Problem p) {
            // GFD.223: every answer of an OCCI server names the protocol, a refusal before the servlet included
            throw path.startsWith("/occi") || path.startsWith("/.well-known/org/ogf/occi")
                    ? p.header("Server", OCCI_SERVER) : p;
        }
        request.setAttribute(ServletContextHelper.REMOTE_USER, caller.name);
        request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE,
                Caller.BASIC.equals(caller.authentication) ? HttpServletRequest.BASIC_AUTH : caller.authentication);
        request.setAttribute(Caller.ATTRIBUTE, caller);
    }

    @Override
    public Caller authenticate(String authorization, String address) {
        try {
            return check(authorization, address);
        } catch (Problem p) {
            return null;
        }
    }

    Caller check(String authorization, String address) throws Problem {
        if (authorization == null || authorization.isBlank()) {
            throw Accounts.unauthorized("authentication is required: HTTP Basic (user and password) or "
                    + "Authorization: Bearer <token>");
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String credentials = space < 0 ? "" : value.substring(space + 1).trim();
        switch (scheme) {
            case "basic": {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw Accounts.unauthorized("malformed Basic credentials");
                }
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    throw Accounts.unauthorized("malformed Basic credentials: expected user:password");
                }
                return accounts.basic(decoded.substring(0, colon), decoded.substring(colon + 1), address);
            }
            case "bearer":
                return accounts.bearer(credentials);
            default:
                throw Accounts.unauthorized("unsupported authentication scheme " + scheme + "; use Basic or Bearer");
        }
    }

    static boolean isProtected(String path) {
        for (String p : PROTECTED) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The decoded path the container dispatched on (servlet path + path info), not the raw URI. */
    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
        if (path.isEmpty()) {
            String uri = request.getRequestURI();
            path = uri == null ? "/" : java.net.URLDecoder.decode(uri.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return path;
    }
}
