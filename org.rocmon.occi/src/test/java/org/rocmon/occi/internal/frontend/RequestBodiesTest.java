package org.rocmon.occi.internal.frontend;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.occi.internal.frontend.model.Submission;

/** Text bodies split into lines the same way whatever the line ends (LF, CRLF, mixed). */
public class RequestBodiesTest {

    private static final String SENSOR = String.join("\n",
            "Category: sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\"",
            "Category: Log; scheme=\"http://example.com/occi/monitoring/publisher#\"; class=\"mixin\"",
            "",
            "X-OCCI-Attribute: occi.core.id=\"s01\", occi.sensor.period=3",
            "X-OCCI-Attribute: com.example.occi.monitoring.Log.filename=\"/tmp/a \\\"b\\\".log\", x=true",
            "Link: </occi/collector/c01>; rel=\"http://schemas.ogf.org/occi/monitoring#collector\"",
            "");

    private static OcciRequest put(String type, String body) {
        return new OcciRequest("PUT", "/occi/sensor/s01", Map.of(), Map.of("Content-Type", List.of(type)),
                body.getBytes(StandardCharsets.UTF_8), null, "http://127.0.0.1:8080");
    }

    private static String describe(Submission s) {
        return s.id + " " + s.kind + " " + s.mixins + " " + s.attributes;
    }

    @Test
    public void crlfAndMixedLineEndsReadLikeLf() throws Exception {
        Submission lf = RequestBodies.submission(put("text/plain", SENSOR));
        assertEquals("s01 http://schemas.ogf.org/occi/monitoring#sensor"
                + " [http://example.com/occi/monitoring/publisher#Log]"
                + " {occi.sensor.period=3, com.example.occi.monitoring.Log.filename=/tmp/a \"b\".log, x=true}",
                describe(lf));
        assertEquals(describe(lf), describe(RequestBodies.submission(put("text/plain", SENSOR.replace("\n", "\r\n")))));
        String mixed = SENSOR.replaceFirst("\n", "\r\n").replace("\n\n", "\r\n\r\n");
        assertEquals(describe(lf), describe(RequestBodies.submission(put("text/plain", mixed))));
        assertNull(lf.title);
    }

    @Test
    public void uriListLinesLoseTheirCr() throws Exception {
        String list = "# a comment\r\n/occi/sensor/s01\r\nhttp://127.0.0.1:8080/occi/sensor/s02\r\n\r\n";
        List<String> expected = List.of("/occi/sensor/s01", "http://127.0.0.1:8080/occi/sensor/s02");
        assertEquals(expected, RequestBodies.locations(put("text/uri-list", list)));
        assertEquals(expected, RequestBodies.locations(put("text/plain", list.replace("\r\n", "\n"))));
        assertEquals(List.of("/a", "/b", "/c"),
                RequestBodies.locations(put("text/plain", "X-OCCI-Location: /a, /b\r\n/c\r\n")));
    }
}
