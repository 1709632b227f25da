package org.rocmon.occi.internal.ngsi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;

import org.rocmon.http.Problem;

/**
 * Where notifications may go: http(s) only, to a host the configuration lists ({@code host} or {@code host:port};
 * compared as written, never resolved, so that a name cannot be re-pointed later to reach what the list excludes)
 * or where the front end lets users' publishers send ({@code userDestinations} of the OCCI front end,
 * docs/security.md), so that one list of destinations serves publishers and callbacks. A loopback address
 * ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}) is open to an admin's subscriptions only: for a user it would
 * reach the services of the front end's own machine, as a Webhook of theirs could not.
 */
final class Callbacks {

    private final List<String> allowed = new ArrayList<>();
    private final BiPredicate<String, Integer> destinations;

    /**
     * @param allowlist entries {@code host} or {@code host:port}
     * @throws IllegalArgumentException for an entry that is neither (checked at activation)
     */
    Callbacks(String[] allowlist) {
        this(allowlist, (host, port) -> false);
    }

    /**
     * @param allowlist entries {@code host} or {@code host:port}
     * @param destinations whether users' publishers may send to a host and port (the front end's policy)
     */
    Callbacks(String[] allowlist, BiPredicate<String, Integer> destinations) {
        this.destinations = destinations;
        for (String entry : allowlist) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("/") || e.contains("@") || e.contains(" ")) {
                throw new IllegalArgumentException("callbackAllowlist entry \"" + entry
                        + "\" is not host or host:port");
            }
            allowed.add(e);
        }
    }

    /**
     * @param admin whether the subscription's owner is an admin (who may also call back to loopback)
     * @return the callback URI, or a 400 (not a callback URL) or 403 (a destination its owner may not reach) naming
     *         the field
     */
    URI check(String url, String field, boolean admin) throws Problem {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw Problem.badRequest(field + " is not a URL: " + e.getMessage(), field);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw Problem.badRequest(field + " must be an http or https URL, not " + (scheme.isEmpty()
                    ? "a relative one" : scheme + ":"), field);
        }
        String host = u.getHost();
        if (host == null || host.isEmpty() || u.getUserInfo() != null) {
            throw Problem.badRequest(field + " must name a host (and no user info)", field);
        }
        host = host.toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = u.getPort() >= 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
        if (admin && loopback(bare) || allowed.contains(bare) || allowed.contains(bare + ":" + port)
                || allowed.contains(host + ":" + port) || destinations.test(bare, port)) {
            return u;
        }
        if (loopback(bare)) {
            throw new Problem(403, field + " points to the front end's own machine (" + host + ":" + port
                    + "), where only an admin's subscriptions may call back, unless the front end's "
                    + "callbackAllowlist or userDestinations lists it", field).with("destination", host + ":" + port);
        }
        throw Problem.badRequest(field + " may only point to a host of the front end's callbackAllowlist or to a "
                + "destination of its userDestinations (and, for an admin, to loopback); " + host + ":" + port
                + " is none of them", field).with("allowed", allowed);
    }

    static boolean loopback(String host) {
        if ("localhost".equals(host) || "::1".equals(host) || "0:0:0:0:0:0:0:1".equals(host)) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4 || !"127".equals(parts[0])) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
