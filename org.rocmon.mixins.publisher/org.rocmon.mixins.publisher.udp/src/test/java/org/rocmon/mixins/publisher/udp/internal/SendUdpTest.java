package org.rocmon.mixins.publisher.udp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Rule;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.UdpReceiver;
import org.rocmon.testkit.MixinContexts;

public class SendUdpTest {

    @Rule
    public final UdpReceiver receiver = new UdpReceiver();

    private static AttributeContext context(int port) throws InvalidAttributeException {
        String p = MixinContexts.prefix(SendUdp.SCHEME, SendUdp.TERM);
        return AttributeContext.create(p, MixinContexts.specs(SendUdp.HOSTNAME, SendUdp.PORT, SendUdp.INPUT), "s01",
                Map.of(p + "hostname", "127.0.0.1", p + "port", port, p + "input", "c"), 3000, Map.of());
    }

    private JsonNode sendAndReceive(Measurement m) throws Exception {
        SendUdp udp = new SendUdp();
        udp.open(context(receiver.port()));
        try {
            udp.publish("c", m);
        } finally {
            udp.close();
        }
        byte[] payload = receiver.receiveBytes();
        assertTrue("datagram of " + payload.length, payload.length <= Datagrams.MAX_PAYLOAD);
        return new ObjectMapper().readTree(payload);
    }

    @Test
    public void aLongValueIsCutToFitOneDatagram() throws Exception {
        String big = "x".repeat(100_000);
        JsonNode n = sendAndReceive(Measurement.of(big, 5).withSource("c01").withUnit("u").withState(State.OK));
        String value = n.get("value").asText();
        assertTrue("cut to " + value.length(), value.length() >= Datagrams.MAX_PAYLOAD - 200 && big.startsWith(value));
        assertEquals("c01", n.get("source").asText());
        assertEquals("OK", n.get("state").asText());
        assertEquals(5, n.get("ts").asLong());
    }

    @Test
    public void cuttingCountsEscapesAndKeepsSurrogatePairsWhole() throws Exception {
        // quotes double in JSON and each emoji is two chars and four bytes
        String big = "\"\uD83D\uDE00".repeat(30_000);
        JsonNode n = sendAndReceive(Measurement.of(big, 6));
        String value = n.get("value").asText();
        assertTrue("cut to " + value.length(), value.length() > 1000);
        assertTrue("not a prefix", big.startsWith(value));
        assertTrue(!Character.isHighSurrogate(value.charAt(value.length() - 1)));
    }

    @Test
    public void aReceiverThatIsDownDoesNotMakeLaterSendsFail() throws Exception {
        int port;
        try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            port = gone.getLocalPort();
        }
        SendUdp udp = new SendUdp();
        udp.open(context(port));
        try {
            for (int i = 0; i < 3; i++) {
                udp.publish("c", Measurement.of(i, i));
            }
        } finally {
            udp.close();
            udp.close();
        }
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new SendUdp().close();
    }
}
