package org.rocmon.security.internal.peer;

import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import org.rocmon.api.security.PeerCredentials;
import org.rocmon.security.internal.NodeToken;
import org.rocmon.security.internal.tls.NodeTls;

/**
 * This node's credentials towards its peers: TLS trust of the deployment's CA (and the operator's truststore) from
 * {@link NodeTls}, and the deployment's node token ({@link NodeToken}) as {@code Authorization: Bearer rmn_...}.
 */
@Component(service = PeerCredentials.class)
public final class NodePeerCredentials implements PeerCredentials {

    private final NodeTls tls;
    private final NodeToken token;

    @Activate
    public NodePeerCredentials(@Reference NodeTls tls, @Reference NodeToken token) {
        this.tls = tls;
        this.token = token;
    }

    @Override
    public SSLContext sslContext() {
        return tls.clientContext();
    }

    @Override
    public Optional<String> authorization() {
        return Optional.ofNullable(token.authorization());
    }
}
