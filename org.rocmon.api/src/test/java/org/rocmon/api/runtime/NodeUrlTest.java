package org.rocmon.api.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.Map;

import org.junit.Test;

public class NodeUrlTest {

    private static NodeUrl of(Map<String, String> p) {
        return NodeUrl.of(p::get);
    }

    @Test
    public void httpsOnTheLoopbackByDefault() {
        NodeUrl url = of(Map.of(NodeProperties.HTTP_PORT, "9090"));
        assertEquals(URI.create("https://127.0.0.1:9090"), url.base());
        assertEquals(URI.create("wss://127.0.0.1:9090/sensor/s1/"), url.webSocket("/sensor/s1/"));
        assertEquals(URI.create("https://127.0.0.1:9090/resource/g/collector/c"), url.http("/resource/g/collector/c"));
        assertTrue(url.tls());
    }

    @Test
    public void theDevelopmentSwitchGivesPlainUrls() {
        NodeUrl url = of(Map.of(NodeProperties.HTTP_PORT, "9090", NodeProperties.TLS, "off"));
        assertEquals(URI.create("ws://127.0.0.1:9090/sensor/s1/"), url.webSocket("/sensor/s1/"));
        assertFalse(url.tls());
        assertTrue(NodeUrl.tlsEnabled(null));
        assertTrue(NodeUrl.tlsEnabled("on"));
        assertFalse(NodeUrl.tlsEnabled(" OFF "));
    }

    @Test
    public void boundHostAndAdvertisedUrl() {
        assertEquals(URI.create("https://[::1]:8080"), of(Map.of(NodeProperties.HTTP_HOST, "::1")).base());
        assertEquals(URI.create("https://127.0.0.1:8080"), of(Map.of(NodeProperties.HTTP_HOST, "0.0.0.0")).base());
        NodeUrl url = of(Map.of(NodeProperties.HTTP_PORT, "8443", NodeProperties.NODE_URL, "https://node1.example/"));
        assertEquals(URI.create("https://node1.example:443"), url.base());
        assertTrue(url.isSelf(URI.create("wss://node1.example/sensor/s/")));
        assertTrue(url.isSelf(URI.create("wss://localhost:8443/sensor/s/")));
        assertFalse(url.isSelf(URI.create("wss://127.0.0.1:8444/sensor/s/")));
        assertFalse(url.isSelf(URI.create("wss://node2.example/sensor/s/")));
    }

    @Test
    public void badAdvertisedUrlsAreRefusedNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> of(Map.of(NodeProperties.NODE_URL, "ftp://x")));
        assertTrue(e.getMessage(), e.getMessage().contains(NodeProperties.NODE_URL));
        e = assertThrows(IllegalArgumentException.class,
                () -> of(Map.of(NodeProperties.NODE_URL, "http://x:1")));
        assertTrue(e.getMessage(), e.getMessage().contains("TLS is on"));
    }

    @Test
    public void webSocketMapping() {
        assertEquals(URI.create("wss://h:1/p?q"), NodeUrl.toWebSocket(URI.create("https://h:1/p?q")));
        assertEquals(URI.create("ws://h:1/p"), NodeUrl.toWebSocket(URI.create("http://h:1/p")));
        assertEquals(URI.create("wss://h:1/p"), NodeUrl.toWebSocket(URI.create("wss://h:1/p")));
        assertThrows(IllegalArgumentException.class, () -> NodeUrl.toWebSocket(URI.create("ftp://h/")));
    }
}
