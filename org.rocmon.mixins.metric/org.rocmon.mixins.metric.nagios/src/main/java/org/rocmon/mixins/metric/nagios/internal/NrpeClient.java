package org.rocmon.mixins.metric.nagios.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One NRPE exchange per call: connect, optionally TLS, send a query, read the response, hang up. Every blocking
 * step is bounded by what is left of one deadline, on the calling thread.
 *
 * <p>TLS follows NRPE's model: encryption without server authentication. NRPE's default is anonymous
 * Diffie-Hellman, whose suites (TLS_DH_anon_*) are offered here next to the JDK's defaults; but the JDK disables
 * them node-wide through {@code jdk.tls.disabledAlgorithms} ("anon"), so against a certificate-less nrpe the
 * handshake only succeeds when the node operator has allowed them. A server with a certificate works with the
 * JDK's defaults; its certificate is not checked, exactly as check_nrpe does not check it.
 */
final class NrpeClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SSLSocketFactory tls;

    NrpeClient() {
        this.tls = tlsFactory();
    }

    /**
     * @param version 2 or 4
     * @throws IOException when the exchange fails; {@link java.io.EOFException} when the server hung up without
     *         answering
     */
    NrpePacket.Response query(String host, int port, boolean ssl, long deadlineNanos, int version, String query)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadlineNanos));
            Socket s = socket;
            if (ssl) {
                SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port, true);
                secure.setEnabledProtocols(protocols(secure.getSupportedProtocols()));
                secure.setEnabledCipherSuites(suites(secure.getEnabledCipherSuites(), secure.getSupportedCipherSuites()));
                secure.setSoTimeout(remainingMillis(deadlineNanos));
                secure.startHandshake();
                s = secure;
            }
            OutputStream out = s.getOutputStream();
            out.write(NrpePacket.query(version, query, RANDOM));
            out.flush();
            s.setSoTimeout(remainingMillis(deadlineNanos));
            InputStream in = new DeadlineInputStream(s, deadlineNanos);
            return NrpePacket.read(in);
        }
    }

    static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    /** TLS 1.3 for servers with a certificate; 1.2 is where the anonymous suites live. */
    private static String[] protocols(String[] supported) {
        List<String> out = new ArrayList<>();
        for (String p : supported) {
            if (p.equals("TLSv1.3") || p.equals("TLSv1.2")) {
                out.add(p);
            }
        }
        return out.toArray(new String[0]);
    }

    private static String[] suites(String[] enabled, String[] supported) {
        Set<String> out = new LinkedHashSet<>(Arrays.asList(enabled));
        for (String s : supported) {
            if (s.startsWith("TLS_DH_anon_") && s.contains("_AES_")) {
                out.add(s);
            }
        }
        return out.toArray(new String[0]);
    }

    private static SSLSocketFactory tlsFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyServer()}, RANDOM);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no TLS", e);
        }
    }

    /** NRPE servers carry self-made certificates or none; like check_nrpe, the certificate is not verified. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepted: see the class comment
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Re-arms the socket timeout before every read so the whole response shares one deadline. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;

        DeadlineInputStream(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            return in.read(b, off, len);
        }
    }
}
