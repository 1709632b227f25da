package org.rocmon.collector.internal.edge;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;

import org.rocmon.api.security.PeerCredentials;

/** The one HTTP client of the edges, built with the node's TLS trust, and the credential each upgrade carries. */
record PeerClient(HttpClient http, PeerCredentials credentials) {

    static PeerClient of(PeerCredentials credentials, Executor executor) {
        return new PeerClient(HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5))
                .sslContext(credentials.sslContext()).build(), credentials);
    }
}
