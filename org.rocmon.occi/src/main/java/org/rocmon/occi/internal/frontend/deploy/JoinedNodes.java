package org.rocmon.occi.internal.frontend.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes that joined by themselves ({@code PUT /join/{id}}): what each announced (URL, capacity, heartbeat
 * period), what it last reported (load) and when, and whether the front end marked it down. Kept in memory only:
 * after a restart of the front end every node finds itself unknown at its next heartbeat and announces itself again.
 * Announcements and grace checks run under the front end's lock; heartbeats do not (they only touch this map, one
 * node atomically), so a long deployment round does not delay them.
 */
public final class JoinedNodes {

    /** What a node says about itself: in its announcement and, for the load, in each heartbeat. */
    public static final class Report {
        public final String url;
        /** The most sensors / resource collectors it takes; 0: no limit. */
        public final int maxSensors;
        public final int maxCollectors;
        public final long heartbeatMillis;
        /** Its load as it counted it: sensors, resources, resource collectors. */
        public final int sensors;
        public final int resources;
        public final int collectors;

        public Report(String url, int maxSensors, int maxCollectors, long heartbeatMillis, int sensors,
                int resources, int collectors) {
            this.url = url;
            this.maxSensors = maxSensors;
            this.maxCollectors = maxCollectors;
            this.heartbeatMillis = heartbeatMillis;
            this.sensors = sensors;
            this.resources = resources;
            this.collectors = collectors;
        }

        Report load(int s, int r, int c) {
            return new Report(url, maxSensors, maxCollectors, heartbeatMillis, s, r, c);
        }

        /** @return everything it runs: sensors, resources and collectors */
        public int total() {
            return sensors + resources + collectors;
        }
    }

    private static final class State {
        final Report report;
        final long joined;
        final long lastHeartbeat;
        final boolean down;

        State(Report report, long joined, long lastHeartbeat, boolean down) {
            this.report = report;
            this.joined = joined;
            this.lastHeartbeat = lastHeartbeat;
            this.down = down;
        }
    }

    /** The answer to a heartbeat. */
    public enum Beat {
        /** Taken. */
        OK,
        /** No such node here (the front end restarted, or the node never joined): announce again. */
        UNKNOWN,
        /** The node was marked down and its entities may have moved: announce again. */
        DOWN
    }

    private final Map<String, State> nodes = new ConcurrentHashMap<>();

    /**
     * Records an announcement; a node that was down is up again.
     *
     * @return the report it replaced, or {@code null} for a node new here
     */
    public Report announce(String id, Report report, long now) {
        State old = nodes.put(id, new State(report, now, now, false));
        return old == null ? null : old.report;
    }

    /** Records a heartbeat with the node's current load; safe to call without the front end's lock. */
    public Beat heartbeat(String id, int sensors, int resources, int collectors, long now) {
        Beat[] beat = {Beat.UNKNOWN};
        nodes.computeIfPresent(id, (k, s) -> {
            if (s.down) {
                beat[0] = Beat.DOWN;
                return s;
            }
            beat[0] = Beat.OK;
            return new State(s.report.load(sensors, resources, collectors), s.joined, now, false);
        });
        return beat[0];
    }

    /**
     * Marks down every node whose last heartbeat (or announcement) is older than {@code graceMillis}.
     *
     * @return the nodes marked down now
     */
    public List<String> expire(long now, long graceMillis) {
        List<String> out = new ArrayList<>();
        for (String id : nodes.keySet()) {
            // Atomic per node: a heartbeat that lands meanwhile either counts or finds the node down.
            nodes.computeIfPresent(id, (k, s) -> {
                if (!s.down && now - s.lastHeartbeat > graceMillis) {
                    out.add(k);
                    return new State(s.report, s.joined, s.lastHeartbeat, true);
                }
                return s;
            });
        }
        out.sort(null);
        return out;
    }

    public boolean joined(String id) {
        return id != null && nodes.containsKey(id);
    }

    /** @return whether the node joined and was marked down since */
    public boolean down(String id) {
        State s = id == null ? null : nodes.get(id);
        return s != null && s.down;
    }

    /** @return what the node reported last, or {@code null} */
    public Report report(String id) {
        State s = id == null ? null : nodes.get(id);
        return s == null ? null : s.report;
    }

    /** @return how long ago the node was last heard of, or -1 */
    public long silentFor(String id, long now) {
        State s = nodes.get(id);
        return s == null ? -1 : now - s.lastHeartbeat;
    }

    /** @return {@code joined}, {@code lastHeartbeat}, {@code heartbeatMillis}, {@code capacity}, {@code load} */
    public Map<String, Object> view(String id) {
        State s = nodes.get(id);
        Map<String, Object> v = new LinkedHashMap<>();
        if (s == null) {
            return v;
        }
        v.put("joined", s.joined);
        v.put("lastHeartbeat", s.lastHeartbeat);
        v.put("heartbeatMillis", s.report.heartbeatMillis);
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("maxSensors", s.report.maxSensors);
        capacity.put("maxCollectors", s.report.maxCollectors);
        v.put("capacity", capacity);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("sensors", s.report.sensors);
        load.put("resources", s.report.resources);
        load.put("collectors", s.report.collectors);
        v.put("load", load);
        return v;
    }
}
