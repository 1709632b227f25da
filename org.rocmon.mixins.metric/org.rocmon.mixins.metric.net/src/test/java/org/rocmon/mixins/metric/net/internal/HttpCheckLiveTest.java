package org.rocmon.mixins.metric.net.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.State;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingOutput;

/**
 * HTTPCheck against real loopback servers: https with a self-signed certificate the test makes with keytool (30
 * days), a server slower than the timeout, and the promise that repeated checks leave no thread behind.
 */
public class HttpCheckLiveTest {

    private static final String[] SPECS = {HttpCheck.URL, HttpCheck.METHOD, HttpCheck.EXPECT, HttpCheck.TIMEOUT,
        HttpCheck.VERIFY, HttpCheck.OUT, HttpCheck.OUTSTATUS, HttpCheck.OUTLATENCY, HttpCheck.OUTDAYS};
    private static final char[] PASSWORD = "changeit".toCharArray();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private HttpServer server;

    @After
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static RecordingOutput check(Map<String, Object> attributes) throws Exception {
        HttpCheck check = new HttpCheck();
        check.open(MixinContexts.of(HttpCheck.SCHEME, HttpCheck.TERM, attributes, SPECS));
        RecordingOutput out = new RecordingOutput();
        try {
            check.measure(out);
        } finally {
            check.close();
        }
        return out;
    }

    private void serve(HttpServer s, long delayMillis) {
        server = s;
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private int startHttps(int validityDays) throws Exception {
        File store = new File(temp.getRoot(), "server.p12");
        Process keytool = new ProcessBuilder(System.getProperty("java.home") + "/bin/keytool", "-genkeypair",
                "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", Integer.toString(validityDays),
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", store.getPath(), "-storetype",
                "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("keytool timed out", keytool.waitFor(60, TimeUnit.SECONDS));
        assertEquals("keytool: " + said, 0, keytool.exitValue());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        serve(https, 0);
        return https.getAddress().getPort();
    }

    @Test
    public void selfSignedCertificateExpiryIsMeasuredWithoutVerification() throws Exception {
        int port = startHttps(30);
        Map<String, Object> a = new HashMap<>(Map.of("url", "https://127.0.0.1:" + port + "/", "verify", false,
                "out", "up", "outstatus", "code", "outlatency", "ms", "outdays", "days"));
        RecordingOutput out = check(a);
        assertEquals(Boolean.TRUE, out.get("up").value());
        assertEquals(State.OK, out.get("up").state());
        assertEquals(200.0, out.get("code").asDouble(), 0);
        double days = out.get("days").asDouble();
        assertTrue("keytool -validity 30 gives about 30 days left, not " + days, days > 29.99 && days <= 30.0001);
        assertEquals("d", out.get("days").unit());
        assertTrue(out.get("ms").asDouble() > 0);
    }

    @Test
    public void selfSignedCertificateFailsWhenVerified() throws Exception {
        int port = startHttps(30);
        RecordingOutput out = check(Map.of("url", "https://127.0.0.1:" + port + "/", "out", "up",
                "outstatus", "code", "outdays", "days"));
        assertEquals(Boolean.FALSE, out.get("up").value());
        assertEquals(State.CRITICAL, out.get("up").state());
        assertEquals("no status or expiry after a failed handshake: " + out.written, List.of("up"), out.order);
    }

    @Test
    public void slowServerTimesOutAsCritical() throws Exception {
        serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), 3000);
        long start = System.nanoTime();
        RecordingOutput out = check(Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "timeout", 0.3, "out", "up", "outstatus", "code"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Boolean.FALSE, out.get("up").value());
        assertEquals(State.CRITICAL, out.get("up").state());
        assertTrue("bounded by the timeout, took " + millis + " ms", millis < 2000);
    }

    @Test
    public void repeatedChecksLeaveNoThreadBehind() throws Exception {
        serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), 0);
        HttpCheck check = new HttpCheck();
        check.open(MixinContexts.of(HttpCheck.SCHEME, HttpCheck.TERM,
                Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/", "out", "up"), SPECS));
        for (int i = 0; i < 5; i++) {
            RecordingOutput out = new RecordingOutput();
            check.measure(out);
            assertEquals(Boolean.TRUE, out.get("up").value());
        }
        check.close();
        List<String> clientThreads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("HttpClient") || n.startsWith("Keep-Alive")).collect(Collectors.toList());
        assertFalse("threads started by the check: " + clientThreads, !clientThreads.isEmpty());
    }
}
