package org.rocmon.collector.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.net.URI;

import org.junit.Test;

public class SourceHeaderTest {

    @Test
    public void theSourceTravelsInTheQueryAndComesBackIntact() {
        URI u = SourceHeader.announce(URI.create("ws://127.0.0.1:8080/sensor/s01/"),
                "http://127.0.0.1:8080/resource/g01/collector/c01");
        assertEquals("ws://127.0.0.1:8080/sensor/s01/?source=http%3A%2F%2F127.0.0.1%3A8080%2Fresource%2Fg01%2F"
                + "collector%2Fc01", u.toString());
        assertEquals("http://127.0.0.1:8080/resource/g01/collector/c01", SourceHeader.from(u));
        assertEquals("http://h/x", SourceHeader.from(SourceHeader.announce(URI.create("ws://h/sensor/a/?k=1"),
                "http://h/x")));
        assertNull(SourceHeader.from(URI.create("ws://h/sensor/a/")));
        assertNull("no control characters in a header", SourceHeader.from(URI.create("ws://h/?source=a%0Ab")));
    }
}
