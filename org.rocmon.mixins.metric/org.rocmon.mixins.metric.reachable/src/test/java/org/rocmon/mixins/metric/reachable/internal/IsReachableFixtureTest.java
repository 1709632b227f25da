package org.rocmon.mixins.metric.reachable.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/IsReachable: {@code description.json} (an OCCI collector description, loopback
 * targets only), then either {@code expected.csv} ({@code channel,value,unit,state} rows, where a value {@code *}
 * means any non-negative number below maxdelay) or {@code error.txt} (the attribute the refusal names, then text
 * its message contains).
 */
public class IsReachableFixtureTest {

    private static final String[] SPECS = {IsReachable.HOSTNAME, IsReachable.MAXDELAY, IsReachable.OUT,
            IsReachable.DELAY};

    @Test
    public void everyCase() throws Exception {
        FixtureCases.Counts n = FixtureCases.run(IsReachable.TERM, c -> runDataCase(c), c -> runErrorCase(c));
        assertTrue("need data and error cases", n.data >= 3 && n.errors >= 3);
    }

    private static void runDataCase(Path c) throws Exception {
        IsReachable metric = new IsReachable();
        var context = MixinContexts.fromFile(c.resolve("description.json"), IsReachable.SCHEME, IsReachable.TERM,
                SPECS);
        metric.open(context);
        long maxDelay = context.integer("maxdelay");
        Map<String, Measurement> written = new LinkedHashMap<>();
        long start = System.nanoTime();
        metric.measure(written::put);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        metric.close();
        assertTrue(c + ": measure took " + tookMillis + " ms, maxdelay " + maxDelay, tookMillis <= maxDelay + 500);
        List<String> expected = Fixtures.lines(c.resolve("expected.csv"));
        assertEquals(c + ": " + written, expected.size(), written.size());
        for (String row : expected) {
            String[] e = row.split(",", -1);
            Measurement m = written.get(e[0]);
            assertTrue(c + ": nothing on " + e[0] + " in " + written, m != null);
            if (e[1].equals("*")) {
                assertTrue(c + ": " + m, m.isNumber() && m.asDouble() >= 0 && m.asDouble() <= maxDelay);
            } else {
                assertEquals(c + ": value of " + e[0], e[1], m.asString());
            }
            assertEquals(c + ": unit of " + e[0], e[2], m.unit() == null ? "" : m.unit());
            assertEquals(c + ": state of " + e[0], e[3], m.state() == null ? "" : m.state().name());
        }
    }

    private static void runErrorCase(Path c) throws Exception {
        IsReachable metric = new IsReachable();
        FixtureCases.assertRefusal(c, () -> metric.open(MixinContexts.fromFile(c.resolve("description.json"),
                IsReachable.SCHEME, IsReachable.TERM, SPECS)), metric::close);
    }
}
