package org.rocmon.mixins.aggregator.threshold.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Output;
import org.rocmon.occi.internal.catalog.AttributeContext;

/**
 * Runs every folder under testcases/&lt;Term&gt;: {@code description.json} (an OCCI sensor description, nested or
 * flat form), then either {@code input.csv} and {@code expected.csv} or {@code error.txt} (first line: the
 * attribute the refusal must name; second line, optional: text the message must contain).
 *
 * <p>{@code input.csv} rows are measurements ({@code channel,ts,value[,source[,unit[,state]]]}) or
 * {@code @tick,now}; {@code expected.csv} rows are the measurements written, in order, in the same form (missing
 * columns must be absent). {@code rejected.txt}, optional: how many calls throw (the runtime counts them).
 */
final class FixtureRunner {

    private FixtureRunner() {
    }

    static void runAll(String scheme, String term, String[] specs, Supplier<? extends Aggregator> factory)
            throws Exception {
        // The catalog refuses a mixin whose specifications or defaults are malformed; so must the tests.
        AttributeContext.checkSpecs(Fixtures.prefix(scheme, term), Fixtures.specs(specs));
        List<Path> cases = Fixtures.cases(term);
        assertFalse("no " + term + " fixtures", cases.isEmpty());
        int data = 0;
        int errors = 0;
        for (Path c : cases) {
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c, scheme, term, specs, factory.get());
                errors++;
            } else {
                runDataCase(c, scheme, term, specs, factory.get());
                data++;
            }
        }
        assertTrue(term + ": need data and error cases", data >= 2 && errors >= 2);
    }

    private static void runDataCase(Path c, String scheme, String term, String[] specs, Aggregator mixin)
            throws Exception {
        mixin.open(Fixtures.context(c.resolve("description.json"), scheme, term, specs));
        List<String> written = new ArrayList<>();
        List<Measurement> values = new ArrayList<>();
        Output out = (channel, m) -> {
            written.add(Fixtures.row(channel, m));
            values.add(m);
        };
        int rejected = 0;
        for (String row : Fixtures.lines(c.resolve("input.csv"))) {
            String[] col = Fixtures.columns(row, 6);
            try {
                if (col[0].equals("@tick")) {
                    mixin.tick(Long.parseLong(col[1]), out);
                } else {
                    mixin.accept(col[0], Fixtures.measurement(col), out);
                }
            } catch (IllegalArgumentException e) {
                rejected++;
            }
        }
        mixin.close();
        List<String> expected = Fixtures.lines(c.resolve("expected.csv"));
        assertEquals(c + ": written " + written, expected.size(), written.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = Fixtures.columns(expected.get(i), 6);
            String[] a = Fixtures.columns(written.get(i), 6);
            String where = c.getFileName() + " row " + i + " (" + written.get(i) + ")";
            assertEquals(where + " channel", e[0], a[0]);
            assertEquals(where + " ts", Long.parseLong(e[1]), Long.parseLong(a[1]));
            Object ev = Fixtures.value(e[2]);
            Object av = values.get(i).value();
            if (ev instanceof Double) {
                assertTrue(where + " value is a number", av instanceof Double);
                double d = (Double) ev;
                assertEquals(where + " value", d, (Double) av, 1e-9 * Math.max(1, Math.abs(d)));
            } else {
                assertEquals(where + " value", ev, av);
            }
            assertEquals(where + " source", e[3], a[3]);
            assertEquals(where + " unit", e[4], a[4]);
            assertEquals(where + " state", e[5], a[5]);
        }
        Path rejects = c.resolve("rejected.txt");
        int expectedRejects = Files.exists(rejects) ? Integer.parseInt(Fixtures.lines(rejects).get(0)) : 0;
        assertEquals(c + ": rejected calls", expectedRejects, rejected);
    }

    private static void runErrorCase(Path c, String scheme, String term, String[] specs, Aggregator mixin)
            throws Exception {
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        try {
            mixin.open(Fixtures.context(c.resolve("description.json"), scheme, term, specs));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            mixin.close();
        }
    }
}
