package org.rocmon.occi.internal.ngsi;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import org.rocmon.http.Problem;

/** Callback destinations: the callbackAllowlist, the front end's users' destinations, loopback for admins. */
public class CallbacksTest {

    private static final String URL = "notification.http.url";

    private final Callbacks callbacks = new Callbacks(new String[] {"hooks.example:8443"},
            (host, port) -> "metrics.example.org".equals(host) && port == 443
                    || "127.0.0.2".equals(host) && port == 9000);

    @Test
    public void usersDestinationsAreCallbackDestinationsToo() throws Exception {
        assertEquals("https://metrics.example.org/n", callbacks.check("https://metrics.example.org/n", URL, false)
                .toString());
        callbacks.check("https://hooks.example:8443/n", URL, false);
        Problem otherPort = NgsiApiTest.refused(() -> callbacks.check("http://metrics.example.org:8080/n", URL,
                false));
        assertEquals(400, otherPort.status());
        assertEquals(URL, otherPort.attribute());
        assertEquals(URL, NgsiApiTest.refused(() -> callbacks.check("ftp://127.0.0.1/n", URL, true)).attribute());
    }

    @Test
    public void loopbackIsForAdminsUnlessListed() throws Exception {
        callbacks.check("http://127.0.0.1:9/n", URL, true);
        callbacks.check("http://[::1]:9/n", URL, true);
        for (String url : new String[] {"http://127.0.0.1:9/n", "http://localhost:8080/n", "http://[::1]:9/n"}) {
            Problem refused = NgsiApiTest.refused(() -> callbacks.check(url, URL, false));
            assertEquals(url, 403, refused.status());
            assertEquals(URL, refused.attribute());
        }
        // listed in userDestinations: a user may
        callbacks.check("http://127.0.0.2:9000/n", URL, false);
    }
}
