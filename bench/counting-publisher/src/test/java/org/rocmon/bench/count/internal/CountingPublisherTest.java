package org.rocmon.bench.count.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;

public class CountingPublisherTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void countsAndWritesLatencyOnEveryTick() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        CountingPublisher p = new CountingPublisher(now::get);
        Path stats = tmp.getRoot().toPath().resolve("stats.json");
        p.open(new MapContext(Map.of("input", "c", "statsfile", stats.toString())));
        for (int i = 0; i < 50; i++) {
            p.publish("c", Measurement.of(i, now.get() - 2)); // 2 ms old
            p.publish("c", Measurement.of(i, now.get() - 40));
        }
        assertFalse(Files.exists(stats));
        p.tick(now.get());
        String line = Files.readString(stats, StandardCharsets.UTF_8);
        assertTrue(line, line.startsWith("{\"count\":100,\"ticks\":1,\"ts\":1000000,\"p50us\":2015,"));
        // Percentiles report the top of their bucket: 2000 us is in [1984, 2015], 40000 us in [39936, 40959].
        assertTrue(line, line.contains("\"p99us\":40959,"));
        assertTrue(line, line.endsWith("}\n"));
        assertFalse("temp file left behind", Files.exists(stats.resolveSibling("stats.json.tmp")));

        p.publish("c", Measurement.of(1, now.get()));
        p.close();
        assertTrue(Files.readString(stats).startsWith("{\"count\":101,"));
    }

    @Test
    public void statsFileIsRequiredAndItsFolderMustExist() {
        try {
            new CountingPublisher().open(new MapContext(Map.of("input", "c")));
            fail();
        } catch (InvalidAttributeException e) {
            assertTrue(e.attribute(), e.attribute().endsWith("statsfile"));
        }
        try {
            new CountingPublisher().open(new MapContext(
                    Map.of("input", "c", "statsfile", tmp.getRoot() + "/no/such/dir/s.json")));
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals("statsfile", e.attribute());
        }
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new CountingPublisher().close();
    }
}
