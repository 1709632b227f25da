package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import org.rocmon.api.Measurement;
import org.rocmon.api.dto.StatusDTO;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;

/**
 * Streams a counter through a real collector edge into a sensor whose Log publisher writes every value, and
 * restarts the sensor bundle mid-stream (it persists and re-creates its sensors). Every value 1..N must reach
 * the log exactly once, in order: the edge buffers what the sensor has not acknowledged, the sensor drops what
 * it already took.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SensorRestartIT {

    private static final int FRAMES = 300;
    private static final int RESTART_AT = 100;
    private static final long GAP_MS = 10;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return RocmonOptions.node();
    }

    @Test
    public void sensorRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
        Node node = new Node(context).awaitReady();
        Path log = Files.createTempDirectory(node.data, "restart-").resolve("r01.log");
        Node.Response defined = node.post("/sensor/r01/", Node.logSensor("r01", "n", log, "t01"));
        assertEquals(defined.toString(), 201, defined.code);

        ServiceReference<CollectorEdges> ref = context.getServiceReference(CollectorEdges.class);
        assertNotNull("a CollectorEdges service is registered", ref);
        CollectorEdges edges = context.getService(ref);
        Bundle sensorBundle = bundle("org.rocmon.sensor");
        AtomicReference<Throwable> restartFailure = new AtomicReference<>();

        try (CollectorEdge edge = edges.open("t01", node.ws("r01"), 10_000)) {
            Node.await("the edge connects: " + edge.status().state, 10_000, () -> "connected".equals(edge.status().state));
            Thread restarter = null;
            for (int i = 1; i <= FRAMES; i++) {
                edge.send(Map.of("n", Measurement.of(i, System.currentTimeMillis())));
                if (i == RESTART_AT) {
                    restarter = new Thread(() -> restart(sensorBundle, restartFailure), "restart-sensor-bundle");
                    restarter.start();
                }
                Thread.sleep(GAP_MS);
            }
            restarter.join(30_000);
            if (restartFailure.get() != null) {
                throw new AssertionError("restarting the sensor bundle failed", restartFailure.get());
            }
            Node.await("the log holds " + FRAMES + " values (has " + Node.logLines(log).size() + ")", 30_000,
                    () -> Node.logLines(log).size() >= FRAMES);
            Node.await("the edge has nothing left to deliver: " + counters(edge.status()), 10_000,
                    () -> counter(edge.status(), "buffered") == 0);
            Node.sleep(1_000); // a late duplicate would show up now

            List<Integer> values = new ArrayList<>();
            for (Map<String, Object> line : Node.logLines(log)) {
                values.add(((Number) line.get("value")).intValue());
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= FRAMES; i++) {
                expected.add(i);
            }
            assertEquals("every value once and in order; first differences at "
                    + firstDifference(expected, values), expected, values);
            StatusDTO status = edge.status();
            assertTrue("the edge had to reconnect: " + counters(status), counter(status, "reconnects") >= 1);
            assertEquals("nothing dropped from the edge buffer: " + counters(status), 0, counter(status, "dropped"));
        } finally {
            context.ungetService(ref);
            node.delete("/sensor/r01/");
        }
    }

    private static void restart(Bundle bundle, AtomicReference<Throwable> failure) {
        try {
            bundle.stop();
            Thread.sleep(700);
            bundle.start();
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private static long counter(StatusDTO status, String name) {
        Long v = status.counters.get(name);
        return v == null ? -1 : v;
    }

    private static String counters(StatusDTO status) {
        return status.state + " " + status.counters;
    }

    private static String firstDifference(List<Integer> expected, List<Integer> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "index " + i + ": expected " + expected.get(i) + ", got " + actual.get(i) + " (got "
                        + actual.size() + " values)";
            }
        }
        return "the end (got " + actual.size() + " values)";
    }
}
