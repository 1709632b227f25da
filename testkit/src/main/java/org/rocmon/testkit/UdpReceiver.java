package org.rocmon.testkit;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.rules.ExternalResource;

/**
 * A JUnit rule: a real UDP socket on 127.0.0.1 and an ephemeral port, open for each test. Receiving waits up to
 * 2 s; {@link #assertNothingMore(String)} waits 200 ms for a datagram that must not come.
 */
public final class UdpReceiver extends ExternalResource {

    private static final int WAIT_MILLIS = 2000;
    private static final int QUIET_MILLIS = 200;

    private DatagramSocket socket;

    @Override
    protected void before() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        socket.setSoTimeout(WAIT_MILLIS);
        // Bursts of large datagrams must not be dropped by a small default buffer.
        socket.setReceiveBufferSize(1 << 20);
    }

    @Override
    protected void after() {
        socket.close();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** @return the payload of the next datagram */
    public byte[] receiveBytes() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[70_000], 70_000);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** @return the payload of the next datagram as UTF-8 text */
    public String receive() throws IOException {
        return new String(receiveBytes(), StandardCharsets.UTF_8);
    }

    /** Fails if another datagram arrives within 200 ms. */
    public void assertNothingMore(String where) throws IOException {
        socket.setSoTimeout(QUIET_MILLIS);
        try {
            socket.receive(new DatagramPacket(new byte[100], 100));
            fail(where + ": more datagrams than expected");
        } catch (SocketTimeoutException e) {
            // nothing else was sent
        } finally {
            socket.setSoTimeout(WAIT_MILLIS);
        }
    }
}
