package org.rocmon.occi.internal.ngsi;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import org.rocmon.http.Problem;

/** Callback destinations: loopback, the callbackAllowlist, and the front end's users' destinations. */
public class CallbacksTest {

    private final Callbacks callbacks = new Callbacks(new String[] {"hooks.example:8443"},
            (host, port) -> "metrics.example.org".equals(host) && port == 443);

    @Test
    public void usersDestinationsAreCallbackDestinationsToo() throws Exception {
        assertEquals("https://metrics.example.org/n",
                callbacks.check("https://metrics.example.org/n", "notification.http.url").toString());
        callbacks.check("https://hooks.example:8443/n", "notification.http.url");
        callbacks.check("http://127.0.0.1:9/n", "notification.http.url");
        Problem otherPort = NgsiApiTest.refused(() -> callbacks.check("http://metrics.example.org:8080/n",
                "notification.http.url"));
        assertEquals(400, otherPort.status());
        assertEquals("notification.http.url", otherPort.attribute());
        assertEquals("notification.http.url", NgsiApiTest.refused(() -> callbacks.check("ftp://127.0.0.1/n",
                "notification.http.url")).attribute());
    }
}
