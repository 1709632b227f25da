package org.rocmon.run.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real HTTP/1.1 server on 127.0.0.1 that records the bodies POSTed to it and answers 204: the callback of NGSI
 * subscriptions in the tests. Plain {@link ServerSocket}, since the probe bundle cannot import the JDK's
 * {@code com.sun.net.httpserver} (not a system package of the framework). {@link #stop} closes the port, so a
 * notifier meets a refused connection; {@link #start} opens the same port again.
 */
final class CallbackReceiver implements AutoCloseable {

    private final List<String> bodies = new ArrayList<>();
    private int port;
    private volatile ServerSocket server;

    /** Opens on a free port (first start) or the port it had before. */
    synchronized CallbackReceiver start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = s.getLocalPort();
        server = s;
        Thread t = new Thread(() -> accept(s), "itest-callback-" + port);
        t.setDaemon(true);
        t.start();
        return this;
    }

    synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** @return the bodies received so far, in order */
    List<String> bodies() {
        synchronized (bodies) {
            return new ArrayList<>(bodies);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try (Socket c = s.accept()) {
                c.setSoTimeout(5_000);
                handle(c);
            } catch (IOException e) {
                // closed, or a client that went away
            }
        }
    }

    private void handle(Socket c) throws IOException {
        InputStream in = c.getInputStream();
        int length = 0;
        String line;
        String request = readLine(in);
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (request != null && request.startsWith("POST ")) {
            synchronized (bodies) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
            }
        }
        OutputStream out = c.getOutputStream();
        out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        while ((ch = in.read()) >= 0 && ch != '\n') {
            if (ch != '\r') {
                b.write(ch);
            }
        }
        return ch < 0 && b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
