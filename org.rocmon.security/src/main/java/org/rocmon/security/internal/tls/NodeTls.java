package org.rocmon.security.internal.tls;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
    private final AtomicBoolean applied = new AtomicBoolean();
    private volatile FrameworkListener startedListener;
    private volatile BundleContext context;

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
            applyOnceStarted(context, admin, HttpConfiguration.plain());
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
        applyOnceStarted(context, admin, HttpConfiguration.https(s.url().port(), keystore));
    }

    /**
     * Hands Felix HTTP its configuration once the framework has started every bundle of its start level. Jetty
     * starts on ConfigAdmin's thread and activates every whiteboard servlet there; while the start-level thread is
     * still activating components, the two threads meet in the sensor's and collector's circular optional
     * references and DS gives up on one of them (seen: the sensor's in-process links). So: at the framework's
     * STARTED (a launcher's start) or STARTLEVEL_CHANGED (a test container raising the level) event when this runs
     * during a start or a start-level change; at once otherwise (Karaf installs features into a started framework).
     */
    private void applyOnceStarted(BundleContext context, ConfigurationAdmin admin, Map<String, Object> settings)
            throws IOException {
        this.context = context;
        Runnable apply = () -> {
            if (applied.compareAndSet(false, true)) {
                try {
                    HttpConfiguration.apply(admin, settings);
                } catch (IOException | RuntimeException e) {
                    LOG.error("TLS: cannot write the configuration of Felix HTTP (PID {}): {}", HttpConfiguration.PID,
                            e.toString());
                }
            }
        };
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.STARTED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                apply.run();
            }
        };
        startedListener = listener;
        context.addFrameworkListener(listener);
        boolean starting = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() != Bundle.ACTIVE
                || Thread.currentThread().getName().startsWith("FelixStartLevel"); // Felix's start-level thread
        if (!starting) {
            apply.run();
        }
    }

    @Deactivate
    void deactivate() {
        FrameworkListener listener = startedListener;
        BundleContext c = context;
        if (listener != null && c != null) {
            try {
                c.removeFrameworkListener(listener);
            } catch (IllegalStateException e) {
                // the bundle is stopping anyway
            }
        }
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
