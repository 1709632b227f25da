package org.rocmon.api.security;

import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a node presents when it calls another node of its deployment: the front end deploying to a node's
 * {@code /sensor} and {@code /resource} APIs, a collector edge or a child sensor opening a sensor's WebSocket, a
 * parent relaying control commands and data queries to its children. Every outbound peer client builds its
 * {@link java.net.http.HttpClient} with {@link #sslContext()} and sends {@link #authorization()} on each request and
 * WebSocket upgrade, so that TLS trust and node credentials are decided once, in the security bundle.
 *
 * <p>Thread-safe. Implemented by the runtime's security bundle only.
 */
@ProviderType
public interface PeerCredentials {

    /** @return the TLS context for {@code https://} and {@code wss://} peers: trusts the deployment's CA */
    SSLContext sslContext();

    /**
     * Read on every request and upgrade, so a rotated credential takes effect without rebuilding clients.
     *
     * @return the value of the {@code Authorization} header that proves this node belongs to the deployment, or
     *         empty when the node has no peer credential
     */
    Optional<String> authorization();

    /**
     * For unit tests and tools that talk to a node without credentials.
     *
     * @return the JVM's default TLS context and no authorization
     */
    static PeerCredentials none() {
        return new PeerCredentials() {
            @Override
            public SSLContext sslContext() {
                try {
                    return SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JVM has no default TLS context", e);
                }
            }

            @Override
            public Optional<String> authorization() {
                return Optional.empty();
            }
        };
    }
}
