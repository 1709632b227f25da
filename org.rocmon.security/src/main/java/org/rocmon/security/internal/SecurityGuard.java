package org.rocmon.security.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.security.Authenticator;
import org.rocmon.api.security.Caller;
import org.rocmon.http.Problem;
import org.rocmon.http.RequestGuard;

/**
 * Authenticates every API of the shared HTTP context. The user-facing APIs, {@code /occi/*} (and the OCCI
 * {@code /.well-known/} query interface), {@code /auth/*} and {@code /admin/*}, take users (HTTP Basic or a bearer
 * token). The node APIs, {@code /sensor/*} (the collector WebSocket upgrade included) and {@code /resource/*}, and
 * the node's data endpoints {@code /history/*}, {@code /stream/*} and {@code /metrics}, and the front end's
 * {@code /join/*} where nodes announce themselves, take the deployment's node
 * credential ({@link NodeToken}) or a user with the {@code admin} role; another user gets 403. The node credential
 * opens the node paths only (403 elsewhere). Without credentials the answer is 401 with {@code WWW-Authenticate}.
 * Any other path is left alone.
 *
 * <p>Users are rate limited ({@link RateLimits}, 429 with {@code Retry-After}); node-credential traffic is not: it
 * is the deployment's own (deployments, edges, relays, scrapes), whose holder may do anything on the node anyway.
 *
 * <p>On success the request carries the whiteboard's remote user attributes, so {@code getRemoteUser()} answers
 * the user name ({@code node} for the node credential), and the {@link Caller} as {@link Caller#ATTRIBUTE}.
 */
@Component(service = {RequestGuard.class, Authenticator.class}, property = "service.ranking:Integer=1000",
        configurationPid = Accounts.PID)
public final class SecurityGuard implements RequestGuard, Authenticator {

    /** Path prefixes of the user-facing APIs; matched on the decoded path the container dispatched. */
    static final List<String> PROTECTED = List.of("/occi", "/.well-known/org/ogf/occi", "/auth", "/admin", "/v2",
            "/dashboard");
    /** Path prefixes of the node APIs and data endpoints: the node credential or an admin. */
    static final List<String> NODE_PATHS = List.of("/sensor", "/resource", "/history", "/stream", "/metrics",
            "/join");
    /** The {@code Server} header the OCCI front end sends (GFD.223), also on the refusals made here. */
    static final String OCCI_SERVER = "OCCI/1.2 Rocmon/1.0";
    private static final Logger LOG = LoggerFactory.getLogger(SecurityGuard.class);

    private final Accounts accounts;
    private final NodeToken node;
    private final RateLimits limits;

    @Activate
    public SecurityGuard(@Reference Accounts accounts, @Reference NodeToken node, Accounts.Config config) {
        this(accounts, node, new RateLimits(config.rateLimit(), config.rateBurst(), System::currentTimeMillis));
        log(config);
    }

    SecurityGuard(Accounts accounts, NodeToken node, RateLimits limits) {
        this.accounts = accounts;
        this.node = node;
        this.limits = limits;
    }

    /** A new rate limit applies at once, without dropping the guard (which would leave the node unguarded). */
    @Modified
    void modified(Accounts.Config config) {
        limits.configure(config.rateLimit(), config.rateBurst());
        log(config);
    }

    private static void log(Accounts.Config config) {
        if (config.rateLimit() > 0) {
            LOG.info("security: at most {} requests/s per user (bursts of {}); the node credential is not limited",
                    config.rateLimit(), Math.max(1, config.rateBurst()));
        } else {
            LOG.warn("security: no per-user rate limit (rateLimit {})", config.rateLimit());
        }
    }

    @Override
    public void check(HttpServletRequest request) throws Problem {
        String path = path(request);
        boolean nodePath = isNodePath(path);
        if (!nodePath && !isProtected(path)) {
            return;
        }
        Caller caller;
        try {
            caller = admit(request.getHeader("Authorization"), request.getRemoteAddr(), nodePath);
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

    /** Authenticates, then checks the caller may use this kind of path and is within its rate. */
    Caller admit(String authorization, String address, boolean nodePath) throws Problem {
        Caller caller = nodeCaller(authorization);
        if (caller != null) {
            if (!nodePath) {
                throw Problem.of(403, "the node credential opens the node APIs (/sensor, /resource, /history, "
                        + "/stream, /metrics, /join) only; use a user's password or token here");
            }
            return caller;
        }
        caller = check(authorization, address);
        if (nodePath && !Accounts.isAdmin(caller)) {
            throw Problem.of(403, "the node APIs and data endpoints need the admin role or the deployment's node "
                    + "credential; " + caller.name + " has neither");
        }
        long wait = limits.take(caller.name);
        if (wait > 0) {
            throw Problem.of(429, "too many requests from " + caller.name + "; try again in " + wait + " s")
                    .header("Retry-After", Long.toString(wait));
        }
        return caller;
    }

    /** @return the node caller when the header carries the deployment's node token, else null */
    private Caller nodeCaller(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        if (!node.matches(authorization.substring(7).trim())) {
            return null;
        }
        Caller c = new Caller();
        c.name = Caller.ROLE_NODE;
        c.roles = Set.of(Caller.ROLE_NODE);
        c.authentication = Caller.NODE;
        return c;
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
        return under(path, PROTECTED);
    }

    static boolean isNodePath(String path) {
        return under(path, NODE_PATHS);
    }

    private static boolean under(String path, List<String> prefixes) {
        for (String p : prefixes) {
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
