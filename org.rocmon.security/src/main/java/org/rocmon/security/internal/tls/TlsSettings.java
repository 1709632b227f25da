package org.rocmon.security.internal.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.runtime.NodeUrl;

/**
 * The node's TLS settings, all framework properties (they must be known before Jetty binds), read and checked once
 * at start. Property names are documented in docs/security.md.
 *
 * @param enabled false only with the development switch {@code rocmon.tls=off}
 * @param caFolder the deployment's CA folder ({@code rocmon.tls.ca}), when the node does not keep its own CA
 * @param keystore the operator's own keystore, when the node must not issue its certificate
 * @param truststore the operator's own truststore: whom the node trusts as a client of its peers
 * @param names the subject alternative names the node certificate must carry
 * @param bindHost {@code org.apache.felix.http.host}, or null (Felix then binds every interface)
 * @param url the node's own URL
 */
record TlsSettings(boolean enabled, Optional<Path> caFolder, Optional<Store> keystore, Optional<Store> truststore,
        Set<String> names, String bindHost, NodeUrl url) {

    static final String CA = "rocmon.tls.ca";
    static final String HOSTS = "rocmon.tls.hosts";
    static final String KEYSTORE = "rocmon.tls.keystore";
    static final String TRUSTSTORE = "rocmon.tls.truststore";
    static final String PASSWORD = ".password";
    static final String TYPE = ".type";

    /** A key or trust store the operator supplies. */
    record Store(Path path, String password, String type) {
        @Override
        public String toString() {
            return path + " (" + type + ")"; // never the password
        }
    }

    /**
     * @param properties the framework properties
     * @throws IllegalArgumentException naming the property, for any bad value
     */
    static TlsSettings from(Function<String, String> properties) {
        NodeUrl url = NodeUrl.of(properties);
        boolean enabled = NodeUrl.tlsEnabled(properties.apply(NodeProperties.TLS));
        String tls = properties.apply(NodeProperties.TLS);
        if (tls != null && !List.of("on", "off", "true", "false", "yes", "no").contains(tls.trim().toLowerCase())) {
            throw new IllegalArgumentException(NodeProperties.TLS + "=" + tls + " is neither on nor off");
        }
        Optional<Path> ca = path(properties.apply(CA));
        Optional<Store> keystore = store(properties, KEYSTORE);
        Optional<Store> truststore = store(properties, TRUSTSTORE);
        if (ca.isPresent() && keystore.isPresent()) {
            throw new IllegalArgumentException(CA + " and " + KEYSTORE + " are both set: a node either issues its "
                    + "certificate from the deployment CA or uses the operator's keystore");
        }
        String bind = blankToNull(properties.apply(NodeProperties.HTTP_HOST));
        Set<String> names = new LinkedHashSet<>(List.of("127.0.0.1", "::1", "localhost"));
        List<String> extra = new ArrayList<>();
        String hosts = properties.apply(HOSTS);
        if (hosts != null) {
            for (String h : hosts.split(",")) {
                if (!h.isBlank()) {
                    extra.add(h.trim());
                }
            }
        }
        if (bind != null && !bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            extra.add(bind);
        }
        extra.add(url.base().getHost());
        for (String h : extra) {
            if (!Hosts.valid(h)) {
                throw new IllegalArgumentException(HOSTS + ": '" + h + "' is neither a host name nor an IP address");
            }
            names.add(Hosts.isAddress(h) ? Hosts.bare(h) : h.toLowerCase());
        }
        return new TlsSettings(enabled, ca, keystore, truststore, names, bind, url);
    }

    /** @return true when Felix binds only a loopback address */
    boolean loopbackOnly() {
        return Hosts.isLoopback(bindHost);
    }

    private static Optional<Store> store(Function<String, String> properties, String prefix) {
        Optional<Path> path = path(properties.apply(prefix));
        String password = properties.apply(prefix + PASSWORD);
        String type = blankToNull(properties.apply(prefix + TYPE));
        if (path.isEmpty()) {
            if (password != null || type != null) {
                throw new IllegalArgumentException(prefix + PASSWORD + " or " + prefix + TYPE + " is set without "
                        + prefix);
            }
            return Optional.empty();
        }
        if (password == null) {
            throw new IllegalArgumentException(prefix + "=" + path.get() + " needs " + prefix + PASSWORD);
        }
        return Optional.of(new Store(path.get(), password, type == null ? "PKCS12" : type));
    }

    private static Optional<Path> path(String value) {
        String v = blankToNull(value);
        return v == null ? Optional.empty() : Optional.of(Path.of(v).toAbsolutePath().normalize());
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
