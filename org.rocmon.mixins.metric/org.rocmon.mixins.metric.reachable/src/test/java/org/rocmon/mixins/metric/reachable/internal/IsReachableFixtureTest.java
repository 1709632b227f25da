package org.rocmon.mixins.metric.reachable.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;

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
        int data = 0;
        int errors = 0;
        for (Path c : Fixtures.cases(IsReachable.TERM)) {
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c);
                errors++;
            } else {
                runDataCase(c);
                data++;
            }
        }
        assertTrue("need data and error cases", data >= 3 && errors >= 3);
    }

    private static void runDataCase(Path c) throws Exception {
        IsReachable metric = new IsReachable();
        var context = Fixtures.context(c.resolve("description.json"), IsReachable.SCHEME, IsReachable.TERM, SPECS);
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
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        IsReachable metric = new IsReachable();
        try {
            metric.open(Fixtures.context(c.resolve("description.json"), IsReachable.SCHEME, IsReachable.TERM, SPECS));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            metric.close();
        }
    }
}
