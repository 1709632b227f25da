package org.rocmon.run.itest;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;

/**
 * The load of the throughput bench ITs that run in a Pax Exam node: one collector edge fed flat out (held back only
 * while it buffers more than 20,000 frames), measured as frames per second the sensor acknowledges over a window.
 */
final class EdgeFeeder {

    private EdgeFeeder() {
    }

    /** @return whether the node's edge service opens edges that keep frames on disk (1) or in memory (0) */
    static boolean edgesKeep(BundleContext context, long durable) {
        ServiceReference<CollectorEdges> ref = context.getServiceReference(CollectorEdges.class);
        if (ref == null) {
            return false;
        }
        CollectorEdges edges = context.getService(ref);
        try (CollectorEdge probe = edges.open("probe", URI.create("ws://127.0.0.1:1/sensor/none/"), 1)) {
            return probe.status().counters.getOrDefault("durable", -1L) == durable;
        } catch (RuntimeException e) {
            return false;
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * Opens the edge {@code feed} to the sensor, feeds it for a settling time (3 s for a warm-up round, else 1 s) and
     * the window, then stops feeding and hands the edge to {@code check} before closing it.
     *
     * @return frames per second acknowledged during the window
     */
    static double ackedPerSecond(BundleContext context, URI sensor, boolean warmUp, long windowMs,
            Consumer<CollectorEdge> check) throws InterruptedException {
        return ackedPerSecond(context, "feed", sensor, System.currentTimeMillis(), warmUp ? 3_000 : 1_000, windowMs,
                () -> { }, () -> { }, check);
    }

    /**
     * As {@link #ackedPerSecond(BundleContext, URI, boolean, long, Consumer)}, with the edge's id, the values'
     * timestamps and the settling time chosen, and a look at the node as the window opens and as it closes.
     *
     * @param edgeId the collector id of the edge (one the sensor admits)
     * @param firstTs the first value's timestamp; each next value is 1 ms later
     * @param settleMs how long the edge is fed before the window opens
     * @param opened run on the test's thread just before the window opens (the feed goes on)
     * @param closed run on the test's thread just after the window closes, before the feed stops
     * @return frames per second acknowledged during the window
     */
    static double ackedPerSecond(BundleContext context, String edgeId, URI sensor, long firstTs, long settleMs,
            long windowMs, Runnable opened, Runnable closed, Consumer<CollectorEdge> check)
            throws InterruptedException {
        // The edge service restarts on each ConfigAdmin update, and one update can restart it more than once: even
        // after edgesKeep saw the new mode, it may be between two registrations here (seen in CI as a null reference).
        ServiceTracker<CollectorEdges, CollectorEdges> tracker =
                new ServiceTracker<>(context, CollectorEdges.class, null);
        tracker.open();
        CollectorEdges edges = tracker.waitForService(20_000);
        if (edges == null) {
            tracker.close();
            throw new AssertionError("no CollectorEdges service within 20 s");
        }
        AtomicBoolean feeding = new AtomicBoolean(true);
        try (CollectorEdge edge = edges.open(edgeId, sensor, 100_000)) {
            Node.await("edge connects", 10_000, () -> "connected".equals(edge.status().state));
            Thread feeder = new Thread(() -> {
                long ts = firstTs - 1;
                while (feeding.get()) {
                    Long buffered = edge.status().counters.get("buffered");
                    if (buffered != null && buffered > 20_000) {
                        LockSupport.parkNanos(100_000); // two cores: spinning would steal the sensor's
                        continue;
                    }
                    for (int k = 0; k < 100; k++) {
                        ts++;
                        edge.send(Map.of("a", Measurement.of(ts % 1000, ts)));
                    }
                }
            }, "bench-edge-feeder");
            feeder.start();
            Node.sleep(settleMs);
            opened.run();
            long before = edge.status().counters.get("acked");
            long t0 = System.nanoTime();
            Node.sleep(windowMs);
            long after = edge.status().counters.get("acked");
            double rate = (after - before) / ((System.nanoTime() - t0) / 1e9);
            closed.run();
            feeding.set(false);
            feeder.join(5_000);
            if (after <= before) {
                throw new AssertionError("no frame was acknowledged during the window");
            }
            check.accept(edge);
            return rate;
        } finally {
            feeding.set(false);
            tracker.close();
        }
    }
}
