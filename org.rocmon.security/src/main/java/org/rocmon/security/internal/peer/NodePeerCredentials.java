package org.rocmon.security.internal.peer;

import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import org.rocmon.api.security.PeerCredentials;

/**
 * This node's credentials towards its peers. For now the JVM's default TLS trust and no authorization: the node's
 * own CA and the node credential plug in here, so that no outbound client changes when they do.
 */
@Component(service = PeerCredentials.class)
public final class NodePeerCredentials implements PeerCredentials {

    private final PeerCredentials defaults = PeerCredentials.none();

    @Activate
    public NodePeerCredentials() {
    }

    @Override
    public SSLContext sslContext() {
        return defaults.sslContext();
    }

    @Override
    public Optional<String> authorization() {
        return defaults.authorization();
    }
}
