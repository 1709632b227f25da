package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.occi.internal.catalog.AttributeContext;

/**
 * Runs every folder under testcases/NRPE. Data cases talk to a {@link FakeNrpeAgent} on loopback (its port replaces
 * the description's) that answers with {@code output.txt} and the result in {@code exit.txt}; {@code agent.txt}
 * holds {@code v2only} for an agent older than NRPE 4 and optionally {@code query=<text>}, the query the agent must
 * have received. Expected rows and error cases are as for NagiosPlugin.
 */
public class NrpeFixtureTest {

    static final String[] SPECS = {Nrpe.HOSTNAME, Nrpe.PORT, Nrpe.CHECK, Nrpe.ARGS, Nrpe.TIMEOUT, Nrpe.SSL,
        OutputChannels.STATE, OutputChannels.TEXT, OutputChannels.LONGTEXT, OutputChannels.PERFDATA,
        OutputChannels.PERFPREFIX};
    private static final long NOW = 1_732_262_400_000L;

    @Test
    public void everyCase() throws Exception {
        int data = 0;
        int errors = 0;
        for (Path c : Fixtures.cases(Nrpe.TERM)) {
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c);
                errors++;
            } else {
                runDataCase(c);
                data++;
            }
        }
        assertTrue("NRPE needs data and error cases", data >= 3 && errors >= 5);
    }

    @SuppressWarnings("unchecked")
    private static AttributeContext context(Path c, Integer port) throws Exception {
        Map<String, Object> entity = new ObjectMapper().readValue(c.resolve("description.json").toFile(), Map.class);
        Map<String, Object> attributes = Descriptions.flatten((Map<String, ?>) entity.get("attributes"));
        String prefix = Fixtures.prefix(Nrpe.SCHEME, Nrpe.TERM);
        if (port != null) {
            attributes = new java.util.LinkedHashMap<>(attributes);
            attributes.put(prefix + "port", port);
        }
        return AttributeContext.create(prefix, Fixtures.specs(SPECS), (String) entity.get("id"), attributes, 3000,
                Map.of());
    }

    private static void runDataCase(Path c) throws Exception {
        String output = Files.readString(c.resolve("output.txt"), StandardCharsets.UTF_8);
        int exit = Files.exists(c.resolve("exit.txt")) ? Integer.parseInt(Fixtures.lines(c.resolve("exit.txt")).get(0)) : 0;
        List<String> agent = Files.exists(c.resolve("agent.txt")) ? Fixtures.lines(c.resolve("agent.txt")) : List.of();
        try (FakeNrpeAgent fake = new FakeNrpeAgent(output, exit, agent.contains("v2only"))) {
            Nrpe metric = new Nrpe(new NrpeClient(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
            metric.open(context(c, fake.port()));
            Fixtures.Recorder out = new Fixtures.Recorder();
            metric.measure(out);
            // a second measure keeps the version that worked
            metric.measure(new Fixtures.Recorder());
            metric.close();
            for (String line : agent) {
                if (line.startsWith("query=")) {
                    assertEquals(c + ": query", line.substring("query=".length()), fake.queries.get(0));
                }
            }
            if (agent.contains("v2only")) {
                assertEquals(c + ": versions tried", List.of(4, 2, 2), fake.versions);
            } else {
                assertEquals(c + ": versions tried", List.of(4, 4), fake.versions);
            }
            List<String> expected = Fixtures.lines(c.resolve("expected.txt"));
            assertEquals(c + ": channels written " + out.written, expected.size(), out.order.size());
            for (int i = 0; i < expected.size(); i++) {
                String[] e = expected.get(i).split("\\|", -1);
                String channel = out.order.get(i);
                Measurement m = out.written.get(channel);
                String where = c.getFileName() + " row " + i + " (" + channel + " = " + m + ")";
                assertEquals(where + " channel", e[0], channel);
                assertEquals(where + " timestamp", NOW, m.timestamp());
                if (e[1].startsWith("\"")) {
                    assertEquals(where + " text", e[1].substring(1, e[1].length() - 1).replace("\\n", "\n"), m.value());
                } else {
                    assertEquals(where + " value", Double.parseDouble(e[1]), m.asDouble(), 1e-9);
                }
                assertEquals(where + " unit", e[2].isEmpty() ? null : e[2], m.unit());
                assertEquals(where + " state", e[3], m.state() == null ? "" : m.state().name());
            }
        }
    }

    private static void runErrorCase(Path c) throws Exception {
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        Nrpe metric = new Nrpe(new NrpeClient(), Clock.systemUTC());
        try {
            metric.open(context(c, null));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            metric.close();
        }
    }
}
