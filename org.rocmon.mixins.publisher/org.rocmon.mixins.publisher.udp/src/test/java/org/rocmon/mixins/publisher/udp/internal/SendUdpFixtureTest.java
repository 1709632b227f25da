package org.rocmon.mixins.publisher.udp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * Runs every folder under testcases/SendUDP against a real receiver on 127.0.0.1 and an ephemeral port
 * {@code ${port}}: {@code description.json} (an OCCI sensor description), then either {@code input.jsonl} and
 * {@code expected.jsonl} (the exact datagrams, in order) or {@code error.txt} (the attribute the refusal names,
 * then text its message contains).
 */
public class SendUdpFixtureTest {

    private static final String[] SPECS = {SendUdp.HOSTNAME, SendUdp.PORT, SendUdp.INPUT};

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
        Map<String, String> vars = Map.of("port", Integer.toString(receiver.getLocalPort()));
        int data = 0;
        int errors = 0;
        for (Path c : Fixtures.cases(SendUdp.TERM)) {
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c, vars);
                errors++;
            } else {
                runDataCase(c, vars);
                data++;
            }
        }
        assertTrue("need data and error cases", data >= 2 && errors >= 4);
    }

    private void runDataCase(Path c, Map<String, String> vars) throws Exception {
        SendUdp udp = new SendUdp();
        udp.open(Fixtures.context(c.resolve("description.json"), vars, SendUdp.SCHEME, SendUdp.TERM, SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = Fixtures.input(line);
                udp.publish(in.getKey(), in.getValue());
            }
        } finally {
            udp.close();
        }
        for (String expected : Fixtures.lines(c.resolve("expected.jsonl"))) {
            DatagramPacket packet = new DatagramPacket(new byte[70_000], 70_000);
            receiver.receive(packet);
            assertEquals(c.toString(), expected,
                    new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
        receiver.setSoTimeout(200);
        try {
            receiver.receive(new DatagramPacket(new byte[100], 100));
            fail(c + ": more datagrams than expected");
        } catch (java.net.SocketTimeoutException e) {
            // nothing else was sent
        } finally {
            receiver.setSoTimeout(2000);
        }
    }

    private static void runErrorCase(Path c, Map<String, String> vars) throws Exception {
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        SendUdp udp = new SendUdp();
        try {
            udp.open(Fixtures.context(c.resolve("description.json"), vars, SendUdp.SCHEME, SendUdp.TERM, SPECS));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            udp.close();
        }
    }
}
