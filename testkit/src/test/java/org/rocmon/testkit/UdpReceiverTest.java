package org.rocmon.testkit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.Rule;
import org.junit.Test;

public class UdpReceiverTest {

    @Rule
    public final UdpReceiver receiver = new UdpReceiver();

    @Test
    public void receivesInOrderThenNothingMore() throws Exception {
        send("one");
        send("two");
        assertEquals("one", receiver.receive());
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), receiver.receiveBytes());
        receiver.assertNothingMore("quiet");
    }

    @Test
    public void anExtraDatagramFails() throws Exception {
        send("extra");
        try {
            receiver.assertNothingMore("case");
            fail("the extra datagram went unnoticed");
        } catch (AssertionError e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("case: more datagrams"));
        }
    }

    private void send(String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(b, b.length, InetAddress.getByName("127.0.0.1"), receiver.port()));
        }
    }
}
