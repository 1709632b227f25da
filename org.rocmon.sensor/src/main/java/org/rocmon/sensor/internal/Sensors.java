package org.rocmon.sensor.internal;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.rocmon.http.Problem;

/**
 * The sensors of this node by id, and the lock that serialises structural changes to them (define, delete,
 * control, edges, retry). Reads need no lock.
 */
public final class Sensors {

    private final Map<String, Sensor> byId = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    /** @return the lock every structural change holds */
    Object lock() {
        return lock;
    }

    /** @return the sensor, or null */
    public Sensor get(String id) {
        return id == null ? null : byId.get(id);
    }

    /** @return the sensor; 404 when there is none */
    public Sensor require(String id) throws Problem {
        Sensor s = get(id);
        if (s == null) {
            throw Problem.notFound("no sensor " + id);
        }
        return s;
    }

    public Collection<Sensor> all() {
        return byId.values();
    }

    boolean hosts(String id) {
        return byId.containsKey(id);
    }

    void put(Sensor s) {
        byId.put(s.id(), s);
    }

    Sensor remove(String id) {
        return byId.remove(id);
    }

    /** Closes every sensor and forgets it, keeping what they store: the node or bundle is stopping. */
    void closeAll() {
        for (Sensor s : byId.values()) {
            s.close(true);
        }
        byId.clear();
    }
}
