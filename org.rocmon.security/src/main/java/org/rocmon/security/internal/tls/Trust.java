package org.rocmon.security.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of the node's clients of its peers. */
final class Trust {

    private Trust() {
    }

    /**
     * @param ca the deployment's CA certificate (PEM)
     * @param truststore the operator's truststore
     * @param keystore the node's own key, presented when a peer asks for a client certificate
     * @return a context trusting the CA and every certificate of the truststore; when neither is given, the JVM's
     *         default trust
     */
    static SSLContext clientContext(Optional<Path> ca, Optional<TlsSettings.Store> truststore,
            Optional<TlsSettings.Store> keystore) throws IOException, GeneralSecurityException {
        TrustManager[] trust = null;
        if (ca.isPresent() || truststore.isPresent()) {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int n = 0;
            if (ca.isPresent()) {
                for (X509Certificate c : Pem.certificates(ca.get())) {
                    anchors.setCertificateEntry("ca-" + n++, c);
                }
            }
            if (truststore.isPresent()) {
                KeyStore ts = load(truststore.get());
                for (String alias : Collections.list(ts.aliases())) {
                    if (ts.getCertificate(alias) != null) {
                        anchors.setCertificateEntry("trust-" + n++, ts.getCertificate(alias));
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            trust = tmf.getTrustManagers();
        }
        KeyManager[] keys = null;
        if (keystore.isPresent()) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keystore.get()), keystore.get().password().toCharArray());
            keys = kmf.getKeyManagers();
        }
        if (trust == null && keys == null) {
            return SSLContext.getDefault();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    static KeyStore load(TlsSettings.Store store) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(store.type());
        try (InputStream in = Files.newInputStream(store.path())) {
            ks.load(in, store.password().toCharArray());
        }
        return ks;
    }
}
