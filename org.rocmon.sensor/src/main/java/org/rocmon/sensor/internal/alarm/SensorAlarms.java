package org.rocmon.sensor.internal.alarm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.json.RocmonJson;
import org.rocmon.sensor.internal.pipeline.Delivery;
import org.rocmon.sensor.internal.pipeline.Subscriber;

/**
 * The alarm side of one sensor: its {@link AlarmBook}, what the periodic check remembers between runs (each
 * collector's {@link Cadence}, since when each link is down, which edges were told), and the subscriber of the
 * {@value #UPWARD} channel, on which child sensors report their open alarms.
 *
 * <p>Both channels carry one text measurement whose value is a JSON object ({@link #frame}): {@value #CHANNEL}
 * for this sensor's publishers, {@value #UPWARD} up the sensor-to-sensor collectors.
 */
public final class SensorAlarms {

    /** Channel this sensor's publishers read its alarms from. */
    public static final String CHANNEL = "alarms";
    /** Channel a sensor-to-sensor collector carries its sensor's open alarms on to the parent. */
    public static final String UPWARD = "rocmon.alarms";
    /** Ended alarms kept per sensor. */
    public static final int RECENT = 50;

    private static final ObjectMapper MAPPER = RocmonJson.mapper();

    private final String sensor;
    private final AlarmBook book;
    private final Map<String, Cadence> cadences = new ConcurrentHashMap<>();
    private final Map<String, Long> linkDown = new ConcurrentHashMap<>();
    private final Set<Object> told = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
    private final Subscriber inbound = this::fromChild;
    private volatile long lastUpward;

    public SensorAlarms(String sensor) {
        this.sensor = sensor;
        this.book = new AlarmBook(sensor, RECENT);
    }

    public AlarmBook book() {
        return book;
    }

    /** @return the subscriber of {@value #UPWARD}: child sensors' reports, by the collector they came through */
    public Subscriber inbound() {
        return inbound;
    }

    public Cadence cadence(String collectorId, long now) {
        return cadences.computeIfAbsent(collectorId, k -> new Cadence(now));
    }

    public void forgetCollector(String collectorId) {
        cadences.remove(collectorId);
    }

    /** @return since when the link has been down: now, the first time it is seen down */
    public long linkDownSince(String edgeId, long now) {
        return linkDown.computeIfAbsent(edgeId, k -> now);
    }

    public void linkUp(String edgeId) {
        linkDown.remove(edgeId);
    }

    /** @return whether that edge has not been told this sensor's alarms yet (and marks it told) */
    public boolean firstTime(Object edge) {
        return told.add(edge);
    }

    public void keepTold(Set<Object> edges) {
        told.retainAll(edges);
    }

    public long lastUpward() {
        return lastUpward;
    }

    public void upwardAt(long now) {
        lastUpward = now;
    }

    private void fromChild(Delivery d) {
        Measurement m = d.measurement();
        if (m.source() == null || m.source().equals(sensor) || m.isNumber()) {
            return;
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(m.asString());
        } catch (JsonProcessingException e) {
            return; // not an alarm report: a collector may name any channel
        }
        if (!n.path("open").isArray()) {
            return;
        }
        List<Alarm> open = new ArrayList<>();
        for (JsonNode a : n.path("open")) {
            Alarm alarm = Alarm.fromJson(a);
            if (alarm != null) {
                open.add(alarm);
            }
        }
        book.fromChild(m.source(), open, System.currentTimeMillis());
    }

    /**
     * @param changes what changed, or null for a refresh (open alarms only)
     * @return the measurement both channels carry: {@code {"sensor","open","raised","cleared"}} as text, in the
     *         state of the worst open alarm (CRITICAL, WARNING, else OK), from this sensor
     */
    public Measurement frame(AlarmBook.Changes changes, long now) {
        List<Alarm> open = changes == null ? book.open() : changes.open();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensor", sensor);
        m.put("open", maps(open));
        m.put("raised", maps(changes == null ? List.of() : changes.raised()));
        m.put("cleared", maps(changes == null ? List.of() : changes.cleared()));
        String text;
        try {
            text = MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        State worst = State.OK;
        for (Alarm a : open) {
            if (a.critical()) {
                worst = State.CRITICAL;
                break;
            }
            worst = State.WARNING;
        }
        return Measurement.of(text, now).withSource(sensor).withState(worst);
    }

    /** @return {"open": [...], "recent": [...]} for the sensor's description */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("open", maps(book.open()));
        m.put("recent", maps(book.recent()));
        return m;
    }

    private static List<Map<String, Object>> maps(List<Alarm> alarms) {
        List<Map<String, Object>> l = new ArrayList<>(alarms.size());
        for (Alarm a : alarms) {
            l.add(a.toMap());
        }
        return l;
    }
}
