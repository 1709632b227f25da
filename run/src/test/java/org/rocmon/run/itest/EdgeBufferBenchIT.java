package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Benchmark of issue 15 (figures in bench/README.md): frames per second a collector edge delivers to a sensor and
 * has acknowledged, fed flat out, with its unacknowledged frames on disk ({@code buffer=disk}, the default) and in
 * memory ({@code buffer=memory}), in one run of one node, rounds alternated after a warm-up round of each. The edge
 * reaches the node's own sensor through a loopback relay, so it is a socket edge (in-process links are never on
 * disk). Prints {@code BENCH edge-buffer:} lines; fails only when nothing flows or a mode is not the one asked for.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EdgeBufferBenchIT {

    private static final String PID = "org.rocmon.collector.internal.edge.EdgeService";
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
    public void diskBufferThroughputAgainstMemory() throws Exception {
        Node node = new Node(context).awaitReady();
        Node.Response r = node.post("/sensor/eb/", "{\"id\":\"eb\",\"kind\":\"" + Node.SENSOR_KIND + "\",\"mixins\":["
                + "\"http://example.com/occi/monitoring/aggregator#EWMA\"],\"attributes\":{\"occi.sensor.period\":1,"
                + "\"com.example.occi.monitoring.EWMA.gain\":16,\"com.example.occi.monitoring.EWMA.instream\":\"a\","
                + "\"com.example.occi.monitoring.EWMA.outstream\":\"c\"},\"links\":[{\"id\":\"feed\"}]}");
        assertEquals(r.toString(), 201, r.code);
        try (LinkProxy relay = new LinkProxy(node.port)) {
            URI viaRelay = URI.create("ws://127.0.0.1:" + relay.port + "/sensor/eb/");
            round("disk", viaRelay, true);
            round("memory", viaRelay, true);
            double disk = 0;
            double memory = 0;
            for (int i = 1; i <= 2; i++) {
                disk += round("disk", viaRelay, false) / 2;
                memory += round("memory", viaRelay, false) / 2;
            }
            System.out.printf("BENCH edge-buffer: disk %.0f frames/s, memory %.0f frames/s: disk/memory %.2f "
                    + "(mean of two %d-ms windows each, after a warm-up round of each)%n", disk, memory,
                    disk / memory, WINDOW_MS);
        } finally {
            configAdmin.getConfiguration(PID, "?").delete();
            node.delete("/sensor/eb/");
        }
    }

    /** @return frames per second acknowledged by the sensor during the window */
    private double round(String buffer, URI sensor, boolean warmUp) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("buffer", buffer);
        configAdmin.getConfiguration(PID, "?").update(props);
        // the edge service restarts with the new mode: wait for an edge that reports it
        long durable = buffer.equals("disk") ? 1 : 0;
        Node.await("edges with buffer=" + buffer, 20_000, () -> EdgeFeeder.edgesKeep(context, durable));
        double rate = EdgeFeeder.ackedPerSecond(context, sensor, warmUp, WINDOW_MS, edge -> assertEquals(
                "the edge keeps its frames " + (durable == 1 ? "on disk" : "in memory"), durable,
                (long) edge.status().counters.get("durable")));
        System.out.printf("BENCH edge-buffer: %s%s %.0f frames/s acknowledged%n", buffer,
                warmUp ? " (warm-up)" : "", rate);
        return rate;
    }
}
