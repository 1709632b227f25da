package org.rocmon.security.internal.tls;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What Felix HTTP serves, written into its configuration (PID {@code org.apache.felix.http}). Felix HTTP Jetty 12
 * reads a key from that configuration first and falls back to the framework property of the same name; every
 * change of the configuration restarts Jetty. The node's launch settings say
 * {@code org.apache.felix.http.require.config=true}, so Jetty binds nothing until this configuration exists: the
 * certificates are made before, and plain HTTP is never served in between. Keys not named here (host, WebSocket,
 * buffer sizes, an operator's own) are kept as they are.
 */
final class HttpConfiguration {

    static final String PID = "org.apache.felix.http";
    static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    static final String HTTPS_ENABLE = "org.apache.felix.https.enable";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String KEYSTORE = "org.apache.felix.https.keystore";
    static final String KEYSTORE_PASSWORD = "org.apache.felix.https.keystore.password";
    static final String KEY_PASSWORD = "org.apache.felix.https.keystore.key.password";
    static final String KEYSTORE_TYPE = "org.apache.felix.https.keystore.type";
    private static final List<String> KEYSTORE_KEYS = List.of(KEYSTORE, KEYSTORE_PASSWORD, KEY_PASSWORD,
            KEYSTORE_TYPE);

    private HttpConfiguration() {
    }

    /** @return HTTPS only, on the node's port, with this keystore */
    static Map<String, Object> https(int port, TlsSettings.Store keystore) {
        return Map.of(HTTP_ENABLE, false, HTTPS_ENABLE, true, HTTPS_PORT, String.valueOf(port),
                KEYSTORE, keystore.path().toString(), KEYSTORE_PASSWORD, keystore.password(),
                KEY_PASSWORD, keystore.password(), KEYSTORE_TYPE, keystore.type());
    }

    /** @return plain HTTP only: the development switch */
    static Map<String, Object> plain() {
        return Map.of(HTTP_ENABLE, true, HTTPS_ENABLE, false);
    }

    /** @return no connector at all: a node that refuses to serve */
    static Map<String, Object> nothing() {
        return Map.of(HTTP_ENABLE, false, HTTPS_ENABLE, false);
    }

    /**
     * Merges the settings into Felix HTTP's configuration; no update (and no Jetty restart) when nothing changes.
     *
     * @return true when the configuration changed
     */
    static boolean apply(ConfigurationAdmin admin, Map<String, Object> settings) throws IOException {
        // "?": a multi-location configuration, delivered to Felix HTTP's ManagedService whichever bundle wrote it
        Configuration c = admin.getConfiguration(PID, "?");
        Dictionary<String, Object> current = c.getProperties();
        Hashtable<String, Object> next = new Hashtable<>();
        if (current != null) {
            for (String key : Collections.list(current.keys())) {
                next.put(key, current.get(key));
            }
        }
        if (!Boolean.TRUE.equals(settings.get(HTTPS_ENABLE))) {
            KEYSTORE_KEYS.forEach(next::remove);
        }
        next.putAll(settings);
        return c.updateIfDifferent(next);
    }
}
