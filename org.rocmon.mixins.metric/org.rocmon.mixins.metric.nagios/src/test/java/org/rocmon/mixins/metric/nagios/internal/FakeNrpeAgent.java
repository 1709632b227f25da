package org.rocmon.mixins.metric.nagios.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;

/**
 * A test-only NRPE agent without TLS on loopback, written from the protocol description rather than from our
 * encoder: it checks each query's CRC, answers in the query's version with a fixed output and result, or hangs up
 * on anything but version 2 when it plays an agent older than NRPE 4. Queries it took are kept in order.
 */
final class FakeNrpeAgent implements AutoCloseable {

    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<Integer> versions = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread thread;
    private final String output;
    private final int result;
    private final boolean v2only;

    FakeNrpeAgent(String output, int result, boolean v2only) throws IOException {
        this.output = output;
        this.result = result;
        this.v2only = v2only;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "fake-nrpe-agent");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                answer(s);
            } catch (IOException e) {
                // next connection, or closed
            }
        }
    }

    private void answer(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] packet = new byte[1036];
        in.readFully(packet); // every query is at least a v2 packet long
        ByteBuffer b = ByteBuffer.wrap(packet);
        int version = b.getShort(0);
        versions.add(version);
        if (version != 2 && v2only) {
            return; // hang up, as nrpe 2.x and 3.x do
        }
        long crc = b.getInt(4) & 0xFFFFFFFFL;
        b.putInt(4, 0);
        int length;
        byte[] whole;
        if (version == 2) {
            whole = packet;
            length = 1024;
        } else {
            length = b.getInt(12);
            whole = new byte[16 + length];
            System.arraycopy(packet, 0, whole, 0, 1036);
            in.readFully(whole, 1036, whole.length - 1036);
        }
        CRC32 c = new CRC32();
        c.update(whole);
        if (c.getValue() != crc) {
            throw new IOException("bad query CRC");
        }
        int start = version == 2 ? 10 : 16;
        int end = start;
        while (whole[end] != 0) {
            end++;
        }
        queries.add(new String(whole, start, end - start, StandardCharsets.UTF_8));
        byte[] text = output.getBytes(StandardCharsets.UTF_8);
        byte[] reply;
        if (version == 2) {
            reply = new byte[1036];
            ByteBuffer r = ByteBuffer.wrap(reply);
            r.putShort((short) 2).putShort((short) 2).putInt(0).putShort((short) result);
            r.put(text, 0, Math.min(text.length, 1023));
        } else {
            reply = new byte[16 + text.length + 1];
            ByteBuffer r = ByteBuffer.wrap(reply);
            r.putShort((short) version).putShort((short) 2).putInt(0).putShort((short) result).putShort((short) 0)
                    .putInt(text.length + 1).put(text);
        }
        CRC32 rc = new CRC32();
        rc.update(reply);
        ByteBuffer.wrap(reply).putInt(4, (int) rc.getValue());
        s.getOutputStream().write(reply);
        s.getOutputStream().flush();
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5000);
    }
}
