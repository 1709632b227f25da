package org.rocmon.security.internal.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A deployment's certificate authority: {@code ca.crt} (PEM, what clients trust) and {@code ca.key} (PEM, mode
 * 600) in one folder, made with Bouncy Castle. EC P-256 keys, ECDSA-SHA256 signatures (what curl, browsers and the
 * JDK accept everywhere, and fast to make); the JDK's providers do the cryptography, Bouncy Castle the X.509.
 */
final class CertificateAuthority {

    static final String CERT = "ca.crt";
    static final String KEY = "ca.key";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(Path folder, X509Certificate certificate, PrivateKey key) {
        this.folder = folder;
        this.certificate = certificate;
        this.key = key;
    }

    /** @return true when the folder holds a CA certificate */
    static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve(CERT));
    }

    /**
     * Loads the CA of the folder, or creates one there when it holds none. Nodes sharing a folder on one machine
     * may start together: creation happens under a file lock, and whoever comes second loads what the first made.
     *
     * @param name the CA's common name, when one is made
     * @return the CA and whether it was made now
     */
    static Loaded loadOrCreate(Path folder, String name) throws IOException, GeneralSecurityException {
        if (exists(folder)) {
            return new Loaded(load(folder), false); // an operator's folder may be read-only: no lock file then
        }
        if (!Files.isDirectory(folder)) {
            SecureFiles.folder(folder);
        }
        try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            if (exists(folder)) {
                return new Loaded(load(folder), false);
            }
            CertificateAuthority ca = create(name, Instant.now());
            SecureFiles.write(folder.resolve(KEY), pem(new JcaPKCS8Generator(ca.key, null)), false);
            SecureFiles.write(folder.resolve(CERT), pem(ca.certificate), true);
            return new Loaded(new CertificateAuthority(folder, ca.certificate, ca.key), true);
        }
    }

    /** A CA and whether it was made by this call. */
    record Loaded(CertificateAuthority ca, boolean created) {
    }

    /**
     * @return the CA of the folder
     * @throws IOException when {@code ca.crt} or {@code ca.key} is missing or is not what it should be
     */
    static CertificateAuthority load(Path folder) throws IOException, GeneralSecurityException {
        Path certFile = folder.resolve(CERT);
        Path keyFile = folder.resolve(KEY);
        if (!Files.isRegularFile(keyFile)) {
            throw new IOException("the CA folder " + folder + " has " + CERT + " but no " + KEY
                    + " (the CA's private key, PEM): a node issues its certificate from both");
        }
        List<X509Certificate> certs = Pem.certificates(certFile);
        if (certs.isEmpty()) {
            throw new IOException(certFile + " holds no PEM certificate");
        }
        PrivateKey key = privateKey(keyFile);
        X509Certificate cert = certs.get(0);
        if (cert.getBasicConstraints() < 0) {
            throw new IOException(certFile + " is not a CA certificate (no basic constraints cA=true)");
        }
        if (!matches(key, cert.getPublicKey())) {
            throw new IOException(keyFile + " is not the private key of " + certFile);
        }
        return new CertificateAuthority(folder, cert, key);
    }

    static CertificateAuthority create(String name, Instant now) throws GeneralSecurityException {
        KeyPair pair = keyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Rocmon")
                .addRDN(BCStyle.CN, name).build();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), subject,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            return new CertificateAuthority(null, cert, pair.getPrivate());
        } catch (IOException e) {
            throw new GeneralSecurityException("could not build the CA certificate", e);
        }
    }

    /**
     * @param subjectKey the node's public key
     * @param names host names and IP addresses the certificate is valid for (subject alternative names)
     * @return a server and client certificate for the node, signed by this CA
     */
    X509Certificate issue(PublicKey subjectKey, String commonName, Collection<String> names, Duration validity,
            Instant now) throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Rocmon")
                .addRDN(BCStyle.CN, commonName).build();
        GeneralName[] sans = names.stream().map(n -> Hosts.isAddress(n)
                ? new GeneralName(GeneralName.iPAddress, Hosts.bare(n))
                : new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(notAfter), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate));
            return sign(b, key);
        } catch (IOException e) {
            throw new GeneralSecurityException("could not build the node certificate", e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** @return the folder it was loaded from (null for one made in memory) */
    Path folder() {
        return folder;
    }

    /** @return a fresh EC P-256 key pair */
    static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    /** @return PEM of a certificate, or of a private key as PKCS#8 ({@code BEGIN PRIVATE KEY}) */
    static byte[] pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return c.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            throw new IOException(file + " holds no unencrypted PEM private key");
        }
    }

    private static boolean matches(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        String alg = key.getAlgorithm().equals("EC") ? SIGNATURE : "SHA256with" + key.getAlgorithm();
        java.security.Signature s = java.security.Signature.getInstance(alg);
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        s.initVerify(pub);
        s.update(probe);
        return s.verify(sig);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws GeneralSecurityException {
        String alg = signer.getAlgorithm().equals("EC") ? SIGNATURE : "SHA256with" + signer.getAlgorithm();
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder(alg).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("could not sign a certificate with " + alg, e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
