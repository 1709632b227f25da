package org.rocmon.security.internal.peer;

import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import org.rocmon.api.security.PeerCredentials;
import org.rocmon.security.internal.NodeToken;

/**
 * This node's credentials towards its peers: the JVM's default TLS trust for now (the node's own CA plugs in here),
 * and the deployment's node token ({@link NodeToken}) as {@code Authorization: Bearer rmn_...}.
 */
@Component(service = PeerCredentials.class)
public final class NodePeerCredentials implements PeerCredentials {

    private final PeerCredentials defaults = PeerCredentials.none();

    private final NodeToken token;

    @Activate
    public NodePeerCredentials(@Reference NodeToken token) {
        this.token = token;
    }

    @Override
    public SSLContext sslContext() {
        return defaults.sslContext();
    }

    @Override
    public Optional<String> authorization() {
        return Optional.ofNullable(token.authorization());
    }
}
