package org.rocmon.occi.internal.join;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

public class JoinSettingsTest {

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("org.osgi.service.http.port", "9001");
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    public void withoutAFrontEndTheNodeJoinsNothing() {
        assertNull(JoinSettings.from(props()::get));
    }

    @Test
    public void defaultsAndTheAdvertisedUrl() {
        JoinSettings s = JoinSettings.from(props("rocmon.frontend.url", "https://localhost:8080/",
                "rocmon.node.url", "https://127.0.0.2:9001")::get);
        assertEquals("https://localhost:8080/join/127.0.0.2-9001", s.joinUri().toString());
        assertEquals("https://127.0.0.2:9001", s.node.base().toString());
        assertEquals(5000, s.heartbeatMillis);
        assertEquals(0, s.maxSensors);
        JoinSettings named = JoinSettings.from(props("rocmon.frontend.url", "https://localhost:8080",
                "rocmon.node.id", "edge-1", "rocmon.join.heartbeatMillis", "1000", "rocmon.node.maxSensors", "10",
                "rocmon.node.maxCollectors", "200")::get);
        assertEquals("edge-1", named.id);
        assertEquals(1000, named.heartbeatMillis);
        assertEquals(10, named.maxSensors);
        assertEquals(200, named.maxCollectors);
    }

    @Test
    public void badSettingsNameTheProperty() {
        String[][] bad = {
            {"rocmon.frontend.url", "ftp://x"},
            {"rocmon.frontend.url", "https://localhost:8080/occi"},
            {"rocmon.node.id", "no spaces"},
            {"rocmon.join.heartbeatMillis", "10"},
            {"rocmon.join.heartbeatMillis", "often"},
            {"rocmon.node.maxSensors", "-1"},
            {"rocmon.node.maxCollectors", "x"},
            {"rocmon.node.url", "http://127.0.0.2:9001"}, // TLS is on
        };
        for (String[] b : bad) {
            Map<String, String> p = props("rocmon.frontend.url", "https://localhost:8080");
            p.put(b[0], b[1]);
            try {
                JoinSettings.from(p::get);
                fail(b[0] + "=" + b[1]);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(b[0]));
            }
        }
    }
}
