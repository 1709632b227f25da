package org.rocmon.history.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.history.Aggregation;
import org.rocmon.api.history.PointDTO;
import org.rocmon.api.history.RangeDTO;
import org.rocmon.api.history.RangeQueryDTO;
import org.rocmon.api.history.SeriesDTO;

/** The store on a temporary folder with a fixed clock; values carry their own timestamps. */
public class SeriesStoreTest {

    /** A minute boundary (seconds), so 10 s and 1 min intervals line up with the test's values. */
    static final long T0 = 1_700_000_040L;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private SeriesStore store;

    @After
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static Layout layout(int raw, String... archives) {
        return Layout.of(10, archives, 600, raw, 100, 1000);
    }

    private static Measurement value(double v, long second) {
        return Measurement.of(v, second * 1000).withSource("c01").withUnit("%");
    }

    private static RangeQueryDTO query(long fromSec, long toSec, long resolution, Aggregation a) {
        RangeQueryDTO q = new RangeQueryDTO();
        q.sensor = "s01";
        q.channel = "cpu";
        q.from = fromSec * 1000;
        q.to = toSec * 1000;
        q.resolution = resolution;
        q.aggregation = a;
        return q;
    }

    private static RangeQueryDTO source(RangeQueryDTO q, String source) {
        q.source = source;
        return q;
    }

