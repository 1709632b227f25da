package org.rocmon.mixins.publisher.remotewrite.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.MixinContexts;

/** Delivery, retries with backoff, refusals, losses and authentication against a real HTTP receiver. */
public class PrometheusRemoteWriteTest {

    private static final String P = MixinContexts.prefix(PrometheusRemoteWrite.SCHEME, PrometheusRemoteWrite.TERM);

    @Rule
    public final RemoteWriteReceiver receiver = new RemoteWriteReceiver();

    private PrometheusRemoteWrite mixin;

    @After
    public void close() {
        if (mixin != null) {
            mixin.close();
        }
    }

    private PrometheusRemoteWrite open(Map<String, Object> attributes) throws Exception {
        Map<String, Object> all = new HashMap<>();
        all.put(P + "input", "c");
        all.put(P + "url", receiver.base() + "/api/v1/write");
        attributes.forEach((k, v) -> all.put(P + k, v));
        mixin = new PrometheusRemoteWrite();
        mixin.open(AttributeContext.create(P, MixinContexts.specs(PrometheusRemoteWriteFixtureTest.SPECS), "s01",
                all, 1000, Map.of()));
        return mixin;
    }

    private static String tickError(PrometheusRemoteWrite m, long now) {
        try {
            m.tick(now);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    public void aFailedBatchIsRetriedAfterItsBackoffThenDelivered() throws Exception {
        open(Map.of("backoff", 2, "retries", 3));
        mixin.publish("c", Measurement.of(1.5, 1000));
        receiver.answers.add(503);
        receiver.answers.add(500);
        String first = tickError(mixin, 10_000);
        assertTrue(first, first.contains("answered 503") && first.contains("retry 1 of 3 in 2000 ms"));
        assertNull(tickError(mixin, 11_999)); // within the backoff: nothing sent, nothing to say
        assertEquals(1, receiver.requests.size());
        String second = tickError(mixin, 12_000);
        assertTrue(second, second.contains("answered 500") && second.contains("retry 2 of 3 in 4000 ms"));
        assertNull(tickError(mixin, 16_000));
        assertEquals(3, receiver.requests.size());
        assertEquals(List.of("{__name__=\"rocmon_c\",channel=\"c\",sensor=\"s01\"} 1.5@1000"),
                receiver.requests.get(2).series);
        assertEquals(1, mixin.sent());
        assertEquals(0, mixin.queued());
    }

    @Test
    public void aRefusedBatchIsDroppedAndCountedOnce() throws Exception {
        open(Map.of());
        mixin.publish("c", Measurement.of(1, 1000));
        mixin.publish("c", Measurement.of(2, 2000));
        receiver.answers.add(400);
        String error = tickError(mixin, 0);
        assertTrue(error, error.contains("answered 400 (status 400)") && error.contains("batch of 2 dropped")
                && error.contains("2 sample(s) dropped since the last tick (2 in all: {refused=2})"));
        assertNull("reported once", tickError(mixin, 1));
        assertEquals(0, mixin.queued());
    }

    @Test
    public void retriesExhaustedDropTheBatch() throws Exception {
        open(Map.of("retries", 1, "backoff", 0.001));
        mixin.publish("c", Measurement.of(1, 1000));
        receiver.answers.add(429);
        receiver.answers.add(429);
        assertTrue(tickError(mixin, 0).contains("retry 1 of 1"));
        String error = tickError(mixin, 10);
        assertTrue(error, error.contains("dropped after 1 retries") && error.contains("retries exhausted=1"));
    }

    @Test
    public void anUnreachableReceiverKeepsTheQueueBoundedAndTheTickShort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        open(Map.of("url", "http://127.0.0.1:" + port + "/api/v1/write", "maxqueue", 3, "batch", 2,
                "timeout", 0.5));
        for (int i = 0; i < 5; i++) {
            mixin.publish("c", Measurement.of(i, 1000 + i));
        }
        long start = System.nanoTime();
        String error = tickError(mixin, 0);
        assertTrue("a tick waits at most about one timeout", (System.nanoTime() - start) / 1_000_000 < 5_000);
        assertTrue(error, error.contains("ConnectException") && error.contains("queue full=2"));
        assertEquals(3, mixin.queued());
    }

    @Test
    public void aReceiverThatNeverAnswersCostsOneTimeoutPerTick() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            open(Map.of("url", "http://127.0.0.1:" + silent.getLocalPort() + "/api/v1/write", "timeout", 0.5));
            mixin.publish("c", Measurement.of(1, 1000));
            long start = System.nanoTime();
            String error = tickError(mixin, 0);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(error, error.contains("no answer within 500 ms") && error.contains("retry 1 of 3"));
            assertTrue("the tick ended with its timeout, not later: " + millis + " ms", millis < 2_500);
            assertEquals("kept for the retry", 1, mixin.queued());
        }
    }

    @Test
    public void textValuesAreSkippedAndCounted() throws Exception {
        open(Map.of());
        mixin.publish("c", Measurement.of("up", 1000));
        mixin.publish("other", Measurement.of(5, 1000));
        String error = tickError(mixin, 0);
        assertTrue(error, error.contains("text values=1"));
        assertTrue("nothing to send", receiver.requests.isEmpty());
    }

    @Test
    public void basicAndBearerAuthentication() throws Exception {
        open(Map.of("username", "rocmon", "password", "s3cret: x"));
        mixin.publish("c", Measurement.of(1, 1000));
        assertNull(tickError(mixin, 0));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("rocmon:s3cret: x".getBytes()),
                receiver.requests.get(0).authorization);
        mixin.close();
        open(Map.of("bearer", "tok-123"));
        mixin.publish("c", Measurement.of(1, 1000));
        assertNull(tickError(mixin, 0));
        assertEquals("Bearer tok-123", receiver.requests.get(1).authorization);
    }

    @Test
    public void aSecretIsNeverEchoed() throws Exception {
        try {
            open(Map.of("bearer", "two words"));
            fail("a bearer token with a space is refused");
        } catch (org.rocmon.api.mixin.InvalidAttributeException e) {
            assertEquals(P + "bearer", e.attribute());
            assertFalse(e.getMessage(), e.getMessage().contains("two words"));
        }
    }

    @Test
    public void closeDeliversWhatIsQueued() throws Exception {
        open(Map.of());
        mixin.publish("c", Measurement.of(7, 1000));
        mixin.close();
        mixin = null;
        assertEquals(1, receiver.requests.size());
        assertNotNull(receiver.requests.get(0).series);
    }

    private static void assertNull(Object o) {
        org.junit.Assert.assertNull(String.valueOf(o), o);
    }

    private static void assertNull(String message, Object o) {
        org.junit.Assert.assertNull(message + ": " + o, o);
    }
}
