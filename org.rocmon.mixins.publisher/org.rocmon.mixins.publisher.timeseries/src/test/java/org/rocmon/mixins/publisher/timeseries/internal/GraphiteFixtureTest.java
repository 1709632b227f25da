package org.rocmon.mixins.publisher.timeseries.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/Graphite against a real TCP listener on 127.0.0.1 ({@code ${port}}):
 * {@code description.json}, then either {@code input.jsonl} and {@code expected.txt} (the exact plaintext Carbon
 * receives after the inputs were published, the mixin ticked once and closed; {@code tick-error.txt}, if present,
 * is text the tick's exception must contain) or {@code error.txt} (the attribute the refusal names, then text its
 * message contains).
 */
public class GraphiteFixtureTest {

    static final String[] SPECS = {Graphite.INPUT, Graphite.HOSTNAME, Graphite.PORT, Graphite.PREFIX,
        Graphite.MAXPENDING};

    private ServerSocket carbon;

    @Before
    public void listen() throws Exception {
        carbon = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        carbon.setSoTimeout(2000);
    }

    @After
    public void stop() throws IOException {
        carbon.close();
    }

    @Test
    public void everyCase() throws Exception {
        Map<String, String> vars = Map.of("port", Integer.toString(carbon.getLocalPort()));
        FixtureCases.Counts n = FixtureCases.run(Graphite.TERM, c -> runDataCase(c, vars), c -> runErrorCase(c, vars));
        assertTrue("need data and error cases", n.data >= 2 && n.errors >= 5);
    }

    private void runDataCase(Path c, Map<String, String> vars) throws Exception {
        Graphite graphite = new Graphite();
        graphite.open(MixinContexts.fromFile(c.resolve("description.json"), vars, Graphite.SCHEME, Graphite.TERM,
                SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = MeasurementRows.json(line);
                graphite.publish(in.getKey(), in.getValue());
            }
            try {
                graphite.tick(0);
                assertTrue(c + ": tick should have thrown", !Files.exists(c.resolve("tick-error.txt")));
            } catch (IOException e) {
                if (!Files.exists(c.resolve("tick-error.txt"))) {
                    throw e;
                }
                String expected = Files.readString(c.resolve("tick-error.txt"), StandardCharsets.UTF_8).trim();
                assertTrue(c + ": '" + e.getMessage() + "'", e.getMessage().contains(expected));
            }
        } finally {
            graphite.close();
        }
        String received;
        try (Socket s = carbon.accept(); InputStream in = s.getInputStream()) {
            s.setSoTimeout(2000);
            received = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(c.toString(), Files.readString(c.resolve("expected.txt"), StandardCharsets.UTF_8), received);
    }

    private static void runErrorCase(Path c, Map<String, String> vars) throws Exception {
        Graphite graphite = new Graphite();
        FixtureCases.assertRefusal(c, () -> graphite.open(MixinContexts.fromFile(c.resolve("description.json"), vars,
                Graphite.SCHEME, Graphite.TERM, SPECS)), graphite::close);
    }
}
