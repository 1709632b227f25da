package org.rocmon.mixins.publisher.prometheus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;

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
        int data = 0;
        int errors = 0;
        for (Path c : Fixtures.cases(Prometheus.TERM)) {
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c);
                errors++;
            } else {
                runDataCase(c);
                data++;
            }
        }
        assertTrue("need data and error cases", data >= 2 && errors >= 4);
    }

    private static void runDataCase(Path c) throws Exception {
        MetricsEndpoint endpoint = new MetricsEndpoint();
        Prometheus prometheus = new Prometheus(endpoint);
        prometheus.open(Fixtures.context(c.resolve("description.json"), Map.of(), Prometheus.SCHEME, Prometheus.TERM,
                SPECS));
        String expected = Files.readString(c.resolve("expected.prom"), StandardCharsets.UTF_8);
        String path = expected.substring("# path ".length(), expected.indexOf('\n'));
        expected = expected.substring(expected.indexOf('\n') + 1);
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = Fixtures.input(line);
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
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        Prometheus prometheus = new Prometheus(new MetricsEndpoint());
        try {
            prometheus.open(Fixtures.context(c.resolve("description.json"), Map.of(), Prometheus.SCHEME,
                    Prometheus.TERM, SPECS));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            prometheus.close();
        }
    }
}