    private List<String> points(RangeQueryDTO q) throws Exception {
        RangeDTO r = store.range(q);
        assertEquals(1, r.series.size());
        return r.series.get(0).points.stream().map(p -> (p.ts / 1000 - T0) + "=" + fmt(p.value))
                .collect(Collectors.toList());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Values 1..12 every 10 s from T0+10. */
    private void twelveValues() throws Exception {
        for (int i = 1; i <= 12; i++) {
            assertTrue(store.append("s01", "cpu", value(i, T0 + 10 * i), 0));
        }
        store.flush();
    }

    @Test
    public void appendedValuesAreDownsampledIntoEveryArchive() throws Exception {
        Path root = tmp.getRoot().toPath();
        store = new SeriesStore(root, layout(100, "10s:1h", "1m:1d"), at(T0 + 130));
        twelveValues();
        assertEquals(List.of("10=1", "20=2", "30=3", "40=4", "50=5", "60=6", "70=7", "80=8", "90=9", "100=10",
                "110=11", "120=12"), points(query(T0 + 1, T0 + 120, 10, Aggregation.AVG)));
        assertEquals(List.of("60=3.5", "120=9.5"), points(query(T0 + 1, T0 + 120, 60, Aggregation.AVG)));
        assertEquals(List.of("60=1", "120=7"), points(query(T0 + 1, T0 + 120, 60, Aggregation.MIN)));
        assertEquals(List.of("60=6", "120=12"), points(query(T0 + 1, T0 + 120, 60, Aggregation.MAX)));
        assertEquals(List.of("60=6", "120=12"), points(query(T0 + 1, T0 + 120, 60, Aggregation.LAST)));
        assertEquals(List.of("60=21", "120=57"), points(query(T0 + 1, T0 + 120, 60, Aggregation.SUM)));
        assertEquals(List.of("60=6", "120=6"), points(query(T0 + 1, T0 + 120, 60, Aggregation.COUNT)));
        RangeDTO auto = store.range(query(T0 + 1, T0 + 120, 0, Aggregation.AVG));
        assertEquals("the finest archive holding from", 10, auto.resolution);
    }

    @Test
    public void valuesOfOneSecondAreCombined() throws Exception {
        store = new SeriesStore(tmp.getRoot().toPath(), layout(100, "10s:1h"), at(T0 + 100));
        store.append("s01", "cpu", value(2, T0 + 10), 0);
        store.append("s01", "cpu", Measurement.of(4, (T0 + 10) * 1000 + 500).withSource("c01"), 0);
        store.flush();
        assertEquals(List.of("10=3"), points(query(T0 + 1, T0 + 10, 10, Aggregation.AVG)));
        assertEquals(List.of("10=6"), points(query(T0 + 1, T0 + 10, 10, Aggregation.SUM)));
        assertEquals(List.of("10=2"), points(query(T0 + 1, T0 + 10, 10, Aggregation.COUNT)));
        assertEquals(2, store.lastN("s01", "cpu", Optional.empty(), 10).size());
    }

    @Test
    public void archivesDropWhatIsOlderThanTheirSpan() throws Exception {
        store = new SeriesStore(tmp.getRoot().toPath(), layout(10, "10s:10m", "1m:1h"), at(T0 + 7200));
        for (int i = 1; i <= 720; i++) { // two hours, one value every 10 s
            store.append("s01", "cpu", value(i, T0 + 10 * i), 0);
        }
        store.flush();
        List<String> minutes = points(query(T0, T0 + 7200, 60, Aggregation.LAST));
        assertEquals("one hour of minutes is kept", 60, minutes.size());
        assertEquals("3660=366", minutes.get(0));
        assertEquals("7200=720", minutes.get(59));
        List<String> tens = points(query(T0 + 6600, T0 + 7200, 10, Aggregation.LAST));
        assertEquals("ten minutes of 10 s points", 60, tens.size());
        RangeDTO older = store.range(query(T0, T0 + 6590, 10, Aggregation.LAST));
        assertEquals("10 s points are gone that far back: the minutes answer", 60, older.resolution);
        assertEquals("3660=366", older.series.get(0).points.get(0).ts / 1000 - T0 + "="
                + fmt(older.series.get(0).points.get(0).value));
        // the raw ring keeps the last 10 whatever their age
        assertEquals((T0 + 7110) * 1000, store.lastN("s01", "cpu", Optional.empty(), 10).get(0).timestamp());
    }

    @Test
    public void retentionOfANewSeriesCutsItsArchives() throws Exception {
        store = new SeriesStore(tmp.getRoot().toPath(), layout(10, "10s:1d", "1m:30d", "1h:365d"), at(T0));
        store.append("s01", "cpu", value(1, T0 + 10), 7);
        store.flush();
        SeriesDTO s = store.series("s01").get(0);
        assertEquals(7, s.retentionDays);
        assertEquals(List.of(86_400L, 7 * 86_400L, 7 * 86_400L),
                s.archives.stream().map(a -> a.span).collect(Collectors.toList()));
    }

    @Test
    public void theRawRingIsBoundedInMemoryAndOnDisk() throws Exception {
        Path root = tmp.getRoot().toPath();
        store = new SeriesStore(root, layout(5, "10s:1h"), at(T0 + 1000));
        for (int i = 1; i <= 23; i++) {
            store.append("s01", "cpu", value(i, T0 + 10 * i), 0);
        }
        store.flush();
        List<Measurement> last = store.lastN("s01", "cpu", Optional.of("c01"), 100);
        assertEquals(List.of(19.0, 20.0, 21.0, 22.0, 23.0), last.stream().map(Measurement::value)
                .collect(Collectors.toList()));
        Path raw = Series.rawFile(new SeriesKey("s01", "cpu", "c01").base(root));
        long lines = Files.readAllLines(raw).size();
        assertTrue("file holds at most twice the capacity: " + lines, lines <= 10 && lines >= 5);
    }

    @Test
    public void aRestartFindsEverySeriesAgain() throws Exception {
        Path root = tmp.getRoot().toPath();
        store = new SeriesStore(root, layout(100, "10s:1h", "1m:1d"), at(T0 + 130));
        twelveValues();
        store.append("s01", "status", Measurement.of("degraded", (T0 + 20) * 1000).withState(State.WARNING), 0);
        store.append("s01", "cpu", Measurement.of(50, (T0 + 30) * 1000), 0); // no source: a series of its own
        store.close();

        store = new SeriesStore(root, layout(100, "10s:1h", "1m:1d"), at(T0 + 130));
        assertEquals(List.of("cpu/null", "cpu/c01", "status/null"), store.series("s01").stream()
                .map(s -> s.channel + "/" + s.source).collect(Collectors.toList()));
        assertEquals(List.of("60=3.5", "120=9.5"), points(source(query(T0 + 1, T0 + 120, 60, Aggregation.AVG), "c01")));
        List<Measurement> last = store.lastN("s01", "cpu", Optional.of("c01"), 2);
        assertEquals(List.of(value(11, T0 + 110), value(12, T0 + 120)), last);
        Measurement text = store.lastN("s01", "status", Optional.empty(), 1).get(0);
        assertEquals("degraded", text.value());
        assertEquals(State.WARNING, text.state());
        // appending goes on after the last update of the reopened archives
        store.append("s01", "cpu", value(13, T0 + 130), 0);
        store.flush();
        assertEquals(List.of("130=13"), points(source(query(T0 + 121, T0 + 130, 10, Aggregation.AVG), "c01")));
    }

    @Test
    public void textIsKeptInTheRawLogOnly() throws Exception {
        store = new SeriesStore(tmp.getRoot().toPath(), layout(10, "10s:1h"), at(T0 + 100));
        store.append("s01", "status", Measurement.of("up", (T0 + 10) * 1000), 0);
        store.flush();
        RangeQueryDTO q = query(T0, T0 + 100, 10, Aggregation.AVG);
        q.channel = "status";
        assertTrue(store.range(q).series.get(0).points.isEmpty());
        assertFalse(Files.exists(Series.rrdFile(new SeriesKey("s01", "status", null).base(tmp.getRoot().toPath()))));
    }

    @Test
    public void queriesTheArchivesCannotAnswerAreRefused() throws Exception {
        store = new SeriesStore(tmp.getRoot().toPath(), layout(10, "10s:1h", "1m:1d"), at(T0 + 100));
        twelveValues();
        expectRefusal(query(T0 + 100, T0, 10, Aggregation.AVG), "after");
        expectRefusal(query(T0, T0 + 100, 3600, Aggregation.AVG), "available: 10s, 1m");
        expectRefusal(query(T0, T0 + 86_400 * 2, 10, Aggregation.AVG), "at most 10000");
    }

    private void expectRefusal(RangeQueryDTO q, String text) throws Exception {
        try {
            store.range(q);
            fail("expected a refusal containing " + text);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(text));
        }
    }
}
