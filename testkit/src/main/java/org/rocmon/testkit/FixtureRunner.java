package org.rocmon.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.Output;
import org.rocmon.api.attributes.AttributeContext;

/**
 * Runs every folder under testcases/&lt;Term&gt; of an aggregator: {@code description.json} (an OCCI sensor
 * description, nested or flat form), then either {@code input.csv} and {@code expected.csv} or {@code error.txt}
 * (see {@link FixtureCases}).
 *
 * <p>{@code input.csv} rows are measurements ({@code channel,ts,value[,source[,unit[,state]]]}, see
 * {@link MeasurementRows}) or {@code @tick,now}; {@code expected.csv} rows are the measurements written, in order,
 * in the same form (missing columns must be absent). {@code rejected.txt}, optional: how many calls throw (the
 * runtime counts them). Each case gets a fresh instance, as each sensor does.
 */
public final class FixtureRunner {

    private FixtureRunner() {
    }

    /** Runs all cases; at least two data and two error cases must exist. */
    public static void runAll(String scheme, String term, String[] specs, Supplier<? extends Aggregator> factory)
            throws Exception {
        // The catalog refuses a mixin whose specifications or defaults are malformed; so must the tests.
        AttributeContext.checkSpecs(MixinContexts.prefix(scheme, term), MixinContexts.specs(specs));
        FixtureCases.Counts n = FixtureCases.run(term,
                c -> runDataCase(c, scheme, term, specs, factory.get()),
                c -> {
                    Aggregator mixin = factory.get();
                    FixtureCases.assertRefusal(c,
                            () -> mixin.open(MixinContexts.fromFile(c.resolve("description.json"), scheme, term,
                                    specs)),
                            mixin::close);
                });
        assertTrue(term + ": need data and error cases", n.data >= 2 && n.errors >= 2);
    }

    private static void runDataCase(Path c, String scheme, String term, String[] specs, Aggregator mixin)
            throws Exception {
        mixin.open(MixinContexts.fromFile(c.resolve("description.json"), scheme, term, specs));
        List<String> written = new ArrayList<>();
        List<Measurement> values = new ArrayList<>();
        Output out = (channel, m) -> {
            written.add(MeasurementRows.row(channel, m));
            values.add(m);
        };
        int rejected = 0;
        for (String row : Fixtures.lines(c.resolve("input.csv"))) {
            String[] col = MeasurementRows.columns(row, 6);
            try {
                if (col[0].equals("@tick")) {
                    mixin.tick(Long.parseLong(col[1]), out);
                } else {
                    mixin.accept(col[0], MeasurementRows.measurement(col), out);
                }
            } catch (IllegalArgumentException e) {
                rejected++;
            }
        }
        mixin.close();
        List<String> expected = Fixtures.lines(c.resolve("expected.csv"));
        assertEquals(c + ": written " + written, expected.size(), written.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = MeasurementRows.columns(expected.get(i), 6);
            String[] a = MeasurementRows.columns(written.get(i), 6);
            String where = c.getFileName() + " row " + i + " (" + written.get(i) + ")";
            assertEquals(where + " channel", e[0], a[0]);
            assertEquals(where + " ts", Long.parseLong(e[1]), Long.parseLong(a[1]));
            Object ev = MeasurementRows.value(e[2]);
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
        assertRejected(c, rejected);
    }

    /** Asserts the number of refused calls against the case's optional {@code rejected.txt} (default 0). */
    public static void assertRejected(Path c, int rejected) throws Exception {
        Path rejects = c.resolve("rejected.txt");
        int expectedRejects = Files.exists(rejects) ? Integer.parseInt(Fixtures.lines(rejects).get(0)) : 0;
        assertEquals(c + ": rejected calls", expectedRejects, rejected);
    }
}
