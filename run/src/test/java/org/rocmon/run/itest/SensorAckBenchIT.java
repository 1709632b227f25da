package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import org.rocmon.api.Measurement;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;

/**
 * Benchmark of issue 15.2 (figures in bench/README.md): frames per second a sensor takes in and acknowledges, fed
 * flat out by a collector edge, with durable acks ({@code ackDurability=disk}, the default: an ack waits for the
 * frame's commit to the sensor's ingest journal) and with acks from memory ({@code ackDurability=memory}), in one
 * run of one node, rounds alternated after a warm-up round of each. The edge keeps its own buffer in memory in both
 * ({@code buffer=memory}), so only the sensor's side differs; it goes through a loopback relay, as a remote
 * collector's would. Prints {@code BENCH sensor-acks:} lines; fails only when nothing flows or a mode is not the one
 * asked for.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SensorAckBenchIT {

    private static final String EDGES = "org.rocmon.collector.internal.edge.EdgeService";
    private static final String SENSORS = "org.rocmon.sensor";
    private static final long WINDOW_MS = 5_000;

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Test
    public void durableAcksThroughputAgainstMemory() throws Exception {
        Node node = new Node(context).awaitReady();
        Dictionary<String, Object> edgeProps = new Hashtable<>();
        edgeProps.put("buffer", "memory");
        configAdmin.getConfiguration(EDGES, "?").update(edgeProps);
        Node.Response r = node.post("/sensor/eb/", "{\"id\":\"eb\",\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":["
                + "\"http://example.com/occi/monitoring/aggregator#EWMA\"],\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.EWMA.gain\":16,\"com.example.occi.monitoring.EWMA.instream\":\"a\","
                + "\"com.example.occi.monitoring.EWMA.outstream\":\"c\"},\"links\":[{\"id\":\"feed\"}]}");
        assertEquals(r.toString(), 201, r.code);
        try (LinkProxy relay = new LinkProxy(node.port)) {
            URI viaRelay = URI.create("ws://127.0.0.1:" + relay.port + "/sensor/eb/");
            round(node, "disk", viaRelay, true);
            round(node, "memory", viaRelay, true);
            double disk = 0;
            double memory = 0;
            for (int i = 1; i <= 2; i++) {
                disk += round(node, "disk", viaRelay, false) / 2;
                memory += round(node, "memory", viaRelay, false) / 2;
            }
            System.out.printf("BENCH sensor-acks: disk %.0f frames/s, memory %.0f frames/s: disk/memory %.2f "
                    + "(mean of two %d-ms windows each, after a warm-up round of each)%n", disk, memory,
                    disk / memory, WINDOW_MS);
        } finally {
            configAdmin.getConfiguration(SENSORS, "?").delete();
            configAdmin.getConfiguration(EDGES, "?").delete();
            node.delete("/sensor/eb/");
        }
    }

    /** @return frames per second acknowledged by the sensor during the window */
    private double round(Node node, String acks, URI sensor, boolean warmUp) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ackDurability", acks);
        configAdmin.getConfiguration(SENSORS, "?").update(props);
        // the sensor component restarts with the new mode and restores the sensor: wait until it reports the mode
        Node.await("the sensor with ackDurability=" + acks, 20_000, () -> acks.equals(ackMode(node)));
        Node.await("edges with buffer=memory", 20_000, () -> {
            ServiceReference<CollectorEdges> ref = context.getServiceReference(CollectorEdges.class);
            if (ref == null) {
                return false;
            }
            CollectorEdges edges = context.getService(ref);
            try (CollectorEdge probe = edges.open("probe", URI.create("ws://127.0.0.1:1/sensor/none/"), 1)) {
                return probe.status().counters.getOrDefault("durable", -1L) == 0;
            } catch (RuntimeException e) {
                return false;
            } finally {
                context.ungetService(ref);
            }
        });
        ServiceReference<CollectorEdges> ref = context.getServiceReference(CollectorEdges.class);
        CollectorEdges edges = context.getService(ref);
        AtomicBoolean feeding = new AtomicBoolean(true);
        try (CollectorEdge edge = edges.open("feed", sensor, 100_000)) {
            Node.await("edge connects", 10_000, () -> "connected".equals(edge.status().state));
            Thread feeder = new Thread(() -> {
                long ts = System.currentTimeMillis();
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
            }, "edge-buffer-bench-feeder");
            feeder.start();
            Node.sleep(warmUp ? 3_000 : 1_000);
            long before = edge.status().counters.get("acked");
            long t0 = System.nanoTime();
            Node.sleep(WINDOW_MS);
            long after = edge.status().counters.get("acked");
            double rate = (after - before) / ((System.nanoTime() - t0) / 1e9);
            feeding.set(false);
            feeder.join(5_000);
            assertTrue("frames flowed with ackDurability=" + acks, after > before);
            assertEquals("the sensor's acks were " + acks + " all along", acks, ackMode(node));
            System.out.printf("BENCH sensor-acks: %s%s %.0f frames/s acknowledged%n", acks,
                    warmUp ? " (warm-up)" : "", rate);
            return rate;
        } finally {
            feeding.set(false);
            context.ungetService(ref);
        }
    }

    /** @return disk or memory, as the sensor's status says, or null while it is not there */
    @SuppressWarnings("unchecked")
    private static String ackMode(Node node) {
        Node.Response r = node.get("/sensor/eb/");
        if (r.code != 200) {
            return null;
        }
        Map<String, Object> status = (Map<String, Object>) Json.object(r.body).get("status");
        Object mode = ((Map<String, Object>) status.get("acks")).get("mode");
        return mode == null ? null : mode.toString().startsWith("disk") ? "disk" : mode.toString();
    }
}
