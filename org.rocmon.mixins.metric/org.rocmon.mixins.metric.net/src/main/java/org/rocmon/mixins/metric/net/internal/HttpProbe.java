package org.rocmon.mixins.metric.net.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange with {@code Connection: close} on a socket the caller's thread owns from connect to close.
 * The JDK's clients were not used on purpose: java.net.http's HttpClient starts a selector thread per client (with no
 * close before Java 21), and HttpURLConnection hands finished connections to its keep-alive cache, whose timer
 * thread it starts, whenever a server does not answer {@code Connection: close}. Mixins never start threads.
 */
final class HttpProbe {

    /** Longest status line or header line read; longer ones are a protocol error. */
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 200;

    /** What one exchange gave. */
    static final class Result {
        final int status;
        /** Expiry of the server's leaf certificate in epoch ms, or -1 over plain http. */
        final long notAfter;

        Result(int status, long notAfter) {
            this.status = status;
            this.notAfter = notAfter;
        }
    }

    private HttpProbe() {
    }

    /**
     * @param uri an absolute http or https URI
     * @param method GET or HEAD
     * @param timeoutMillis bound of the connect, of every read, and of the whole exchange
     * @param tls the factory for https: the JDK's default (verifying) one or a trusting one
     * @param verifyHost whether the certificate must name the host (https only)
     * @param maxBody how much of a body is read and thrown away
     * @return the status and certificate expiry
     * @throws IOException when the exchange fails (refused, timed out, handshake, not HTTP)
     */
    static Result exchange(URI uri, String method, int timeoutMillis, SSLSocketFactory tls, boolean verifyHost,
            int maxBody) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(bare, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            Socket socket = plain;
            long notAfter = -1;
            if (https) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(plain, bare, port, true);
                if (verifyHost) {
                    SSLParameters params = ssl.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(params);
                }
                ssl.startHandshake();
                Certificate[] chain = ssl.getSession().getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                    notAfter = ((X509Certificate) chain[0]).getNotAfter().getTime();
                }
                socket = ssl;
            }
            String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                target += "?" + uri.getRawQuery();
            }
            boolean defaultPort = uri.getPort() < 0;
            String request = method + " " + target + " HTTP/1.1\r\n"
                    + "Host: " + host + (defaultPort ? "" : ":" + port) + "\r\n"
                    + "User-Agent: Rocmon-HTTPCheck/1.0\r\nAccept: */*\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int status = statusOf(line(in));
            for (int i = 0; !line(in).isEmpty(); i++) {
                if (i > MAX_HEADERS) {
                    throw new ProtocolException("more than " + MAX_HEADERS + " header lines");
                }
            }
            if (!method.equals("HEAD")) {
                drain(in, maxBody, deadline);
            }
            return new Result(status, notAfter);
        }
    }

    private static int statusOf(String statusLine) throws ProtocolException {
        String[] f = statusLine.split(" ", 3);
        if (f.length < 2 || !f[0].startsWith("HTTP/") || !f[1].matches("\\d{3}")) {
            throw new ProtocolException("not an HTTP status line: '"
                    + (statusLine.length() > 80 ? statusLine.substring(0, 80) + "..." : statusLine) + "'");
        }
        return Integer.parseInt(f[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new ProtocolException("the server closed the connection inside the header");
            }
            if (b.size() >= MAX_LINE) {
                throw new ProtocolException("a header line is longer than " + MAX_LINE + " bytes");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads to the end of the body (the server closes after it), at most {@code max} bytes and until the deadline. */
    private static void drain(InputStream in, int max, long deadline) throws IOException {
        byte[] buffer = new byte[8192];
        long left = max;
        int n;
        while (left > 0 && System.nanoTime() < deadline
                && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }
}
