package org.rocmon.collector.internal.resource;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.AsyncMetric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.Output;

/** How rounds are scheduled: queued calls, late values, asynchronous metrics, phases and lateness. */
public class SchedulingTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Fakes.Catalog catalog = new Fakes.Catalog();
    private final Fakes.Edges edges = new Fakes.Edges();
    /** Stands in for the host's process I/O thread that completes asynchronous measurements. */
    private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor();
    private Pools pools;
    private CollectorManager manager;
    private ResourceApi api;

    private void start(int threads) throws Exception {
        pools = new Pools(threads, 1000, 10_000);
        manager = new CollectorManager(catalog, edges, () -> null, new CollectorStore(tmp.newFolder().toPath()),
                new TargetResolver(8080), HostFacts.collect(), 10, pools, 100);
        api = new ResourceApi(manager);
    }

    @After
    public void tearDown() {
        if (manager != null) {
            manager.close();
            pools.close();
        }
        io.shutdownNow();
    }

    private ApiResponse post(String cid, String term, double period) {
        String body = "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\",\"mixins\":[\"" + Fakes.METRIC
                + term + "\"],\"attributes\":{\"occi.collector.period\":" + period + ",\"" + Fakes.NS + term
                + ".out\":\"v\"},\"target\":\"s01\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return Requests.handle(api, "POST", "/g01/collector/" + cid, "application/json", bytes.length,
                new ByteArrayInputStream(bytes));
    }

    private JsonNode get(String path) {
        return Requests.MAPPER.valueToTree(Requests.handle(api, "GET", path, null, -1, new ByteArrayInputStream(new byte[0])).body);
    }

    private static long counter(JsonNode collector, String name) {
        return collector.path("status").path("counters").path(name).asLong();
    }

    /** Sleeps on the runtime's thread, like a blocking probe. */
    static final class Slow implements org.rocmon.api.mixin.Metric {
        final String channel;
        final long millis;

        Slow(String channel, long millis) {
            this.channel = channel;
            this.millis = millis;
        }

        @Override
        public void open(MixinContext context) {
        }

        @Override
        public void measure(Output out) throws Exception {
            Thread.sleep(millis);
            out.write(channel, Measurement.of(millis, System.currentTimeMillis()));
        }
    }

    /** Returns at once and writes its value from another thread later, as a plugin run by the host would. */
    final class Deferred implements AsyncMetric {
        final String channel;
        final long millis;
        final boolean fail;
        volatile long blockMillis;
        final AtomicInteger running = new AtomicInteger();
        volatile int maxRunning;

        Deferred(String channel, long millis, boolean fail) {
            this.channel = channel;
            this.millis = millis;
            this.fail = fail;
        }

        @Override
        public void open(MixinContext context) {
        }

        @Override
        public CompletionStage<?> measureAsync(Output out) throws InterruptedException {
            Thread.sleep(blockMillis);
            maxRunning = Math.max(maxRunning, running.incrementAndGet());
            CompletableFuture<Void> done = new CompletableFuture<>();
            io.schedule(() -> {
                running.decrementAndGet();
                if (fail) {
                    done.completeExceptionally(new IllegalStateException("plugin could not start"));
                } else {
                    out.write(channel, Measurement.of(42, System.currentTimeMillis()));
                    done.complete(null);
                }
            }, millis, TimeUnit.MILLISECONDS);
            return done;
        }
    }

    @Test
    public void callsBeyondTheThreadsWaitInsteadOfBeingRefused() throws Exception {
        start(2);
        // 60 ms: the first rounds (due at once, on each POST) overlap however fast the POSTs come on a busy machine
        catalog.metric("Slow", ch -> new Slow(ch, 60));
        for (int i = 0; i < 12; i++) {
            assertEquals(201, post("c" + i, "Slow", 0.5).status);
        }
        ResourceApiTest.await("every collector delivered twice", () -> edges.opened.size() == 12
                && edges.opened.stream().allMatch(e -> e.frames.size() >= 2));
        for (int i = 0; i < 12; i++) {
            JsonNode c = get("/g01/collector/c" + i);
            assertEquals(c.toString(), 0, counter(c, "errors"));
        }
        JsonNode scheduler = get("/").path("scheduler");
        assertEquals(scheduler.toString(), 0, scheduler.path("rejectedCalls").asLong());
        assertEquals(2, scheduler.path("metricThreads").asInt());
        // 12 first calls of 60 ms on 2 threads: the last ones wait about 300 ms, and say so.
        assertTrue(scheduler.toString(), scheduler.path("lateness").path("maxMillis").asLong() >= 90);
        assertTrue(scheduler.toString(), scheduler.path("lateness").path("samples").asLong() >= 24);
    }

    @Test
    public void aValueThatMissesItsRoundFollowsInAFrameOfItsOwn() throws Exception {
        start(4);
        catalog.metric("Slow", ch -> new Slow(ch, 250));
        assertEquals(201, post("c1", "Slow", 0.1).status);
        Fakes.Edge edge = edges.last();
        ResourceApiTest.await("a late value", () -> !edge.frames.isEmpty());
        assertEquals(250.0, ((Number) edge.frames.get(0).get("v").value()).doubleValue(), 0);
        JsonNode c = get("/g01/collector/c1");
        assertTrue(c.toString(), counter(c, "timeouts") >= 1);
        assertTrue(c.toString(), counter(c, "late") >= 1);
        assertTrue("the busy metric is skipped, not called twice", counter(c, "skipped") >= 1);
        assertEquals(c.toString(), 0, counter(c, "errors"));
    }

    @Test
    public void asynchronousMetricsHoldNoThreadAndAreNeverCalledTwiceAtOnce() throws Exception {
        start(2);
        List<Deferred> opened = Collections.synchronizedList(new ArrayList<>());
        catalog.metric("Deferred", ch -> {
            Deferred d = new Deferred(ch, 150, false);
            opened.add(d);
            return d;
        });
        // Ten measurements waiting at once on two threads: only possible if none holds a thread.
        for (int i = 0; i < 10; i++) {
            assertEquals(201, post("a" + i, "Deferred", 0.2).status);
        }
        ResourceApiTest.await("every asynchronous collector delivered", () -> edges.opened.size() == 10
                && edges.opened.stream().allMatch(e -> e.frames.size() >= 2));
        for (Deferred d : opened) {
            assertEquals("one call at a time per instance", 1, d.maxRunning);
        }
        JsonNode c = get("/g01/collector/a0");
        assertEquals(c.toString(), 0, counter(c, "errors"));
        assertEquals(42.0, ((Number) edges.opened.get(0).frames.get(0).get("v").value()).doubleValue(), 0);
    }

    @Test
    public void anAsynchronousValueAfterTheDeadlineIsLateNotLost() throws Exception {
        start(2);
        catalog.metric("Deferred", ch -> new Deferred(ch, 300, false));
        assertEquals(201, post("a1", "Deferred", 0.1).status);
        Fakes.Edge edge = edges.last();
        ResourceApiTest.await("the late value", () -> !edge.frames.isEmpty());
        JsonNode c = get("/g01/collector/a1");
        assertTrue(c.toString(), counter(c, "late") >= 1);
        assertTrue(c.toString(), counter(c, "timeouts") >= 1);
    }

    @Test
    public void aFailedAsynchronousMeasurementIsCountedAndTheCollectorGoesOn() throws Exception {
        start(2);
        catalog.metric("Deferred", ch -> new Deferred(ch, 5, true));
        assertEquals(201, post("a1", "Deferred", 0.05).status);
        ResourceApiTest.await("three failures", () -> counter(get("/g01/collector/a1"), "errors") >= 3);
        assertTrue(edges.last().frames.isEmpty());
        assertEquals("running", get("/g01/collector/a1").path("status").path("state").asText());
    }

    @Test
    public void anAsynchronousMetricThatBlocksIsMovedOffTheTicks() throws Exception {
        start(2);
        catalog.metric("Deferred", ch -> {
            Deferred d = new Deferred(ch, 5, false);
            d.blockMillis = 60;
            return d;
        });
        catalog.metric("Counting", Fakes.Counting::new);
        assertEquals(201, post("slow", "Deferred", 0.1).status);
        ResourceApiTest.await("marked blocking", () -> get("/g01/collector/slow").path("metrics").path(0)
                .path("blocking").asBoolean());
        assertEquals(201, post("fast", "Counting", 0.1).status);
        Fakes.Edge fast = edges.last();
        ResourceApiTest.await("the other collector keeps its pace", () -> fast.frames.size() >= 5);
        Fakes.Edge slow = edges.opened.get(0);
        ResourceApiTest.await("the blocking one still delivers", () -> slow.frames.size() >= 3);
    }

    @Test
    public void phasesSpreadEvenlyOverThePeriod() throws Exception {
        start(2);
        long period = 1000;
        List<Long> phases = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            phases.add(pools.nextPhase(period));
        }
        Collections.sort(phases);
        long maxGap = period - phases.get(phases.size() - 1) + phases.get(0);
        for (int i = 1; i < phases.size(); i++) {
            maxGap = Math.max(maxGap, phases.get(i) - phases.get(i - 1));
        }
        // Evenly spread would be 1 ms apart; the golden-ratio sequence keeps every gap within a small factor.
        assertTrue("largest gap " + maxGap + " ms", maxGap <= 3);
        assertTrue(phases.get(phases.size() - 1) - phases.get(0) >= 995);
    }

    @Test
    public void laterRoundsFallOnTheCollectorsPhaseAfterAFirstRoundAtOnce() throws Exception {
        start(2);
        catalog.metric("Counting", Fakes.Counting::new);
        long before = System.currentTimeMillis();
        assertEquals(201, post("p1", "Counting", 2).status);
        ResourceApiTest.await("the first round", () -> !edges.last().frames.isEmpty());
        assertTrue("the first round runs at once", System.currentTimeMillis() - before < 1500);
        JsonNode schedule = get("/g01/collector/p1").path("schedule");
        assertEquals(schedule.toString(), 2000, schedule.path("periodMillis").asLong());
        long anchor = schedule.path("phaseAnchor").asLong();
        long first = schedule.path("firstRoundAt").asLong();
        assertTrue(schedule.toString(), anchor - first >= 1000 && anchor - first < 3000);
    }

    @Test
    public void roundsStartWhenTheExportedScheduleSaysTheyAreDue() throws Exception {
        start(2);
        catalog.metric("Counting", Fakes.Counting::new);
        assertEquals(201, post("d1", "Counting", 0.2).status);
        Fakes.Edge edge = edges.last();
        ResourceApiTest.await("six rounds", () -> edge.frames.size() >= 6);
        JsonNode schedule = get("/g01/collector/d1").path("schedule");
        long anchor = schedule.path("phaseAnchor").asLong();
        for (Map<String, Measurement> frame : edge.frames.subList(1, 6)) {
            long ts = frame.get("v").timestamp(); // Counting stamps the moment it is called
            long late = ts - (anchor + Math.floorDiv(ts - anchor, 200) * 200);
            assertTrue("a round started " + late + " ms after it was due (schedule " + schedule + ")", late < 100);
        }
        assertTrue("later rounds are not before the anchor", edge.frames.get(1).get("v").timestamp() >= anchor);
    }

    @Test
    public void latenessPercentilesAreWithinTheBucketResolution() {
        LatenessHistogram h = new LatenessHistogram();
        for (int v = 1; v <= 1000; v++) {
            h.record(v);
        }
        h.record(-5); // a round that started early counts as on time
        assertEquals(1001, h.count());
        long p50 = h.percentile(50);
        long p99 = h.percentile(99);
        assertTrue("p50 " + p50, p50 >= 500 && p50 <= 560);
        assertTrue("p99 " + p99, p99 >= 990 && p99 <= 1109);
        assertEquals(0, LatenessHistogram.bucket(0));
        assertEquals(1000L, h.describe().get("maxMillis"));
    }
}
