package org.rocmon.mixins.publisher.prometheus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/Prometheus: {@code description.json}, then either {@code input.jsonl} and
 * {@code expected.prom} (first line {@code # path <scrape path>}, then the exact text-format exposition after the
 * inputs were published and the mixin ticked once; {@code tick-error.txt}, if present, is text the tick's exception
 * must contain) or {@code error.txt} (the attribute the refusal names, then text its message contains). Data cases
 * also check the OpenMetrics rendering and that close removes every series.
 */
public class PrometheusFixtureTest {

    static final String[] SPECS = {Prometheus.INPUT, Prometheus.INPUT2, Prometheus.INPUT3, Prometheus.INPUT4,
        Prometheus.PREFIX, Prometheus.PATH};

    @Test
    public void everyCase() throws Exception {
        FixtureCases.Counts n = FixtureCases.run(Prometheus.TERM, c -> runDataCase(c), c -> runErrorCase(c));
        assertTrue("need data and error cases", n.data >= 2 && n.errors >= 4);
    }

    private static void runDataCase(Path c) throws Exception {
        MetricsEndpoint endpoint = new MetricsEndpoint();
        Prometheus prometheus = new Prometheus(endpoint);
        prometheus.open(MixinContexts.fromFile(c.resolve("description.json"), Map.of(), Prometheus.SCHEME,
                Prometheus.TERM,
                SPECS));
        String expected = Files.readString(c.resolve("expected.prom"), StandardCharsets.UTF_8);
        String path = expected.substring("# path ".length(), expected.indexOf('\n'));
        expected = expected.substring(expected.indexOf('\n') + 1);
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = MeasurementRows.json(line);
                prometheus.publish(in.getKey(), in.getValue());
            }
            try {
                prometheus.tick(0);
                assertTrue(c + ": tick should have thrown", !Files.exists(c.resolve("tick-error.txt")));
            } catch (IOException e) {
                if (!Files.exists(c.resolve("tick-error.txt"))) {
                    throw e;
                }
                String error = Files.readString(c.resolve("tick-error.txt"), StandardCharsets.UTF_8).trim();
                assertTrue(c + ": '" + e.getMessage() + "'", e.getMessage().contains(error));
            }
            assertEquals(c.toString(), path, prometheus.path());
            assertEquals(c.toString(), expected, endpoint.render(path, Exposition.Format.TEXT));
            assertEquals(c.toString(), expected + "# EOF\n", endpoint.render(path, Exposition.Format.OPENMETRICS));
        } finally {
            prometheus.close();
        }
        assertNull(c + ": close must remove the series", endpoint.render(path, Exposition.Format.TEXT));
    }

    private static void runErrorCase(Path c) throws Exception {
        Prometheus prometheus = new Prometheus(new MetricsEndpoint());
        FixtureCases.assertRefusal(c, () -> prometheus.open(MixinContexts.fromFile(c.resolve("description.json"),
                Map.of(), Prometheus.SCHEME, Prometheus.TERM, SPECS)), prometheus::close);
    }
}
