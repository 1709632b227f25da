package org.rocmon.mixins.metric.net.internal;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS without certificate or host name checks, for {@code verify=false}: a check that measures how long a
 * self-signed or internal certificate has left must still see it. Used by one mixin instance, never installed as a default.
 */
final class Insecure {

    private static final TrustManager[] TRUST_ALL = {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // verify=false: everything is accepted
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // verify=false: everything is accepted
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }};

    private Insecure() {
    }

    /** @return a factory whose sockets trust any server certificate */
    static SSLSocketFactory factory() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, TRUST_ALL, null);
            return tls.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no TLS", e);
        }
    }
}
