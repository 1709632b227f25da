package org.rocmon.occi.internal.ngsi;

import java.util.Map;

/**
 * A subscription's condition over one entity's latest values. {@code update}: an attribute has a newer value than
 * the condition saw; {@code change}: a newer value that differs; {@code threshold}: a numeric value went beyond the
 * threshold ({@code above}: greater than, {@code below}: less than) while the value seen before was not, so a
 * crossing fires once, and again only after the value came back. Values taken before the subscription was created
 * or last resumed are no news (they are only remembered), except that a threshold fires for the first value it sees
 * beyond. Updates between two reads are seen as one (the latest).
 */
final class Conditions {

    /** Whether to notify, and whether what the condition saw changed (to be stored). */
    record Outcome(boolean fire, boolean seenChanged) {
    }

    private Conditions() {
    }

    static Outcome evaluate(Subscription s, String entityId, Map<String, NgsiEntities.Attr> attrs) {
        boolean fire = false;
        boolean changed = false;
        for (NgsiEntities.Attr a : attrs.values()) {
            if (!s.conditionAttrs.isEmpty() && !s.conditionAttrs.contains(a.name())) {
                continue;
            }
            String key = entityId + " " + a.name();
            Subscription.Seen seen = s.seen.get(key);
            if (seen != null && a.ts() <= seen.ts) {
                continue; // nothing newer
            }
            boolean newer = a.ts() > s.since;
            switch (s.notifyOn) {
                case "update":
                    fire |= newer;
                    break;
                case "threshold":
                    if (a.value().isNumber()) {
                        double v = a.value().asDouble();
                        boolean beyond = s.above != null ? v > s.above : v < s.below;
                        fire |= beyond && (seen == null || (!seen.beyond && newer));
                        Subscription.Seen next = seen(a);
                        next.beyond = beyond;
                        s.seen.put(key, next);
                        changed = true;
                    }
                    continue;
                default: // change
                    fire |= newer && (seen == null || !a.value().equals(seen.value));
                    break;
            }
            s.seen.put(key, seen(a));
            changed = true;
        }
        return new Outcome(fire, changed);
    }

    private static Subscription.Seen seen(NgsiEntities.Attr a) {
        Subscription.Seen n = new Subscription.Seen();
        n.ts = a.ts();
        n.value = a.value();
        return n;
    }
}
