package org.rocmon.sensor.internal.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commands this node's sensors took, by sensor and command id, so that a caller can wait for or read a
 * command's outcome and a command that reaches a sensor a second time (a DAG: two parents share a child) is taken
 * once. Also where an ancestor remembers to which child it routed a command addressed to a descendant, to relay
 * reads of its record. Bounded: the oldest entries go first.
 */
public final class CommandLog {

    /** Commands remembered per node; enough for de-duplication well beyond any command's lifetime. */
    static final int CAPACITY = 4096;

    /** An entry: a record taken here, or the child's base URL a routed command went to. */
    private record Entry(ControlRecord record, String routedTo) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    private static String key(String sensor, String command) {
        return sensor + "/" + command;
    }

    /**
     * Claims a command id for a sensor.
     *
     * @return null when the record was added, else the record already taken under that id (a duplicate)
     */
    public synchronized ControlRecord claim(ControlRecord r) {
        Entry e = entries.get(key(r.sensor(), r.id()));
        if (e != null && e.record() != null) {
            return e.record();
        }
        entries.put(key(r.sensor(), r.id()), new Entry(r, null));
        return null;
    }

    /** Remembers that a command for a descendant was routed through this sensor to that child. */
    public synchronized void routed(String sensor, String command, String childBase) {
        entries.putIfAbsent(key(sensor, command), new Entry(null, childBase));
    }

    /** @return the record taken here, or null */
    public synchronized ControlRecord record(String sensor, String command) {
        Entry e = entries.get(key(sensor, command));
        return e == null ? null : e.record();
    }

    /** @return the child a routed command went to, or null */
    public synchronized String routedTo(String sensor, String command) {
        Entry e = entries.get(key(sensor, command));
        return e == null ? null : e.routedTo();
    }
}
