package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.dto.StatusDTO;
import org.rocmon.sensor.internal.alarm.Alarm;
import org.rocmon.sensor.internal.alarm.AlarmBook;
import org.rocmon.sensor.internal.alarm.AlarmSettings;
import org.rocmon.sensor.internal.alarm.Cadence;
import org.rocmon.sensor.internal.alarm.SensorAlarms;
import org.rocmon.sensor.internal.control.ControlState;
import org.rocmon.sensor.internal.ingest.CollectorTrack;
import org.rocmon.sensor.internal.pipeline.Stage;

/**
 * Raises and clears the sensors' alarms (docs/alarms.md), once per check on the sensor host's scheduler: looks at
 * each sensor's collectors (silence), sensor-to-sensor collectors (link down), stages (degraded mixin) and last
 * channel values (CRITICAL), syncs its {@link AlarmBook}, and when anything changed writes the
 * {@value SensorAlarms#CHANNEL} channel for its publishers and hands {@value SensorAlarms#UPWARD} to its edges,
 * which carry it to the parent sensors with their next frame (or in one of their own).
 */
final class AlarmWatch {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmWatch.class);
    /** A collector's source URL naming a sensor: it is a child sensor's sensor-to-sensor collector. */
    private static final Pattern CHILD = Pattern.compile(".*/sensor/([^/?]+)/?$");

    private final Sensors sensors;
    private final Admission admission;
    private final AlarmSettings defaults;
    private final long refreshMillis;

    /**
     * @param defaults node-wide settings, which a sensor's attributes may override
     * @param refreshMillis how often the open alarms are sent up again without a change (a parent that restarted
     *        learns them)
     */
    AlarmWatch(Sensors sensors, Admission admission, AlarmSettings defaults, long refreshMillis) {
        this.sensors = sensors;
        this.admission = admission;
        this.defaults = defaults;
        this.refreshMillis = refreshMillis;
    }

    AlarmSettings defaults() {
        return defaults;
    }

    void check() {
        long now = System.currentTimeMillis();
        for (Sensor s : sensors.all()) {
            try {
                check(s, now);
            } catch (RuntimeException e) {
                LOG.warn("checking the alarms of sensor {} failed", s.id(), e);
            }
        }
    }

    void check(Sensor s, long now) {
        if (s.isClosed() || s.spec() == null) {
            return;
        }
        SensorAlarms alarms = s.alarms();
        AlarmSettings set = defaults.withOrDefaults(s.spec().attributes);
        alarms.book().sync(set.enabled() ? conditions(s, alarms, set, now) : List.of(), now);
        Set<String> feeding = new HashSet<>();
        for (String cid : s.tracks().keySet()) {
            if (admission.admits(s.id(), cid)) {
                feeding.add(cid);
            }
        }
        alarms.book().keepChildren(feeding, now);
        AlarmBook.Changes changes = alarms.book().drain();
        if (changes != null) {
            Measurement m = alarms.frame(changes, now);
            if (s.router().routed(SensorAlarms.CHANNEL)) {
                s.router().write(SensorAlarms.CHANNEL, m);
            }
            upward(s, alarms, m, true, now);
        } else {
            // open alarms go up again now and then (a parent that restarted learns them); none: no frame at all
            boolean refresh = !alarms.book().open().isEmpty() && now - alarms.lastUpward() >= refreshMillis;
            upward(s, alarms, null, refresh, now);
        }
    }

    /**
     * Hands the report to every edge when {@code all}, else to the edges that never had one (only when there are
     * open alarms: a sensor without alarms adds no frame to its edges).
     */
    private static void upward(Sensor s, SensorAlarms alarms, Measurement report, boolean all, long now) {
        Set<Object> present = new HashSet<>();
        Measurement m = report;
        for (ForwardEdge e : s.edges().values()) {
            present.add(e);
            boolean first = alarms.firstTime(e);
            if (all || (first && !alarms.book().open().isEmpty())) {
                if (m == null) {
                    m = alarms.frame(null, now);
                }
                e.alarms(m);
            }
        }
        alarms.keepTold(present);
        if (all) {
            alarms.upwardAt(now);
        }
    }

    /** @return the alarms the sensor's state calls for now, each starting now */
    List<Alarm> conditions(Sensor s, SensorAlarms alarms, AlarmSettings set, long now) {
        List<Alarm> out = new ArrayList<>();
        String id = s.id();
        boolean taking = s.control() == ControlState.RUNNING && s.suspension(now) == null;
        for (Map.Entry<String, CollectorTrack> e : s.tracks().entrySet()) {
            String cid = e.getKey();
            if (!taking || !admission.admits(id, cid)) {
                alarms.forgetCollector(cid); // what it sends is dropped on purpose, or it no longer feeds us
                continue;
            }
            CollectorTrack t = e.getValue();
            Cadence c = alarms.cadence(cid, now);
            c.observe(t.frames(), t.lastSeen());
            long period = c.interval() > 0 ? c.interval() : s.spec().periodMillis;
            long limit = set.silencePeriods() * period + set.graceMillis();
            long quiet = c.quiet(now);
            if (quiet <= limit) {
                continue;
            }
            boolean connected = s.connected(cid);
            String child = childSensor(s.sources().get(cid));
            String who = child != null ? "child sensor " + child + " (collector " + cid + ")" : "collector " + cid;
            String text = who + " sent no frame for more than " + set.silencePeriods() + " periods of "
                    + seconds(period) + " + " + seconds(set.graceMillis()) + " of grace"
                    + (connected ? "; its WebSocket is still open" : "; it is not connected");
            out.add(new Alarm(child != null ? Alarm.CHILD : Alarm.SILENCE, connected ? Alarm.WARNING : Alarm.CRITICAL,
                    id, cid, child != null ? "sensor-collector" : "collector", text, now, 0, List.of()));
        }
        for (ForwardEdge e : s.edges().values()) {
            String eid = e.spec().id;
            Object st = e.status().get("edge");
            String state = st instanceof StatusDTO ? ((StatusDTO) st).state : null;
            if (e.control() != ControlState.RUNNING || "connected".equals(state)) {
                alarms.linkUp(eid);
                continue;
            }
            long since = alarms.linkDownSince(eid, now);
            if (now - since > set.linkGraceMillis()) {
                String reason = st instanceof StatusDTO ? ((StatusDTO) st).reason : null;
                out.add(new Alarm(Alarm.LINK, Alarm.CRITICAL, id, eid, "sensor-collector", "the link to parent sensor "
                        + e.spec().target + " (collector " + eid + ") has been down for more than "
                        + seconds(set.linkGraceMillis()) + (reason != null ? ": " + reason : ""), now, 0, List.of()));
            }
        }
        String degraded = s.degradedReason();
        if (degraded != null) {
            out.add(new Alarm(Alarm.MIXIN, Alarm.CRITICAL, id, id, "sensor", "sensor degraded: " + degraded, now, 0,
                    List.of()));
        }
        for (Stage st : s.stages()) {
            String state = st.state();
            if (!"running".equals(state)) {
                out.add(new Alarm(Alarm.MIXIN, Alarm.WARNING, id, st.mixinId(), "mixin", "mixin " + st.mixinId()
                        + " is " + state + (st.lastError() != null ? ": " + st.lastError() : ""), now, 0, List.of()));
            }
        }
        for (Map.Entry<String, Measurement> e : s.router().lastValues().entrySet()) {
            String ch = e.getKey();
            Measurement m = e.getValue();
            if (m.state() == State.CRITICAL && !SensorAlarms.CHANNEL.equals(ch) && !SensorAlarms.UPWARD.equals(ch)) {
                out.add(new Alarm(Alarm.STATE, Alarm.CRITICAL, id, ch, "channel", "channel " + ch + " is CRITICAL: "
                        + m.asString() + (m.unit() != null ? " " + m.unit() : "")
                        + (m.source() != null ? " (from " + m.source() + ")" : ""), now, 0, List.of()));
            }
        }
        return out;
    }

    static String childSensor(String sourceUrl) {
        if (sourceUrl == null) {
            return null;
        }
        Matcher m = CHILD.matcher(sourceUrl);
        return m.matches() ? m.group(1) : null;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
                millis / 1000.0);
    }
}
