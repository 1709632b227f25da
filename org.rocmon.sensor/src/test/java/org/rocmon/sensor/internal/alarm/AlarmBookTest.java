package org.rocmon.sensor.internal.alarm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

public class AlarmBookTest {

    private static Alarm silence(String sensor, String source, String severity, long start) {
        return new Alarm(Alarm.SILENCE, severity, sensor, source, "collector", source + " is silent", start, 0,
                List.of());
    }

    @Test
    public void conditionsRaiseOnceRestateOnASeverityChangeAndClear() {
        AlarmBook b = new AlarmBook("s", 2);
        b.sync(List.of(silence("s", "c1", Alarm.WARNING, 10)), 10);
        b.sync(List.of(silence("s", "c1", Alarm.WARNING, 11)), 11);
        AlarmBook.Changes c = b.drain();
        assertEquals("raised once", 1, c.raised().size());
        assertNull("nothing more", b.drain());
        b.sync(List.of(silence("s", "c1", Alarm.CRITICAL, 12)), 12);
        c = b.drain();
        assertEquals(Alarm.CRITICAL, c.raised().get(0).severity);
        assertEquals("the same alarm: its first start", 10, c.raised().get(0).start);
        b.sync(List.of(), 20);
        c = b.drain();
        assertEquals(20, c.cleared().get(0).end);
        assertEquals(List.of(), c.open());
        assertEquals(1, b.recent().size());
    }

    @Test
    public void recentIsBoundedNewestFirst() {
        AlarmBook b = new AlarmBook("s", 2);
        for (int i = 1; i <= 3; i++) {
            b.sync(List.of(silence("s", "c" + i, Alarm.CRITICAL, i)), i);
            b.sync(List.of(), i + 100);
        }
        List<Alarm> r = b.recent();
        assertEquals(2, r.size());
        assertEquals("c3", r.get(0).source);
        assertEquals("c2", r.get(1).source);
    }

    @Test
    public void childrensAlarmsComeThroughTheirCollectorAndEndWithIt() {
        AlarmBook b = new AlarmBook("p", 10);
        Alarm x = silence("c", "g1", Alarm.CRITICAL, 5);
        b.fromChild("e1", List.of(x), 6);
        assertEquals(List.of("e1"), b.open().get(0).via);
        assertEquals(x.id, b.open().get(0).id);
        b.fromChild("e1", List.of(x), 7);
        assertEquals("unchanged: one raise", 1, b.drain().raised().size());
        b.keepChildren(Set.of("e2"), 8);
        AlarmBook.Changes c = b.drain();
        assertEquals(x.id, c.cleared().get(0).id);
        assertEquals(List.of(), b.open());
    }

    @Test
    public void aCycleDoesNotBringASensorsOwnAlarmBack() {
        AlarmBook b = new AlarmBook("p", 10);
        b.fromChild("e1", List.of(silence("p", "c1", Alarm.CRITICAL, 1), silence("q", "c1", Alarm.CRITICAL, 1)
                .through("e9")), 2);
        assertEquals(1, b.open().size());
        assertEquals(List.of("e1", "e9"), b.open().get(0).via);
        b.fromChild("e9", List.of(silence("q", "c2", Alarm.CRITICAL, 1).through("e9")), 3);
        assertEquals("an alarm that already went through e9 does not again", 1, b.open().size());
    }

    @Test
    public void theJsonShapeRoundTrips() {
        Alarm a = silence("s", "c1", Alarm.CRITICAL, 5).through("e1");
        Map<String, Object> m = a.toMap();
        assertEquals(null, m.get("end"));
        Alarm back = Alarm.fromJson(org.rocmon.json.RocmonJson.mapper().valueToTree(m));
        assertEquals(a.id, back.id);
        assertEquals(a.via, back.via);
        assertTrue(back.open());
        assertNull(Alarm.fromJson(org.rocmon.json.RocmonJson.mapper().valueToTree(Map.of("kind", 1))));
    }
}
