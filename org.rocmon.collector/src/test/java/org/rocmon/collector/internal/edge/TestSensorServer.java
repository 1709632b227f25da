package org.rocmon.collector.internal.edge;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A minimal RFC 6455 server on 127.0.0.1 playing the sensor side of the collector protocol: it acks on open with
 * what it has, accepts frames with a sequence number above the last accepted one in the same epoch, and acks them.
 * Its {@link State} can outlive it, like a sensor that persists its per-collector sequence numbers.
 */
public final class TestSensorServer implements AutoCloseable {

    /** What a sensor remembers across restarts. */
    public static final class State {
        public final List<Long> accepted = new CopyOnWriteArrayList<>();
        public final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        final AtomicInteger duplicates = new AtomicInteger();
        volatile long epoch;
        volatile long lastSeq;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final State state;
    volatile boolean refuse;
    /** Body of a refused upgrade (problem+json, as the real sensor answers), or null for none. */
    volatile String refusalBody;
    /** Whether a plain GET of the sensor answers 404, as for a sensor that does not exist. */
    volatile boolean missing;
    volatile boolean ack = true;
    final AtomicInteger upgrades = new AtomicInteger();
    public final AtomicInteger closeFrames = new AtomicInteger();
    public final List<String> collectorHeaders = new CopyOnWriteArrayList<>();
    /** Rocmon-Source header of each upgrade ("null" when absent). */
    public final List<String> sourceHeaders = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    public TestSensorServer(int port, State state) throws IOException {
        this.state = state;
        server = bind(port);
        acceptor = new Thread(this::acceptLoop, "test-sensor-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    // A retrying client may briefly hold the freed port itself (a TCP self-connect), so rebinding retries.
    private static ServerSocket bind(int port) throws IOException {
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return s;
            } catch (IOException e) {
                s.close();
                if (port == 0 || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "test-sensor-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String key = null;
            String collector = null;
            String source = null;
            for (String line : readHead(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    if (name.equals("sec-websocket-key")) {
                        key = value;
                    } else if (name.equals("rocmon-collector")) {
                        collector = value;
                    } else if (name.equals("rocmon-source")) {
                        source = value;
                    }
                }
            }
            collectorHeaders.add(String.valueOf(collector));
            sourceHeaders.add(String.valueOf(source));
            if (key == null && missing) {
                answer(out, "404 Not Found", "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                        + "\"detail\":\"no sensor s01\"}");
                return;
            }
            if (refuse || key == null) {
                answer(out, "403 Forbidden", refusalBody);
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            upgrades.incrementAndGet();
            if (ack) {
                sendText(out, "{\"ack\":" + state.lastSeq + ",\"epoch\":" + state.epoch + "}");
            }
            DataInputStream data = new DataInputStream(in);
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int b0 = data.readUnsignedByte();
                int b1 = data.readUnsignedByte();
                int opcode = b0 & 0x0F;
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = data.readUnsignedShort();
                } else if (len == 127) {
                    len = data.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    data.readFully(mask);
                }
                byte[] payload = new byte[(int) len];
                data.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if (opcode == 8) {
                    closeFrames.incrementAndGet();
                    writeFrame(out, 0x88, new byte[] {3, (byte) 232});
                    return;
                } else if (opcode == 9) {
                    writeFrame(out, 0x8A, payload);
                } else if (opcode == 1 || opcode == 0) {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        take(out, message.toString(StandardCharsets.UTF_8));
                        message.reset();
                    }
                }
            }
        } catch (Exception e) {
            // connection gone
        } finally {
            sockets.remove(s);
        }
    }

    private synchronized void take(OutputStream out, String text) throws IOException {
        JsonNode frame = MAPPER.readTree(text);
        long epoch = frame.path("epoch").asLong();
        long seq = frame.path("seq").asLong();
        if (epoch != state.epoch) {
            state.epoch = epoch;
            state.lastSeq = 0;
        }
        if (seq <= state.lastSeq) {
            state.duplicates.incrementAndGet();
        } else {
            state.lastSeq = seq;
            state.accepted.add(seq);
            state.frames.add(frame);
        }
        if (ack) {
            sendText(out, "{\"ack\":" + state.lastSeq + ",\"epoch\":" + state.epoch + "}");
        }
    }

    /** Sends an ack by hand to every open socket. */
    void sendAck(long seq, long epoch) throws IOException {
        for (Socket s : sockets) {
            sendText(s.getOutputStream(), "{\"ack\":" + seq + ",\"epoch\":" + epoch + "}");
        }
    }

    private static void sendText(OutputStream out, String text) throws IOException {
        writeFrame(out, 0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeFrame(OutputStream out, int b0, byte[] payload) throws IOException {
        synchronized (out) {
            out.write(b0);
            if (payload.length < 126) {
                out.write(payload.length);
            } else {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xFF);
            }
            out.write(payload);
            out.flush();
        }
    }

    private static void answer(OutputStream out, String status, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\n" + (body == null ? "" : "Content-Type: application/problem+json\r\n")
                + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String l = line.toString().trim();
                if (l.isEmpty()) {
                    break;
                }
                lines.add(l);
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        return lines;
    }

    int openConnections() {
        return sockets.size();
    }

    /** Stops abruptly, like a crashed or restarted sensor. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
