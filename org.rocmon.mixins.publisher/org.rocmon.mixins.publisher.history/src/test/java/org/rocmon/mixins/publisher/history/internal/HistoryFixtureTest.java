package org.rocmon.mixins.publisher.history.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Measurement;
import org.rocmon.api.history.ArchiveDTO;
import org.rocmon.api.history.HistoryStatsDTO;
import org.rocmon.api.history.HistoryStore;
import org.rocmon.api.history.RangeDTO;
import org.rocmon.api.history.RangeQueryDTO;
import org.rocmon.api.history.SeriesDTO;
import org.rocmon.json.RocmonJson;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/History: {@code description.json}, then either {@code input.jsonl} and
 * {@code expected.jsonl} (the appends the store received, one JSON line each:
 * {@code {"sensor","channel","retentionDays","measurement"}}; optional {@code accept.txt}: how many appends the
 * store accepts before it drops, after which the next tick must report the dropped count once) or
 * {@code error.txt}.
 */
public class HistoryFixtureTest {

    static final String[] SPECS = {History.INPUT, History.INPUT2, History.INPUT3, History.INPUT4, History.RETENTION};
    private static final ObjectMapper JSON = RocmonJson.mapper();

    /** A store that records what it is given and accepts a bounded number of appends. */
    static final class RecordingStore implements HistoryStore {
        final List<String> appended = new ArrayList<>();
        int accept = Integer.MAX_VALUE;

        @Override
        public boolean append(String sensor, String channel, Measurement m, int retentionDays) {
            if (appended.size() >= accept) {
                return false;
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("sensor", sensor);
            n.put("channel", channel);
            n.put("retentionDays", retentionDays);
            n.set("measurement", RocmonJson.tree(m));
            appended.add(n.toString());
            return true;
        }

        @Override
        public List<SeriesDTO> series(String sensor) {
            return List.of();
        }

        @Override
        public List<Measurement> lastN(String sensor, String channel, Optional<String> source, int n) {
            return List.of();
        }

        @Override
        public RangeDTO range(RangeQueryDTO query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ArchiveDTO> archives() {
            return List.of();
        }

        @Override
        public int rawCapacity() {
            return 0;
        }

        @Override
        public HistoryStatsDTO stats() {
            return new HistoryStatsDTO();
        }
    }

    @Test
    public void everyCase() throws Exception {
        FixtureCases.Counts n = FixtureCases.run(History.TERM, HistoryFixtureTest::runDataCase, c -> {
            History h = new History(new RecordingStore());
            FixtureCases.assertRefusal(c, () -> h.open(MixinContexts.fromFile(c.resolve("description.json"),
                    Map.of(), History.SCHEME, History.TERM, SPECS)), h::close);
        });
        assertTrue("need data and error cases: " + n, n.data >= 3 && n.errors >= 3);
    }

    private static void runDataCase(Path c) throws Exception {
        RecordingStore store = new RecordingStore();
        if (Files.exists(c.resolve("accept.txt"))) {
            store.accept = Integer.parseInt(Fixtures.lines(c.resolve("accept.txt")).get(0).trim());
        }
        History h = new History(store);
        h.open(MixinContexts.fromFile(c.resolve("description.json"), Map.of(), History.SCHEME, History.TERM, SPECS));
        int inputs = 0;
        for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
            Map.Entry<String, Measurement> in = MeasurementRows.json(line);
            h.publish(in.getKey(), in.getValue());
            inputs++;
        }
        int dropped = Math.max(0, Math.min(inputs, countFor(c, h)) - store.accept);
        if (dropped > 0) {
            try {
                h.tick(0);
                fail(c + ": the tick after drops reports them");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("dropped " + dropped + " value"));
            }
        }
        h.tick(0); // nothing new: quiet
        h.close();
        assertEquals(c.toString(), Fixtures.lines(c.resolve("expected.jsonl")), store.appended);
    }

    /** @return how many inputs of the case are History's (every line on one of its channels) */
    private static int countFor(Path c, History h) throws Exception {
        int n = 0;
        for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
            if (h.inputs().contains(MeasurementRows.json(line).getKey())) {
                n++;
            }
        }
        return n;
    }
}
