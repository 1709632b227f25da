package org.rocmon.run.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A browser's login, for headless Chromium (which does not answer a Basic challenge with the credentials of a
 * URL): a loopback relay to a node that adds {@code Authorization} to every request and sends each on its own
 * connection ({@code Connection: close}); responses, server-sent events included, stream back unchanged. With
 * {@link #failApi} set, requests under {@code /dashboard/api/} get the connection closed without an answer, as
 * when the node has gone away after the page loaded.
 */
final class LoginProxy implements AutoCloseable {

    final int port;
    private final int target;
    private final String authorization;
    private final ServerSocket server;
    volatile boolean failApi;
    private volatile boolean closed;

    LoginProxy(int target, String authorization) throws IOException {
        this.target = target;
        this.authorization = authorization;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        Thread t = new Thread(this::accept, "login-proxy-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> relay(client), "login-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            int state = 0; // counts the bytes of \r\n\r\n seen
            while (state < 4 && (b = in.read()) >= 0) {
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : 0;
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            if (lines.length == 0 || lines[0].isEmpty()) {
                return;
            }
            if (failApi && lines[0].contains(" /dashboard/api/")) {
                return;
            }
            StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String l = lines[i].toLowerCase(java.util.Locale.ROOT);
                if (!l.isEmpty() && !l.startsWith("authorization:") && !l.startsWith("connection:")) {
                    out.append(lines[i]).append("\r\n");
                }
            }
            out.append("Authorization: ").append(authorization).append("\r\nConnection: close\r\n\r\n");
            OutputStream up = upstream.getOutputStream();
            up.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.flush();
            Thread body = new Thread(() -> {
                try {
                    in.transferTo(up);
                } catch (IOException e) {
                    // the client went away
                }
            }, "login-proxy-body");
            body.setDaemon(true);
            body.start();
            upstream.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException e) {
            // either side went away
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
