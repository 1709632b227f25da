package org.rocmon.catalog.internal.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.VersionRange;

import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.runtime.MixinIds;
import org.rocmon.api.runtime.UnknownMixinException;

/**
 * Picks providers for a request: same identifier, same kind, bundle version inside the requested range (checked
 * with {@link VersionRange} in code, since LDAP filters compare versions as text). Pure and stateless.
 */
final class MixinSelector {

    /** By identifier, then highest version, then highest ranking, then oldest service. */
    static final Comparator<MixinProvider> ORDER = Comparator
            .comparing((MixinProvider p) -> p.descriptor().id())
            .thenComparing(p -> p.descriptor().version(), Comparator.reverseOrder())
            .thenComparing(MixinProvider::ranking, Comparator.reverseOrder())
            .thenComparingLong(MixinProvider::serviceId);

    private MixinSelector() {
    }

    /**
     * @param providers everything installed
     * @param kind the kind asked for
     * @param id scheme + term asked for
     * @param range OSGi version range, or {@code null}/blank for any
     * @return matching providers, best first; never empty
     * @throws UnknownMixinException when none matches, listing the installed mixins of that kind
     */
    static List<MixinProvider> select(Collection<MixinProvider> providers, MixinKind kind, String id, String range)
            throws UnknownMixinException {
        String wanted = id == null ? "" : id.trim();
        String kindName = MixinDescriptor.lower(kind);
        if (wanted.isEmpty()) {
            throw unknown(providers, kind, wanted, "no " + kindName + " mixin named");
        }
        VersionRange versions = null;
        if (range != null && !range.isBlank()) {
            try {
                versions = VersionRange.valueOf(range.trim());
            } catch (IllegalArgumentException e) {
                throw pin(providers, kind, wanted, "version range '" + range + "' asked for " + wanted
                        + " is not an OSGi version range such as [1.0,2.0)");
            }
        }
        List<MixinProvider> sameId = new ArrayList<>();
        MixinKind otherKind = null;
        for (MixinProvider p : providers) {
            String pid = p.descriptor().id();
            if (!pid.equals(wanted)) {
                continue;
            }
            if (p.descriptor().kind() != kind) {
                otherKind = p.descriptor().kind();
            } else {
                sameId.add(p);
            }
        }
        if (sameId.isEmpty()) {
            if (otherKind != null) {
                throw unknown(providers, kind, wanted, wanted + " is " + article(otherKind) + " "
                        + MixinDescriptor.lower(otherKind) + ", not " + article(kind) + " " + kindName);
            }
            Map<String, MixinKind> installed = new LinkedHashMap<>();
            providers.forEach(p -> installed.put(p.descriptor().id(), p.descriptor().kind()));
            String similar = MixinIds.closest(installed.keySet(), wanted);
            throw unknown(providers, kind, wanted, "no " + kindName + " mixin " + wanted + " is installed"
                    + (similar == null ? "" : " (did you mean " + similar + (installed.get(similar) == kind ? ""
                            : ", " + article(installed.get(similar)) + " " + MixinDescriptor.lower(installed.get(similar)))
                            + "?)"));
        }
        sameId.sort(ORDER);
        List<MixinProvider> inRange = new ArrayList<>();
        for (MixinProvider p : sameId) {
            if (versions == null || versions.includes(p.descriptor().version())) {
                inRange.add(p);
            }
        }
        if (inRange.isEmpty()) {
            List<String> have = new ArrayList<>();
            for (MixinProvider p : sameId) {
                have.add(p.descriptor().version().toString());
            }
            throw pin(providers, kind, wanted, wanted + " is installed, but not in the pinned range " + versions
                    + " (" + UnknownMixinException.VERSION_PIN + wanted + "); installed versions: "
                    + String.join(", ", have));
        }
        return inRange;
    }

    /**
     * @param providers everything installed
     * @param kind a kind
     * @return "id version" of each installed mixin of that kind, by id then highest version first
     */
    static List<String> available(Collection<MixinProvider> providers, MixinKind kind) {
        List<MixinProvider> ofKind = new ArrayList<>();
        for (MixinProvider p : providers) {
            if (p.descriptor().kind() == kind) {
                ofKind.add(p);
            }
        }
        ofKind.sort(ORDER);
        List<String> out = new ArrayList<>();
        for (MixinProvider p : ofKind) {
            String entry = p.descriptor().id() + " " + p.descriptor().version();
            if (!out.contains(entry)) {
                out.add(entry);
            }
        }
        return out;
    }

    private static UnknownMixinException unknown(Collection<MixinProvider> providers, MixinKind kind, String id,
            String what) {
        List<String> available = available(providers, kind);
        String message = what + "; installed " + MixinDescriptor.lower(kind) + " mixins: "
                + (available.isEmpty() ? "none" : String.join(", ", available));
        return new UnknownMixinException(id, message, available);
    }

    private static UnknownMixinException pin(Collection<MixinProvider> providers, MixinKind kind, String id,
            String what) {
        return new UnknownMixinException(id, what, available(providers, kind), UnknownMixinException.VERSION_PIN + id);
    }

    private static String article(MixinKind kind) {
        return kind == MixinKind.AGGREGATOR ? "an" : "a";
    }
}
