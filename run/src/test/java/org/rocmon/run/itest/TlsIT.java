package org.rocmon.run.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.HttpsURLConnection;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * TLS by default, against real node processes: HTTPS with the deployment's CA (and nothing else) trusted, no plain
 * HTTP on the node's port, the certificate kept across a restart; the development switch {@code rocmon.tls=off}
 * serving plain HTTP on loopback; and a node told to serve plain HTTP on a non-loopback address refusing to serve.
 */
public class TlsIT {

    /** TEST-NET-1 (RFC 5737): not an address of this machine, never routed; the node must not even try it. */
    private static final String FOREIGN_ADDRESS = "192.0.2.1";

    private static MultiNode nodes;
    private static NodeProcess secure;
    private static NodeProcess plain;

    @BeforeClass
    public static void startNodes() {
        nodes = new MultiNode("tls");
        secure = nodes.create("secure");
        plain = nodes.create("plain", RocmonOptions.ADMIN_PASSWORD, Map.of(Node.TLS_PROPERTY, "off"));
        nodes.startAll(List.of(secure, plain));
    }

    @AfterClass
    public static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    public void httpsWithTheDeploymentCaAndNoPlainHttp() throws Exception {
        assertTrue(secure.node.base, secure.node.base.startsWith("https://127.0.0.1:"));
        Node.Response r = secure.node.get("/sensor/");
        assertEquals(r.toString(), 200, r.code);

        X509Certificate served = servedCertificate(secure);
        X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(nodes.caFolder().resolve("ca.crt")));
        served.verify(ca.getPublicKey());
        Set<String> names = served.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1)))
                .collect(Collectors.toSet());
        assertTrue(names.toString(), names.containsAll(Set.of("127.0.0.1", "0:0:0:0:0:0:0:1", "localhost")));

        assertEquals("the CA key and the node keystore are the node user's only", "rw-------",
                mode(nodes.caFolder().resolve("ca.key")));
        assertEquals("rw-------", mode(secure.data.resolve("security/tls/node.p12")));
        assertEquals("rw-------", mode(secure.data.resolve("security/tls/node.password")));
        assertTrue(secure.log(), secure.log().contains("TLS: HTTPS and WSS only on https://127.0.0.1:" + secure.port));

        int plainCode = status(new URL("http://127.0.0.1:" + secure.port + "/sensor/"), false);
        assertNotEquals("plain HTTP is not served on the node's port", 200, plainCode);
        assertEquals("a client that does not trust the node's CA cannot connect", -1,
                status(new URL(secure.url("/sensor/")), false));
        assertEquals(200, status(new URL(secure.url("/sensor/")), true));
    }

    @Test
    public void aRestartKeepsTheCaAndTheNodeCertificate() throws Exception {
        X509Certificate before = servedCertificate(secure);
        byte[] caBefore = Files.readAllBytes(nodes.caFolder().resolve("ca.crt"));
        secure.stop();
        secure.start();
        assertEquals(before, servedCertificate(secure));
        assertArrayEquals(caBefore, Files.readAllBytes(nodes.caFolder().resolve("ca.crt")));
        assertFalse("no second certificate was made", secure.log().lastIndexOf("made the node certificate")
                > secure.log().lastIndexOf("==== start"));
    }

    @Test
    public void theDevelopmentSwitchServesPlainHttpOnLoopback() {
        assertTrue(plain.node.base, plain.node.base.startsWith("http://127.0.0.1:"));
        Node.Response r = plain.node.get("/sensor/");
        assertEquals(r.toString(), 200, r.code);
        assertTrue(plain.log(), plain.log().contains("TLS: OFF (rocmon.tls=off, development only)"));
        assertFalse(plain.log(), plain.log().contains("HTTPS:" + plain.port));
    }

    @Test
    public void aNonLoopbackBindWithoutTlsServesNothing() {
        NodeProcess open = nodes.create("open", RocmonOptions.ADMIN_PASSWORD,
                Map.of(Node.TLS_PROPERTY, "off", "org.apache.felix.http.host", FOREIGN_ADDRESS));
        open.launch();
        Node.await("the node refuses plain HTTP on " + FOREIGN_ADDRESS, 120_000,
                () -> open.log().contains("plain HTTP is for development on a loopback address only"));
        assertTrue(open.log(), open.log().contains("ERROR org.rocmon.security.internal.tls.NodeTls - TLS is off "
                + "(rocmon.tls=off) but the node binds " + FOREIGN_ADDRESS));
        // Jetty would start within the second the refusal took; give it more, then check it never did.
        Node.sleep(3_000);
        assertFalse(open.log(), open.log().contains("Started Jetty"));
        assertFalse("nothing listens on the node's port", listening(open.port));
        assertTrue("the node process itself keeps running (its other bundles are up)", open.alive());
    }

    private static X509Certificate servedCertificate(NodeProcess n) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) n.node.open(n.url("/sensor/"));
        try {
            c.connect();
            Certificate[] chain = c.getServerCertificates();
            return (X509Certificate) chain[0];
        } finally {
            c.disconnect();
        }
    }

    /** @return the status of a GET, or -1 when no HTTP answer came (refused, reset, TLS failure) */
    private static int status(URL url, boolean trustTheCa) {
        try {
            HttpURLConnection c = trustTheCa ? secure.node.open(url.toString())
                    : (HttpURLConnection) url.openConnection();
            // the node APIs also want the node credential; without it a trusted connection would get 401
            c.setRequestProperty("Authorization", secure.node.nodeAuthorization());
            c.setConnectTimeout(5_000);
            c.setReadTimeout(5_000);
            int code = c.getResponseCode();
            c.disconnect();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
