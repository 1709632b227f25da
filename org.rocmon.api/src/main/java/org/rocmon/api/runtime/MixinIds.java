package org.rocmon.api.runtime;

import java.util.Collection;
import java.util.Locale;

/**
 * What a mistyped mixin identifier most likely meant, so every refusal of an unknown mixin (catalog, node APIs,
 * OCCI front end) can say "did you mean ...?" the same way.
 */
public final class MixinIds {

    private MixinIds() {
    }

    /**
     * @param installed identifiers (scheme + term) of the installed mixins
     * @param wanted the identifier asked for
     * @return the same term under another scheme (a typo in the scheme, e.g. {@code publishers#Log}), else the
     *         identifier at the smallest edit distance if it is small for the term's length (a typo in the term,
     *         e.g. {@code EWNA}); null when nothing is close enough to be a typo
     */
    public static String closest(Collection<String> installed, String wanted) {
        String term = term(wanted);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String id : installed) {
            if (id.equals(wanted)) {
                continue;
            }
            if (!term.isEmpty() && term(id).equalsIgnoreCase(term)) {
                return id;
            }
            int d = distance(id.toLowerCase(Locale.ROOT), wanted.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = id;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, term.length() / 3) ? best : null;
    }

    /**
     * @param id an identifier, scheme + term
     * @return the term: what follows the last {@code #}, or the whole identifier
     */
    public static String term(String id) {
        int hash = id.lastIndexOf('#');
        return hash < 0 ? id : id.substring(hash + 1);
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
