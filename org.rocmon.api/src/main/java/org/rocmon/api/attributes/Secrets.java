package org.rocmon.api.attributes;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.rocmon.api.dto.AttributeDTO;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.mixin.AttributeSpec;

/**
 * The write-only side of {@link AttributeSpec.Type#SECRET} attributes, written once for every place that shows or
 * takes back a description (OCCI front end, node APIs, shell): which of an entity's attributes are secret, the
 * description with them masked, and an update that keeps a stored secret it omits.
 *
 * @since 1.1
 */
public final class Secrets {

    /** What is shown instead of a secret: {@value}. */
    public static final String MASK = AttributeSpec.MASK;

    private static final String SECRET = "secret";

    private Secrets() {
    }

    /**
     * @param installed the catalog's mixins
     * @param mixins ids ({@code scheme#term}) of the mixins an entity applies; {@code null} for all installed
     * @return full names of the secret attributes of those mixins
     */
    public static Set<String> names(Collection<MixinDTO> installed, Collection<String> mixins) {
        Set<String> out = new TreeSet<>();
        for (MixinDTO m : installed == null ? java.util.List.<MixinDTO>of() : installed) {
            if (m == null || m.attributes == null || (mixins != null && !mixins.contains(m.id))) {
                continue;
            }
            for (AttributeDTO a : m.attributes) {
                if (a != null && SECRET.equals(a.type) && a.name != null) {
                    out.add(a.name);
                }
            }
        }
        return out;
    }

    /**
     * @param flat flat attributes
     * @param secrets full names of secret attributes
     * @return a copy in the same order, each secret that has a value replaced by {@link #MASK}
     */
    public static Map<String, Object> masked(Map<String, ?> flat, Set<String> secrets) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (flat != null) {
            flat.forEach((k, v) -> out.put(k, secrets.contains(k) && present(v) ? MASK : v));
        }
        return out;
    }

    /**
     * An update's attributes with the stored value of each secret the update omits or gives as {@link #MASK}. An
     * empty value clears a secret.
     *
     * @param given flat attributes of the update
     * @param stored flat attributes stored before, or {@code null}
     * @param secrets full names of the secret attributes of the mixins the update applies
     * @return a copy of {@code given} with the kept secrets
     */
    public static Map<String, Object> kept(Map<String, ?> given, Map<String, ?> stored, Set<String> secrets) {
        Map<String, Object> out = new LinkedHashMap<>(given == null ? Map.of() : given);
        for (String name : secrets) {
            Object now = out.get(name);
            Object before = stored == null ? null : stored.get(name);
            if ((now == null || MASK.equals(now)) && present(before) && !MASK.equals(before)) {
                out.put(name, before);
            } else if (MASK.equals(now)) {
                // Nothing stored to keep: the mask is not a value.
                out.remove(name);
            }
        }
        return out;
    }

    private static boolean present(Object v) {
        return v != null && !(v instanceof CharSequence && v.toString().isEmpty());
    }
}
