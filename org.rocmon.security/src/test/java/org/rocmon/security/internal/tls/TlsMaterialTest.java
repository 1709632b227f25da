package org.rocmon.security.internal.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.runtime.NodeProperties;

public class TlsMaterialTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final Set<String> NAMES = new LinkedHashSet<>(List.of("127.0.0.1", "::1", "localhost"));

    @Test
    public void firstStartMakesACaAndANodeCertificateWithPrivateFiles() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("tls"); // made by the node, so its mode is the node's
        CertificateAuthority.Loaded ca = CertificateAuthority.loadOrCreate(dir, "test CA");
        assertTrue(ca.created());
        NodeKeystore.Result node = NodeKeystore.ensure(dir, ca.ca(), NAMES, Instant.now());
        assertEquals("there was none", node.madeBecause());
        assertEquals("rw-------", mode(dir.resolve("ca.key")));
        assertEquals("rw-------", mode(dir.resolve("node.p12")));
        assertEquals("rw-------", mode(dir.resolve("node.password")));
        assertEquals("rwx------", mode(dir));
        assertTrue(Files.readString(dir.resolve("ca.crt")).startsWith("-----BEGIN CERTIFICATE-----"));

        X509Certificate cert = node.certificate();
        cert.verify(ca.ca().certificate().getPublicKey());
        assertEquals(Set.of("127.0.0.1", "0:0:0:0:0:0:0:1", "localhost"),
                Set.copyOf(NodeKeystore.subjectAltNames(cert)));
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1")); // serverAuth
        assertEquals(-1, cert.getBasicConstraints());
        assertTrue(ca.ca().certificate().getBasicConstraints() >= 0);
    }

    @Test
    public void restartReusesTheCertificateAndMakesItAgainWhenNamesChange() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("tls"); // made by the node, so its mode is the node's
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "test CA").ca();
        X509Certificate first = NodeKeystore.ensure(dir, ca, NAMES, Instant.now()).certificate();

        CertificateAuthority again = CertificateAuthority.loadOrCreate(dir, "test CA").ca();
        assertEquals(ca.certificate(), again.certificate());
        NodeKeystore.Result reused = NodeKeystore.ensure(dir, again, NAMES, Instant.now());
        assertNull(reused.madeBecause());
        assertEquals(first, reused.certificate());

        Set<String> more = new LinkedHashSet<>(NAMES);
        more.add("node1.example");
        NodeKeystore.Result renewed = NodeKeystore.ensure(dir, again, more, Instant.now());
        assertTrue(renewed.madeBecause(), renewed.madeBecause().contains("node1.example"));
        assertTrue(NodeKeystore.subjectAltNames(renewed.certificate()).contains("node1.example"));
        assertEquals(reused.password(), renewed.password());

        NodeKeystore.Result late = NodeKeystore.ensure(dir, again, more, Instant.now().plus(Duration.ofDays(380)));
        assertTrue(late.madeBecause(), late.madeBecause().startsWith("it ends on"));
    }

    @Test
    public void aNodeOfADeploymentIssuesFromTheSharedCaAndAnotherCaMeansANewCertificate() throws Exception {
        Path shared = tmp.newFolder("deployment-ca").toPath();
        Path node1 = tmp.newFolder("node1").toPath();
        Path node2 = tmp.newFolder("node2").toPath();
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(shared, "deployment").ca();
        X509Certificate c1 = NodeKeystore.ensure(node1, ca, NAMES, Instant.now()).certificate();
        X509Certificate c2 = NodeKeystore.ensure(node2,
                CertificateAuthority.loadOrCreate(shared, "other name").ca(), NAMES, Instant.now()).certificate();
        c1.verify(ca.certificate().getPublicKey());
        c2.verify(ca.certificate().getPublicKey());
        assertFalse(Files.exists(node1.resolve("ca.key")));

        CertificateAuthority rotated = CertificateAuthority.loadOrCreate(tmp.newFolder("new-ca").toPath(), "new")
                .ca();
        NodeKeystore.Result r = NodeKeystore.ensure(node1, rotated, NAMES, Instant.now());
        assertEquals("it was issued by another CA", r.madeBecause());
        assertNotEquals(c1, r.certificate());
    }

    @Test
    public void aCaFolderWithoutItsKeyOrWithAForeignKeyIsRefused() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        Path b = tmp.newFolder("b").toPath();
        CertificateAuthority.loadOrCreate(a, "a");
        CertificateAuthority.loadOrCreate(b, "b");
        Files.copy(b.resolve("ca.key"), a.resolve("ca.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IOException e = assertThrows(IOException.class, () -> CertificateAuthority.load(a));
        assertTrue(e.getMessage(), e.getMessage().contains("is not the private key"));
        Files.delete(b.resolve("ca.key"));
        e = assertThrows(IOException.class, () -> CertificateAuthority.loadOrCreate(b, "b"));
        assertTrue(e.getMessage(), e.getMessage().contains("no ca.key"));
    }

    @Test
    public void settingsNameTheBadProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsSettings.from(Map.of(NodeProperties.TLS, "maybe")::get));
        assertTrue(e.getMessage(), e.getMessage().contains("rocmon.tls=maybe"));
        e = assertThrows(IllegalArgumentException.class,
                () -> TlsSettings.from(Map.of("rocmon.tls.keystore", "/x.p12")::get));
        assertTrue(e.getMessage(), e.getMessage().contains("rocmon.tls.keystore.password"));
        e = assertThrows(IllegalArgumentException.class,
                () -> TlsSettings.from(Map.of("rocmon.tls.hosts", "bad host!")::get));
        assertTrue(e.getMessage(), e.getMessage().contains("rocmon.tls.hosts"));

        TlsSettings s = TlsSettings.from(Map.of("rocmon.tls.hosts", "node1.example, 10.0.0.5",
                NodeProperties.HTTP_HOST, "127.0.0.1")::get);
        assertTrue(s.enabled());
        assertTrue(s.loopbackOnly());
        assertEquals(Set.of("127.0.0.1", "::1", "localhost", "node1.example", "10.0.0.5"), s.names());
        assertFalse(TlsSettings.from(Map.of(NodeProperties.HTTP_HOST, "0.0.0.0")::get).loopbackOnly());
        assertFalse(TlsSettings.from(Map.<String, String>of()::get).loopbackOnly());
        assertNotNull(TlsSettings.from(Map.of(NodeProperties.HTTP_HOST, "::1")::get).url());
        assertTrue(TlsSettings.from(Map.of(NodeProperties.HTTP_HOST, "::1")::get).loopbackOnly());
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
