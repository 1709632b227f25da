package org.rocmon.collector.internal.resource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which collectors a configuration declared ({@link DeclaredCollector}): those refuse a REST {@code DELETE}, since
 * the configuration would declare them again. Keys are {@code rid/cid}, owners {@code config:<pid>}.
 */
final class Ownership {

    private final Map<String, String> owners = new ConcurrentHashMap<>();
    /** Declarations refused for bad content, since activation. */
    private final AtomicLong refused = new AtomicLong();

    private static String key(String rid, String cid) {
        return rid + "/" + cid;
    }

    /** @return "config:<pid>" when a configuration declared the collector, else null */
    String owner(String rid, String cid) {
        return owners.get(key(rid, cid));
    }

    /** @return the owner of some collector of the resource, or null */
    String anyOwner(String rid) {
        for (Map.Entry<String, String> e : owners.entrySet()) {
            if (e.getKey().startsWith(rid + "/")) {
                return e.getValue();
            }
        }
        return null;
    }

    void claim(String owner, String rid, String cid) {
        owners.put(key(rid, cid), owner);
    }

    /** Lets go of the collector if that owner holds it. */
    void release(String owner, String rid, String cid) {
        owners.remove(key(rid, cid), owner);
    }

    void forget(String rid, String cid) {
        owners.remove(key(rid, cid));
    }

    void forgetResource(String rid) {
        owners.keySet().removeIf(k -> k.startsWith(rid + "/"));
    }

    void refusedDeclaration() {
        refused.incrementAndGet();
    }

    long refusedDeclarations() {
        return refused.get();
    }
}
