package org.rocmon.occi.internal.ngsi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.occi.internal.frontend.deploy.NodeClient;

/** Conditions, ordered delivery with back-off, and a queue that outlives a restart, on a fake clock. */
public class NotifierTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    final FakeMonitored monitored = FakeMonitored.typical();
    final NgsiEntities entities = new NgsiEntities(monitored);
    final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    final List<JsonNode> received = new ArrayList<>();
    volatile boolean callbackDown;
    final NodeClient callback = (method, uri, json) -> {
        if (callbackDown) {
            throw new ConnectException("Connection refused");
        }
        synchronized (received) {
            received.add(Notifier.parse(json));
        }
        return new NodeClient.Reply(204, "");
    };

    Notifier notifier() {
        return new Notifier(entities, new SubscriptionStore(tmp.getRoot().toPath().resolve("subs")), callback,
                Runnable::run, clock::get, new Notifier.Limits(100, 1000, 8000));
    }

    String subscribe(Notifier n, String condition) throws Exception {
        SubscriptionJson json = new SubscriptionJson(entities, new Callbacks(new String[] {"127.0.0.1"}));
        Subscription s = json.parse(NgsiApiTest.json("{\"subject\":{\"entities\":[{\"id\":\"s01\"}],"
                + "\"condition\":" + condition + "},\"notification\":{\"http\":{\"url\":\"http://127.0.0.1:9/\"},"
                + "\"attrs\":[\"c\"],\"attrsFormat\":\"keyValues\"}}"), NgsiApiTest.ALICE);
        s.id = "sub1";
        s.owner = "alice";
        n.add(s);
        return s.id;
    }

    /** The sensor's channel c gets a value, one second later than the last. */
    void value(double v) {
        clock.addAndGet(1000);
        monitored.sensorChannels("s01", "{\"c\":{\"value\":" + v + ",\"ts\":" + clock.get() + "}}");
    }

    List<Double> values() {
        List<Double> out = new ArrayList<>();
        synchronized (received) {
            for (JsonNode n : received) {
                assertEquals("sub1", n.get("subscriptionId").asText());
                out.add(n.at("/data/0/c").asDouble());
            }
        }
        return out;
    }

    @Test
    public void everyUpdateInOrderOnceAfterTheCallbackWasDownAndAfterARestart() throws Exception {
        Notifier n = notifier();
        subscribe(n, "{\"notifyOn\":\"update\"}");
        n.tick();
        assertEquals("values older than the subscription are not news", List.of(), values());
        value(1);
        n.tick();
        value(1); // same value, newer: an update
        n.tick();
        assertEquals(List.of(1.0, 1.0), values());

        callbackDown = true;
        value(2);
        n.tick();
        Subscription s = n.get("sub1").s;
        assertEquals(1, s.failsCounter);
        assertEquals(clock.get() + 1000, s.nextAttempt);
        value(3);
        n.tick(); // due again: fails a second time, waits 2 s
        assertEquals(2, s.pending.size());
        assertEquals(2, s.failsCounter);
        assertEquals(clock.get() + 2000, s.nextAttempt);
        value(4);
        n.tick(); // not due: queued only
        assertEquals(2, s.failsCounter);
        assertEquals("failed", SubscriptionJson.render(s).get("status").asText());

        // the front end restarts: a new notifier on the same folder has the queue and what the condition saw
        Notifier again = notifier();
        Subscription restored = again.get("sub1").s;
        assertEquals(3, restored.pending.size());
        assertEquals(2, restored.failsCounter);
        callbackDown = false;
        again.tick();
        assertEquals("still backing off", List.of(1.0, 1.0), values());
        clock.addAndGet(2000);
        again.tick();
        assertEquals(List.of(1.0, 1.0, 2.0, 3.0, 4.0), values());
        assertEquals(0, restored.pending.size());
        assertEquals(0, restored.failsCounter);
        assertEquals(5, restored.delivered);
        assertEquals(2, restored.failed);
        assertEquals(7, restored.timesSent);
        again.tick();
        assertEquals("nothing new, nothing sent", 5, values().size());
        assertEquals("active", SubscriptionJson.render(restored).get("status").asText());
    }

    @Test
    public void aThresholdFiresOncePerCrossing() throws Exception {
        Notifier n = notifier();
        subscribe(n, "{\"attrs\":[\"c\"],\"notifyOn\":\"threshold\",\"threshold\":{\"above\":80}}");
        for (double v : new double[] {50, 90, 95, 99, 70, 85, 85, 79, 81}) {
            value(v);
            n.tick();
        }
        assertEquals(List.of(90.0, 85.0, 81.0), values());
    }

    @Test
    public void onChangeIgnoresRepeatedValuesAndThrottlingSkipsWhatComesTooSoon() throws Exception {
        Notifier n = notifier();
        subscribe(n, "{\"alterationTypes\":[\"entityChange\"]}");
        for (double v : new double[] {1, 1, 2, 2, 3}) {
            value(v);
            n.tick();
        }
        assertEquals(List.of(1.0, 2.0, 3.0), values());

        received.clear();
        n.get("sub1").s.throttling = 3;
        for (double v : new double[] {4, 5, 6, 7, 8}) {
            value(v);
            n.tick();
        }
        assertEquals(List.of(6.0), values());
    }

    @Test
    public void aPausedOrDeletedSubscriptionSendsNothingAndANodeDownIsNoNews() throws Exception {
        Notifier n = notifier();
        subscribe(n, "{\"notifyOn\":\"update\"}");
        n.get("sub1").s.status = "inactive";
        value(1);
        n.tick();
        assertTrue(values().isEmpty());
        n.get("sub1").s.status = "active";
        monitored.down = true;
        value(2);
        n.tick();
        assertTrue(values().isEmpty());
        monitored.down = false;
        n.tick();
        assertEquals(List.of(2.0), values());
        n.delete(n.get("sub1"));
        value(3);
        n.tick();
        assertEquals(List.of(2.0), values());
        assertEquals(List.of(), notifier().all());
    }

    @Test
    public void whatCameWhilePausedIsNoNewsAfterResuming() throws Exception {
        Notifier n = notifier();
        subscribe(n, "{\"notifyOn\":\"update\"}");
        SubscriptionsApi api = new SubscriptionsApi(n, new SubscriptionJson(entities, new Callbacks(new String[] {"127.0.0.1"})));
        value(1);
        n.tick();
        assertEquals(204, api.handle("PATCH", List.of("sub1"), Map.of(), NgsiApiTest.json("{\"status\":\"inactive\"}"),
                NgsiApiTest.ALICE).status());
        value(2);
        n.tick();
        assertEquals(204, api.handle("PATCH", List.of("sub1"), Map.of(), NgsiApiTest.json("{\"status\":\"active\"}"),
                NgsiApiTest.ALICE).status());
        n.tick();
        value(3);
        n.tick();
        assertEquals(List.of(1.0, 3.0), values());
    }

    @Test
    public void backoffDoublesUpToTheMaximum() {
        Notifier n = notifier();
        assertEquals(1000, n.backoff(1));
        assertEquals(2000, n.backoff(2));
        assertEquals(8000, n.backoff(4));
        assertEquals(8000, n.backoff(60));
    }

    @Test
    public void aFullQueueDropsTheOldest() throws Exception {
        Notifier n = new Notifier(entities, new SubscriptionStore(null), callback, Runnable::run, clock::get,
                new Notifier.Limits(2, 100_000, 100_000));
        SubscriptionJson json = new SubscriptionJson(entities, new Callbacks(new String[] {"127.0.0.1"}));
        Subscription s = json.parse(NgsiApiTest.json("{\"subject\":{\"entities\":[{\"idPattern\":\"s.*\"}],"
                + "\"condition\":{\"notifyOn\":\"update\"}},\"notification\":{\"http\":{\"url\":"
                + "\"http://127.0.0.1:9/\"}}}"), NgsiApiTest.ALICE);
        s.id = "sub1";
        s.owner = "alice";
        n.add(s);
        callbackDown = true;
        for (double v : new double[] {1, 2, 3, 4}) {
            value(v);
            n.tick();
        }
        assertEquals(2, s.dropped);
        assertEquals(List.of(2L, 3L), s.pending.stream().map(p -> p.seq).toList());
    }
}
