package org.rocmon.mixins.aggregator.ewma.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.FixtureRunner;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/EWMA: {@code description.json} (an OCCI sensor description, nested form), then
 * either {@code input.csv} and {@code expected.csv} ({@code channel,ts,value} rows; {@code rejected.txt}, optional: how many inputs are refused) or {@code error.txt} (first line: the
 * attribute the refusal must name; second line, optional: text the message must contain).
 */
public class EwmaFixtureTest {

    private static final String[] SPECS = {Ewma.GAIN, Ewma.INSTREAM, Ewma.OUTSTREAM};

    @Test
    public void everyCase() throws Exception {
        FixtureCases.Counts n = FixtureCases.run(Ewma.TERM, EwmaFixtureTest::runDataCase,
                EwmaFixtureTest::runErrorCase);
        assertTrue("need data and error cases", n.data >= 3 && n.errors >= 3);
    }

    private static void runDataCase(Path c) throws Exception {
        Ewma ewma = new Ewma();
        ewma.open(MixinContexts.fromFile(c.resolve("description.json"), Ewma.SCHEME, Ewma.TERM, SPECS));
        List<String> written = new ArrayList<>();
        int rejected = 0;
        for (String row : Fixtures.lines(c.resolve("input.csv"))) {
            String[] channelAndRow = row.split(",", 2);
            Measurement m = MeasurementRows.tsValue(channelAndRow[1]);
            try {
                ewma.accept(channelAndRow[0], m, (channel,
                        out) -> written.add(channel + "," + out.timestamp() + "," + out.asDouble()));
            } catch (IllegalArgumentException e) {
                rejected++;
            }
        }
        ewma.close();
        List<String> expected = Fixtures.lines(c.resolve("expected.csv"));
        assertEquals(c + ": number of averages " + written, expected.size(), written.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",");
            String[] a = written.get(i).split(",");
            assertEquals(c + " row " + i + " channel", e[0], a[0]);
            assertEquals(c + " row " + i + " ts", Long.parseLong(e[1]), Long.parseLong(a[1]));
            assertEquals(c + " row " + i + " value", Double.parseDouble(e[2]), Double.parseDouble(a[2]), 1e-9);
        }
        FixtureRunner.assertRejected(c, rejected);
    }

    private static void runErrorCase(Path c) throws Exception {
        Ewma ewma = new Ewma();
        FixtureCases.assertRefusal(c, () -> ewma.open(MixinContexts.fromFile(c.resolve("description.json"),
                Ewma.SCHEME, Ewma.TERM, SPECS)), ewma::close);
    }
}
