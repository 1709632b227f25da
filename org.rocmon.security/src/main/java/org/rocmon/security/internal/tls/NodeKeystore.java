package org.rocmon.security.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The node's own keystore ({@code node.p12}, PKCS12, mode 600) and its generated password ({@code node.password},
 * mode 600): one key entry, the node certificate issued by the deployment CA followed by the CA certificate.
 * Reused on restart, made again when it is missing, unreadable, issued by another CA, for other names than the
 * configuration asks, or within 30 days of its end.
 */
final class NodeKeystore {

    static final String FILE = "node.p12";
    static final String PASSWORD_FILE = "node.password";
    static final String ALIAS = "node";
    static final Duration VALIDITY = Duration.ofDays(397);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private NodeKeystore() {
    }

    /** The keystore Jetty reads, and why it was (re)made, or null when an existing one was reused. */
    record Result(Path path, String password, X509Certificate certificate, String madeBecause) {
    }

    static Result ensure(Path folder, CertificateAuthority ca, Set<String> names, Instant now)
            throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(folder)) {
            SecureFiles.folder(folder);
        }
        Path file = folder.resolve(FILE);
        Path passwordFile = folder.resolve(PASSWORD_FILE);
        String reason = reasonToRenew(file, passwordFile, ca, names, now);
        if (reason == null) {
            String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).trim();
            return new Result(file, password, nodeCertificate(file, password), null);
        }
        String password = Files.isRegularFile(passwordFile)
                ? Files.readString(passwordFile, StandardCharsets.US_ASCII).trim() : "";
        if (password.length() < 24) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            SecureFiles.write(passwordFile, password.getBytes(StandardCharsets.US_ASCII), false);
        }
        KeyPair pair = CertificateAuthority.keyPair();
        X509Certificate cert = ca.issue(pair.getPublic(), "rocmon node " + first(names), names, VALIDITY, now);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, pair.getPrivate(), password.toCharArray(),
                new Certificate[] {cert, ca.certificate()});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password.toCharArray());
        SecureFiles.write(file, out.toByteArray(), false);
        return new Result(file, password, cert, reason);
    }

    /** @return why the keystore must be made (again), or null when it is good */
    static String reasonToRenew(Path file, Path passwordFile, CertificateAuthority ca, Set<String> names,
            Instant now) {
        if (!Files.isRegularFile(file) || !Files.isRegularFile(passwordFile)) {
            return "there was none";
        }
        X509Certificate cert;
        try {
            cert = nodeCertificate(file, Files.readString(passwordFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | GeneralSecurityException e) {
            return "the existing one could not be read (" + e.getMessage() + ")";
        }
        try {
            cert.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return "it was issued by another CA";
        }
        if (cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return "it ends on " + cert.getNotAfter().toInstant();
        }
        Set<String> wanted = canonical(names);
        Set<String> has = canonical(subjectAltNames(cert));
        if (!has.equals(wanted)) {
            return "its names " + has + " are not the configured " + wanted;
        }
        return null;
    }

    static X509Certificate nodeCertificate(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        Certificate c = ks.getCertificate(ALIAS);
        if (!(c instanceof X509Certificate x) || !ks.isKeyEntry(ALIAS)) {
            throw new GeneralSecurityException("no key entry '" + ALIAS + "'");
        }
        return x;
    }

    static List<String> subjectAltNames(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            return sans == null ? List.of()
                    : sans.stream().filter(l -> l.size() == 2 && (Integer.valueOf(2).equals(l.get(0))
                            || Integer.valueOf(7).equals(l.get(0)))).map(l -> String.valueOf(l.get(1))).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static Set<String> canonical(Collection<String> names) {
        return names.stream().map(Hosts::canonical).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String first(Set<String> names) {
        return names.stream().filter(n -> !Hosts.isLoopback(n)).findFirst().orElse("localhost");
    }
}
