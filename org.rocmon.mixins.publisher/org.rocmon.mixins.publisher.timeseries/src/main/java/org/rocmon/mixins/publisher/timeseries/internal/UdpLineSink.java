package org.rocmon.mixins.publisher.timeseries.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends lines to an InfluxDB UDP listener, as many whole lines per datagram as fit in 65507 bytes. The socket is
 * not connected: a listener that is down loses datagrams silently, as UDP does, instead of failing later sends.
 */
final class UdpLineSink implements LineSink {

    /** 65535 minus the IPv4 and UDP headers. */
    static final int MAX_PAYLOAD = 65_507;

    private final InetSocketAddress target;
    private final DatagramSocket socket;

    UdpLineSink(InetSocketAddress target) throws SocketException {
        this.target = target;
        this.socket = new DatagramSocket();
    }

    @Override
    public void send(List<String> lines) throws IOException {
        StringBuilder payload = new StringBuilder();
        int bytes = 0;
        for (String line : lines) {
            int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (size > MAX_PAYLOAD) {
                throw new RefusedException("a line of " + size + " bytes does not fit in one datagram");
            }
            if (bytes + size > MAX_PAYLOAD) {
                datagram(payload);
                payload.setLength(0);
                bytes = 0;
            }
            payload.append(line).append('\n');
            bytes += size;
        }
        if (bytes > 0) {
            datagram(payload);
        }
    }

    private void datagram(StringBuilder payload) throws IOException {
        byte[] data = payload.toString().getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(data, data.length, target));
    }

    @Override
    public void close() {
        socket.close();
    }
}
