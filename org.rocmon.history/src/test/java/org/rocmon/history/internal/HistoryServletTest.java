package org.rocmon.history.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.http.Problem;
import org.rocmon.json.RocmonJson;

/** The query resource on a real store (writer drained by hand) with a fixed clock. */
public class HistoryServletTest {

    private static final long T0 = SeriesStoreTest.T0;
    private static final ObjectMapper JSON = RocmonJson.mapper();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HistoryStoreComponent store;
    private HistoryServlet servlet;

    @Before
    public void record() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(T0 + 130), ZoneOffset.UTC);
        store = new HistoryStoreComponent(tmp.getRoot().toPath(),
                Layout.of(10, new String[] {"10s:1h", "1m:1d"}, 600, 100, 100, 1000), clock, false);
        for (int i = 1; i <= 12; i++) {
            State state = i > 10 ? State.WARNING : State.OK;
            store.append("s01", "cpu", Measurement.of(i, (T0 + 10 * i) * 1000).withSource("c01").withUnit("%")
                    .withState(state), 0);
        }
        store.drain();
        servlet = new HistoryServlet(store, clock);
    }

    @After
    public void close() {
        store.deactivate();
    }

    private String get(String path, String... params) throws Exception {
        Map<String, String[]> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], new String[] {params[i + 1]});
        }
        return JSON.writeValueAsString(servlet.answer(path, p));
    }

    private Problem refused(String path, String... params) throws Exception {
        try {
            get(path, params);
        } catch (Problem p) {
            return p;
        }
        fail("expected a problem for " + path);
        return null;
    }

    @Test
    public void lastNGivesRawValuesNewestLast() throws Exception {
        assertEquals("{\"sensor\":\"s01\",\"channel\":\"cpu\",\"values\":["
                + "{\"value\":11,\"ts\":" + (T0 + 110) * 1000 + ",\"source\":\"c01\",\"unit\":\"%\",\"state\":\"WARNING\"},"
                + "{\"value\":12,\"ts\":" + (T0 + 120) * 1000 + ",\"source\":\"c01\",\"unit\":\"%\",\"state\":\"WARNING\"}]}",
                get("/s01/cpu", "lastN", "2"));
        String page = get("/s01/cpu", "hLimit", "2", "hOffset", "1", "source", "c01");
        assertTrue(page, page.contains("\"value\":2,") && page.contains("\"value\":3,") && !page.contains("\"value\":4,"));
    }

    @Test
    public void aRangeAtTwoResolutions() throws Exception {
        String from = Long.toString((T0 + 1) * 1000);
        String to = Instant.ofEpochSecond(T0 + 120).toString();
        assertEquals("{\"sensor\":\"s01\",\"channel\":\"cpu\",\"from\":" + (T0 + 1) * 1000 + ",\"to\":" + (T0 + 120) * 1000
                + ",\"resolution\":60,\"aggregation\":\"avg\",\"series\":[{\"source\":\"c01\",\"points\":["
                + "{\"ts\":" + (T0 + 60) * 1000 + ",\"value\":3.5},{\"ts\":" + (T0 + 120) * 1000 + ",\"value\":9.5}]}]}",
                get("/s01/cpu", "from", from, "to", to, "resolution", "1m"));
        String tens = get("/s01/cpu", "from", from, "to", to, "resolution", "10", "aggregation", "max");
        assertTrue(tens, tens.contains("\"resolution\":10,\"aggregation\":\"max\""));
        assertEquals(12, JSON.readTree(tens).path("series").path(0).path("points").size());
        // STH-Comet's names
        String sth = get("/s01/cpu", "dateFrom", from, "dateTo", to, "aggrPeriod", "minute", "aggrMethod", "occur");
        assertTrue(sth, sth.contains("\"resolution\":60,\"aggregation\":\"count\"") && sth.contains("\"value\":6}"));
    }

    @Test
    public void theRootGivesArchivesAndCounters() throws Exception {
        String root = get("/");
        assertTrue(root, root.startsWith("{\"archives\":[{\"resolution\":\"10s\",\"span\":\"1h\"},"
                + "{\"resolution\":\"1m\",\"span\":\"1d\"}],\"rawCapacity\":100,\"series\":1,\"appended\":12,"
                + "\"written\":12,\"dropped\":0,\"queued\":0,"));
    }

    @Test
    public void theListingNamesChannelsAndSources() throws Exception {
        String l = get("/s01/");
        assertTrue(l, l.contains("\"channel\":\"cpu\",\"sources\":[{\"source\":\"c01\",\"unit\":\"%\",\"raw\":12"));
        assertTrue(l, l.contains("\"resolutions\":[\"10s\",\"1m\"]"));
    }

    @Test
    public void badQueriesAreRefusedNamingTheParameter() throws Exception {
        assertProblem(refused("/s99/cpu", "lastN", "1"), 404, "sensor");
        assertProblem(refused("/s01/mem", "lastN", "1"), 404, "channel");
        assertProblem(refused("/s01/cpu", "lastN", "1", "source", "c99"), 404, "source");
        assertProblem(refused("/s01/cpu", "lastN", "0"), 400, "lastN");
        assertProblem(refused("/s01/cpu", "lastN", "1000000"), 400, "lastN");
        assertProblem(refused("/s01/cpu", "from", "2000", "to", "1000"), 400, "from");
        assertProblem(refused("/s01/cpu", "dateFrom", "yesterday"), 400, "dateFrom");
        Problem res = refused("/s01/cpu", "resolution", "1h");
        assertProblem(res, 400, "resolution");
        assertEquals(java.util.List.of("10s", "1m"), res.extensions().get("available"));
        assertProblem(refused("/s01/cpu", "aggrMethod", "sum2"), 400, "aggrMethod");
        assertProblem(refused("/s01/cpu", "lastN", "3", "aggregation", "max"), 400, "aggregation");
        assertProblem(refused("/s01/cpu", "from", "0", "to", Long.toString(T0 * 1000), "resolution", "10s"), 400,
                "from");
        assertProblem(refused("/s01/cpu", "colour", "red"), 400, "colour");
    }

    private static void assertProblem(Problem p, int status, String attribute) {
        assertEquals(p.detail(), status, p.status());
        assertEquals(p.detail(), attribute, p.attribute());
    }
}
