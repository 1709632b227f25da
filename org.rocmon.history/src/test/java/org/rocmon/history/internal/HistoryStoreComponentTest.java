package org.rocmon.history.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;

/** The component's queue: append never blocks, a full queue drops and counts, the writer drains. */
public class HistoryStoreComponentTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aFullQueueDropsAndCounts() throws Exception {
        Layout layout = Layout.of(10, new String[] {"10s:1h"}, 600, 10, 10, 2);
        HistoryStoreComponent c = new HistoryStoreComponent(tmp.getRoot().toPath(), layout, Clock.systemUTC(), false);
        assertTrue(c.append("s01", "a", Measurement.of(1, 1_000), 0));
        assertTrue(c.append("s01", "a", Measurement.of(2, 2_000), 0));
        assertFalse(c.append("s01", "a", Measurement.of(3, 3_000), 0));
        assertEquals(1, c.dropped());
        c.drain();
        assertEquals(2, c.lastN("s01", "a", Optional.empty(), 10).size());
        c.deactivate();
    }

    @Test
    public void theWriterThreadRecordsAndShutdownWritesTheRest() throws Exception {
        Layout layout = Layout.of(10, new String[] {"10s:1h"}, 600, 10, 10, 100);
        HistoryStoreComponent c = new HistoryStoreComponent(tmp.getRoot().toPath(), layout, Clock.systemUTC(), true);
        for (int i = 1; i <= 5; i++) {
            c.append("s01", "a", Measurement.of(i, i * 1_000L), 0);
        }
        long deadline = System.currentTimeMillis() + 5_000;
        while (c.written() < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(5, c.written());
        c.deactivate();
        HistoryStoreComponent again = new HistoryStoreComponent(tmp.getRoot().toPath(), layout, Clock.systemUTC(),
                false);
        assertEquals(5, again.lastN("s01", "a", Optional.empty(), 10).size());
        again.deactivate();
    }
}
