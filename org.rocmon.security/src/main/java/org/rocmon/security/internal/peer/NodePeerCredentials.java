package org.rocmon.security.internal.peer;

import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import org.rocmon.api.security.PeerCredentials;
import org.rocmon.security.internal.tls.NodeTls;

/**
 * This node's credentials towards its peers: TLS trust of the deployment's CA (and the operator's truststore) from
 * {@link NodeTls}; no authorization yet, the node credential plugs in here, so that no outbound client changes
 * when it does.
 */
@Component(service = PeerCredentials.class)
public final class NodePeerCredentials implements PeerCredentials {

    private final PeerCredentials defaults = PeerCredentials.none();
    private final NodeTls tls;

    @Activate
    public NodePeerCredentials(@Reference NodeTls tls) {
        this.tls = tls;
    }

    @Override
    public SSLContext sslContext() {
        return tls.clientContext();
    }

    @Override
    public Optional<String> authorization() {
        return defaults.authorization();
    }
}
