package org.rocmon.mixins.publisher.timeseries.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.UdpReceiver;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/InfluxDB against a real UDP listener on 127.0.0.1 ({@code ${udp}}):
 * {@code description.json}, then either {@code input.jsonl} and {@code expected.lp} (the exact lines received, in
 * order, after the inputs were published and the mixin ticked once) or {@code error.txt} (the attribute the
 * refusal names, then text its message contains).
 */
public class InfluxDbFixtureTest {

    static final String[] SPECS = {InfluxDb.INPUT, InfluxDb.URL, InfluxDb.MEASUREMENT, InfluxDb.TAGS, InfluxDb.BATCH,
        InfluxDb.TOKEN, InfluxDb.MAXPENDING};

    @Rule
    public final UdpReceiver receiver = new UdpReceiver();

    @Test
    public void everyCase() throws Exception {
        Map<String, String> vars = Map.of("udp", "udp://127.0.0.1:" + receiver.port());
        FixtureCases.Counts n = FixtureCases.run(InfluxDb.TERM, c -> runDataCase(c, vars), c -> runErrorCase(c, vars));
        assertTrue("need data and error cases", n.data >= 3 && n.errors >= 10);
    }

    private void runDataCase(Path c, Map<String, String> vars) throws Exception {
        InfluxDb influx = new InfluxDb();
        influx.open(MixinContexts.fromFile(c.resolve("description.json"), vars, InfluxDb.SCHEME, InfluxDb.TERM, SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = MeasurementRows.json(line);
                influx.publish(in.getKey(), in.getValue());
            }
            influx.tick(0);
        } finally {
            influx.close();
        }
        List<String> expected = Files.readAllLines(c.resolve("expected.lp"), StandardCharsets.UTF_8);
        List<String> received = new ArrayList<>();
        while (received.size() < expected.size()) {
            String text = receiver.receive();
            assertTrue(c + ": datagram does not end in a line end", text.endsWith("\n"));
            received.addAll(Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1)));
        }
        assertEquals(c.toString(), expected, received);
        receiver.assertNothingMore(c.toString());
    }

    private static void runErrorCase(Path c, Map<String, String> vars) throws Exception {
        InfluxDb influx = new InfluxDb();
        FixtureCases.assertRefusal(c, () -> influx.open(MixinContexts.fromFile(c.resolve("description.json"), vars,
                InfluxDb.SCHEME, InfluxDb.TERM, SPECS)), influx::close);
    }
}
