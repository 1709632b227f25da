package org.rocmon.mixins.publisher.timeseries.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * Runs every folder under testcases/InfluxDB against a real UDP listener on 127.0.0.1 ({@code ${udp}}):
 * {@code description.json}, then either {@code input.jsonl} and {@code expected.lp} (the exact lines received, in
 * order, after the inputs were published and the mixin ticked once) or {@code error.txt} (the attribute the
 * refusal names, then text its message contains).
 */
public class InfluxDbFixtureTest {

    static final String[] SPECS = {InfluxDb.INPUT, InfluxDb.URL, InfluxDb.MEASUREMENT, InfluxDb.TAGS, InfluxDb.BATCH,
        InfluxDb.TOKEN, InfluxDb.MAXPENDING};

    private DatagramSocket receiver;

    @Before
    public void listen() throws Exception {
        receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        receiver.setSoTimeout(2000);
    }

    @After
    public void stop() {
        receiver.close();
    }

    @Test
    public void everyCase() throws Exception {
        Map<String, String> vars = Map.of("udp", "udp://127.0.0.1:" + receiver.getLocalPort());
        int data = 0;
        int errors = 0;
        for (Path c : Fixtures.cases(InfluxDb.TERM)) {
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c, vars);
                errors++;
            } else {
                runDataCase(c, vars);
                data++;
            }
        }
        assertTrue("need data and error cases", data >= 3 && errors >= 10);
    }

    private void runDataCase(Path c, Map<String, String> vars) throws Exception {
        InfluxDb influx = new InfluxDb();
        influx.open(Fixtures.context(c.resolve("description.json"), vars, InfluxDb.SCHEME, InfluxDb.TERM, SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = Fixtures.input(line);
                influx.publish(in.getKey(), in.getValue());
            }
            influx.tick(0);
        } finally {
            influx.close();
        }
        List<String> expected = Files.readAllLines(c.resolve("expected.lp"), StandardCharsets.UTF_8);
        List<String> received = new ArrayList<>();
        while (received.size() < expected.size()) {
            DatagramPacket packet = new DatagramPacket(new byte[70_000], 70_000);
            receiver.receive(packet);
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            assertTrue(c + ": datagram does not end in a line end", text.endsWith("\n"));
            received.addAll(Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1)));
        }
        assertEquals(c.toString(), expected, received);
        receiver.setSoTimeout(200);
        try {
            receiver.receive(new DatagramPacket(new byte[100], 100));
            fail(c + ": more datagrams than expected");
        } catch (SocketTimeoutException e) {
            // nothing else was sent
        } finally {
            receiver.setSoTimeout(2000);
        }
    }

    private static void runErrorCase(Path c, Map<String, String> vars) throws Exception {
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        InfluxDb influx = new InfluxDb();
        try {
            influx.open(Fixtures.context(c.resolve("description.json"), vars, InfluxDb.SCHEME, InfluxDb.TERM, SPECS));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            influx.close();
        }
    }
}
