package org.rocmon.mixins.publisher.udp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
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
 * Runs every folder under testcases/SendUDP against a real receiver on 127.0.0.1 and an ephemeral port
 * {@code ${port}}: {@code description.json} (an OCCI sensor description), then either {@code input.jsonl} and
 * {@code expected.jsonl} (the exact datagrams, in order) or {@code error.txt} (the attribute the refusal names,
 * then text its message contains).
 */
public class SendUdpFixtureTest {

    private static final String[] SPECS = {SendUdp.HOSTNAME, SendUdp.PORT, SendUdp.INPUT};

    @Rule
    public final UdpReceiver receiver = new UdpReceiver();

    @Test
    public void everyCase() throws Exception {
        Map<String, String> vars = Map.of("port", Integer.toString(receiver.port()));
        FixtureCases.Counts n = FixtureCases.run(SendUdp.TERM, c -> runDataCase(c, vars), c -> runErrorCase(c, vars));
        assertTrue("need data and error cases", n.data >= 2 && n.errors >= 4);
    }

    private void runDataCase(Path c, Map<String, String> vars) throws Exception {
        SendUdp udp = new SendUdp();
        udp.open(MixinContexts.fromFile(c.resolve("description.json"), vars, SendUdp.SCHEME, SendUdp.TERM, SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = MeasurementRows.json(line);
                udp.publish(in.getKey(), in.getValue());
            }
        } finally {
            udp.close();
        }
        for (String expected : Fixtures.lines(c.resolve("expected.jsonl"))) {
            assertEquals(c.toString(), expected, receiver.receive());
        }
        receiver.assertNothingMore(c.toString());
    }

    private static void runErrorCase(Path c, Map<String, String> vars) throws Exception {
        SendUdp udp = new SendUdp();
        FixtureCases.assertRefusal(c, () -> udp.open(MixinContexts.fromFile(c.resolve("description.json"), vars,
                SendUdp.SCHEME, SendUdp.TERM, SPECS)), udp::close);
    }
}
