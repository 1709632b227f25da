package org.rocmon.security.internal.tls;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.runtime.NodeProperties;

/**
 * The node's TLS, decided once at start: makes (or reuses) the CA and the node certificate, then tells Felix HTTP
 * what to serve (HTTPS only; plain HTTP only with {@code rocmon.tls=off} on a loopback address; nothing when that
 * switch meets a non-loopback address), and holds the TLS context the node's clients of its peers use.
 */
@Component(service = NodeTls.class, immediate = true)
public final class NodeTls {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);

    private final TlsSettings settings;
    private final Optional<Path> caCertificate;
    private final SSLContext clientContext;

    @Activate
    public NodeTls(BundleContext context, @Reference ConfigurationAdmin admin) throws Exception {
        TlsSettings s;
        try {
            s = TlsSettings.from(context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("TLS: {}; the node serves nothing until this is fixed", e.getMessage());
            HttpConfiguration.apply(admin, HttpConfiguration.nothing());
            throw e;
        }
        this.settings = s;
        Path folder = folder(context);
        if (!s.enabled()) {
            if (!s.loopbackOnly()) {
                String why = "TLS is off (" + NodeProperties.TLS + "=off) but the node binds "
                        + (s.bindHost() == null ? "every interface" : s.bindHost()) + " ("
                        + NodeProperties.HTTP_HOST + "): plain HTTP is for development on a loopback address only;"
                        + " the node serves nothing. Remove " + NodeProperties.TLS + "=off, or bind 127.0.0.1";
                LOG.error(why);
                HttpConfiguration.apply(admin, HttpConfiguration.nothing());
                throw new IllegalStateException(why);
            }
            this.caCertificate = existingCa(s, folder);
            this.clientContext = Trust.clientContext(caCertificate, s.truststore(), Optional.empty());
            HttpConfiguration.apply(admin, HttpConfiguration.plain());
            LOG.warn("TLS: OFF ({}=off, development only): plain HTTP and WS on {}", NodeProperties.TLS, s.url());
            return;
        }
        TlsSettings.Store keystore;
        if (s.keystore().isPresent()) {
            keystore = s.keystore().get();
            this.caCertificate = s.caFolder().map(f -> f.resolve(CertificateAuthority.CERT));
            LOG.info("TLS: HTTPS on {} with the operator's keystore {}", s.url(), keystore);
        } else {
            Path caFolder = s.caFolder().orElse(folder);
            CertificateAuthority.Loaded ca = CertificateAuthority.loadOrCreate(caFolder,
                    "Rocmon CA " + s.url().base().getAuthority());
            NodeKeystore.Result node = NodeKeystore.ensure(folder, ca.ca(), s.names(), Instant.now());
            keystore = new TlsSettings.Store(node.path(), node.password(), "PKCS12");
            this.caCertificate = Optional.of(caFolder.resolve(CertificateAuthority.CERT));
            if (ca.created()) {
                LOG.warn("TLS: created the CA of this {} in {} (key {} mode 600). Clients trust {}: "
                        + "curl --cacert {} {}/sensor/", s.caFolder().isPresent() ? "deployment" : "node", caFolder,
                        CertificateAuthority.KEY, CertificateAuthority.CERT, caCertificate.get(), s.url());
            }
            if (node.madeBecause() != null) {
                LOG.info("TLS: made the node certificate for {} ({}), valid until {}, in {}", s.names(),
                        node.madeBecause(), node.certificate().getNotAfter().toInstant(), node.path());
            }
            LOG.info("TLS: HTTPS and WSS only on {}; trust {} (curl --cacert {})", s.url(), caCertificate.get(),
                    caCertificate.get());
        }
        this.clientContext = Trust.clientContext(caCertificate, s.truststore(), Optional.of(keystore));
        HttpConfiguration.apply(admin, HttpConfiguration.https(s.url().port(), keystore));
    }

    /** @return the TLS context of the node's clients: trusts the deployment CA and the operator's truststore */
    public SSLContext clientContext() {
        return clientContext;
    }

    /** @return the CA certificate clients trust, when the node knows it */
    public Optional<Path> caCertificate() {
        return caCertificate;
    }

    /** @return false when the node runs with the development switch */
    public boolean enabled() {
        return settings.enabled();
    }

    private static Optional<Path> existingCa(TlsSettings s, Path folder) {
        Path dir = s.caFolder().orElse(folder);
        return CertificateAuthority.exists(dir) ? Optional.of(dir.resolve(CertificateAuthority.CERT))
                : Optional.empty();
    }

    private static Path folder(BundleContext context) throws IOException {
        String configured = context.getProperty(NodeProperties.DATA);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim()).toAbsolutePath().resolve("security").resolve("tls");
        }
        File area = context.getDataFile("tls");
        if (area == null) {
            throw new IOException("no " + NodeProperties.DATA + " property and no bundle data area for the node's "
                    + "certificates");
        }
        return area.toPath().toAbsolutePath();
    }
}
