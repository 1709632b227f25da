package org.rocmon.occi.internal.frontend;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.rocmon.http.Problem;

/**
 * Which mixins an ordinary user may apply, the one place the front end confines mixins per role; admins may apply
 * any. A mixin is named by its id ({@code scheme#term}) or by its bare term, which matches that term in any scheme.
 * A user may apply a mixin unless it is denied, and, when an allowlist is given, only if it is on it.
 *
 * <p>Immutable, so one instance is shared by every request.
 */
final class MixinPolicy {

    /** Mixins that run commands on the node: not for ordinary users unless an admin allows them. */
    static final List<String> DEFAULT_DENIED = List.of("http://example.com/occi/monitoring/metric#NagiosPlugin",
            "http://example.com/occi/monitoring/metric#NRPE");

    static final MixinPolicy DEFAULT = new MixinPolicy(Set.copyOf(DEFAULT_DENIED), Set.of());

    /** An OCCI term; an id is an absolute URI scheme ending in '#' followed by a term. */
    private static final Pattern TERM = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,127}");
    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s#]+#" + TERM.pattern());

    private final Set<String> denied;
    /** Empty: every mixin that is not denied. */
    private final Set<String> allowed;

    private MixinPolicy(Set<String> denied, Set<String> allowed) {
        this.denied = denied;
        this.allowed = allowed;
    }

    /**
     * @param denied mixins users may not apply
     * @param allowed if not empty, the only mixins users may apply (less those denied)
     * @return the policy
     * @throws IllegalArgumentException naming the first entry that is neither a mixin id nor a term
     */
    static MixinPolicy of(String[] denied, String[] allowed) {
        return new MixinPolicy(parse("userDeniedMixins", denied), parse("userAllowedMixins", allowed));
    }

    private static Set<String> parse(String name, String[] entries) {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : entries == null ? new String[0] : entries) {
            String s = entry == null ? "" : entry.trim();
            if (!ID.matcher(s).matches() && !TERM.matcher(s).matches()) {
                throw new IllegalArgumentException(name + ": \"" + entry + "\" is neither a mixin id (scheme#term, "
                        + "e.g. " + DEFAULT_DENIED.get(0) + ") nor a mixin term (e.g. NagiosPlugin)");
            }
            out.add(s);
        }
        return Set.copyOf(out);
    }

    /** @return whether an ordinary user may apply the mixin */
    boolean allowsUser(String mixin) {
        return !matches(denied, mixin) && (allowed.isEmpty() || matches(allowed, mixin));
    }

    /**
     * Refuses the first mixin the caller may not apply.
     *
     * @param admin whether the caller has the admin role: admins may apply any mixin
     * @param user the caller's name, for the detail
     * @param mixins the mixins the caller applies
     * @throws Problem 403 naming the mixin ({@code attribute: "mixins"}, {@code mixin: <id>})
     */
    void check(boolean admin, String user, Collection<String> mixins) throws Problem {
        if (admin || mixins == null) {
            return;
        }
        for (String m : mixins) {
            if (m != null && !allowsUser(m)) {
                throw new Problem(403, "mixin " + m + " is not allowed for user " + user
                        + " (role user); an admin may allow it (userDeniedMixins, userAllowedMixins of the OCCI "
                        + "front end) or apply it", "mixins").with("mixin", m);
            }
        }
    }

    private static boolean matches(Set<String> entries, String mixin) {
        if (entries.contains(mixin)) {
            return true;
        }
        int hash = mixin.lastIndexOf('#');
        return hash >= 0 && entries.contains(mixin.substring(hash + 1));
    }

    @Override
    public String toString() {
        return "users denied " + denied + (allowed.isEmpty() ? "" : ", allowed only " + allowed);
    }
}
