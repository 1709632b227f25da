package org.rocmon.mixins.publisher.webhook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.Rule;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingHttpServer;

public class WebhookTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    @Rule
    public final RecordingHttpServer server = new RecordingHttpServer();

    private static Webhook open(String url, Object... more) throws InvalidAttributeException {
        String p = MixinContexts.prefix(Webhook.SCHEME, Webhook.TERM);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(p + "url", url);
        attributes.put(p + "input", "c");
        for (int i = 0; i < more.length; i += 2) {
            attributes.put(p + more[i], more[i + 1]);
        }
        Webhook webhook = new Webhook();
        webhook.open(AttributeContext.create(p, MixinContexts.specs(WebhookFixtureTest.SPECS), "s01", attributes, 1000,
                Map.of()));
        return webhook;
    }

    private static String tickFailure(Webhook webhook, long now) {
        try {
            webhook.tick(now);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private JsonNode body(int request) throws IOException {
        return MAPPER.readTree(server.requests.get(request).body);
    }

    @Test
    public void serverErrorsAreRetriedWithDoublingBackoffAcrossTicksThenDelivered() throws Exception {
        Webhook webhook = open(server.base() + "/hook", "backoff", 1, "retries", 3);
        try {
            server.answers.add(500);
            server.answers.add(503);
            webhook.publish("c", Measurement.of(1, 1));
            String failure = tickFailure(webhook, 10_000);
            assertTrue(failure, failure.contains("answered 500") && failure.contains("retry 1 of 3 in 1000 ms"));
            assertEquals(1, server.requests.size());

            assertEquals("backoff not elapsed: nothing sent", null, tickFailure(webhook, 10_999));
            assertEquals(1, server.requests.size());

            webhook.publish("c", Measurement.of(2, 2));
            failure = tickFailure(webhook, 11_000);
            assertTrue(failure, failure.contains("answered 503") && failure.contains("retry 2 of 3 in 2000 ms"));
            assertEquals(2, server.requests.size());

            assertEquals(null, tickFailure(webhook, 12_999));
            assertEquals(2, server.requests.size());
            assertEquals(null, tickFailure(webhook, 13_000)); // 204
            assertEquals(3, server.requests.size());
            JsonNode delivered = body(2);
            assertEquals(0, delivered.get("dropped").asLong());
            assertEquals(2, delivered.get("measurements").size());
            assertEquals(1, delivered.get("measurements").get(0).get("value").asLong());
            assertEquals(2, delivered.get("measurements").get(1).get("value").asLong());

            assertEquals("queue is empty: nothing more", null, tickFailure(webhook, 20_000));
            assertEquals(3, server.requests.size());
        } finally {
            webhook.close();
        }
    }

    @Test
    public void aBatchIsDroppedAfterItsRetriesAndTheCountTravelsInLaterPayloads() throws Exception {
        Webhook webhook = open(server.base() + "/hook", "backoff", 0.5, "retries", 1, "batch", 2);
        try {
            server.answers.add(500);
            server.answers.add(500);
            webhook.publish("c", Measurement.of(1, 1));
            webhook.publish("c", Measurement.of(2, 2));
            webhook.publish("c", Measurement.of(3, 3));
            assertTrue(tickFailure(webhook, 0).contains("retry 1 of 1 in 500 ms"));
            String failure = tickFailure(webhook, 500);
            assertTrue(failure, failure.contains("batch of 2 dropped after 1 retries")
                    && failure.contains("2 measurement(s) dropped since the last tick")
                    && failure.contains("retries exhausted"));
            assertEquals(null, tickFailure(webhook, 500)); // the next batch: delivered, loss already reported
            JsonNode last = body(2);
            assertEquals(2, last.get("dropped").asLong());
            assertEquals(3, last.get("measurements").get(0).get("value").asLong());
        } finally {
            webhook.close();
        }
    }

    @Test
    public void aClientErrorDropsTheBatchAtOnce() throws Exception {
        Webhook webhook = open(server.base() + "/hook");
        try {
            server.answers.add(404);
            webhook.publish("c", Measurement.of(1, 1));
            String failure = tickFailure(webhook, 0);
            assertTrue(failure, failure.contains("answered 404") && failure.contains("refused"));
            assertEquals(null, tickFailure(webhook, 100_000));
            assertEquals(1, server.requests.size());
        } finally {
            webhook.close();
        }
    }

    @Test
    public void theQueueIsBoundedDroppingTheOldestAndReportingOncePerTick() throws Exception {
        Webhook webhook = open(server.base() + "/hook", "maxqueue", 3, "batch", 3);
        try {
            for (int i = 1; i <= 5; i++) {
                webhook.publish("c", Measurement.of(i, i));
            }
            String failure = tickFailure(webhook, 0);
            assertTrue(failure, failure.contains("2 measurement(s) dropped") && failure.contains("queue full"));
            JsonNode delivered = body(0);
            assertEquals(2, delivered.get("dropped").asLong());
            assertEquals("the newest three", 3, delivered.get("measurements").get(0).get("value").asLong());
            assertEquals(5, delivered.get("measurements").get(2).get("value").asLong());
            assertEquals(null, tickFailure(webhook, 1));
        } finally {
            webhook.close();
        }
    }

    @Test
    public void aHangingReceiverCostsATickNoMoreThanTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hanging = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        hanging.createContext("/", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hanging.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hanging.start();
        Webhook webhook = open("http://127.0.0.1:" + hanging.getAddress().getPort() + "/hook", "timeout", 0.3);
        try {
            webhook.publish("c", Measurement.of(1, 1));
            long t0 = System.nanoTime();
            String failure = tickFailure(webhook, 0);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(failure, failure.contains("HttpTimeoutException") && failure.contains("retry 1 of 3"));
            assertTrue("took " + took + " ms", took < 1500);
        } finally {
            release.countDown();
            webhook.close();
            hanging.stop(0);
        }
    }

    @Test
    public void otherChannelsAreIgnoredAndCloseWithoutOpenIsSafe() throws Exception {
        new Webhook().close();
        Webhook webhook = open(server.base() + "/hook");
        webhook.publish("other", Measurement.of(1, 1));
        assertEquals(null, tickFailure(webhook, 0));
        webhook.close();
        assertEquals(0, server.requests.size());
    }

    @Test
    public void closeDeliversWhatIsQueued() throws Exception {
        Webhook webhook = open(server.base() + "/hook");
        webhook.publish("c", Measurement.of(7, 1));
        webhook.close();
        assertEquals(1, server.requests.size());
        assertEquals(7, body(0).get("measurements").get(0).get("value").asLong());
    }

    @Test
    public void theAuthorizationSecretIsSentAsAHeader() throws Exception {
        Webhook webhook = open(server.base() + "/hook", "authorization", "Bearer s3cr3t-token");
        try {
            webhook.publish("c", Measurement.of(1.0, 1));
            webhook.tick(1);
            assertEquals(1, server.requests.size());
            assertEquals("Bearer s3cr3t-token", server.requests.get(0).authorization);
        } finally {
            webhook.close();
        }
        try {
            open(server.base() + "/hook", "authorization", "Bearer a\r\nX-Injected: yes");
            org.junit.Assert.fail();
        } catch (InvalidAttributeException e) {
            assertEquals("com.example.occi.monitoring.Webhook.authorization", e.attribute());
            org.junit.Assert.assertFalse(e.getMessage(), e.getMessage().contains("Injected"));
        }
    }
}
