package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingOutput;

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
        FixtureCases.Counts n = FixtureCases.run(Nrpe.TERM, c -> runDataCase(c), c -> runErrorCase(c));
        assertTrue("NRPE needs data and error cases", n.data >= 3 && n.errors >= 5);
    }

    /** The case's context; {@code port}, if not null, replaces the port of the description (the fake's). */
    private static AttributeContext context(Path c, Integer port) throws Exception {
        return MixinContexts.fromFile(c.resolve("description.json"), Map.of(),
                port == null ? Map.of() : Map.of("port", port), Nrpe.SCHEME, Nrpe.TERM, SPECS);
    }

    private static void runDataCase(Path c) throws Exception {
        String output = Files.readString(c.resolve("output.txt"), StandardCharsets.UTF_8);
        int exit = Files.exists(c.resolve("exit.txt")) ? Integer.parseInt(Fixtures.lines(c.resolve("exit.txt")).get(0)) : 0;
        List<String> agent = Files.exists(c.resolve("agent.txt")) ? Fixtures.lines(c.resolve("agent.txt")) : List.of();
        try (FakeNrpeAgent fake = new FakeNrpeAgent(output, exit, agent.contains("v2only"))) {
            Nrpe metric = new Nrpe(new NrpeClient(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
            metric.open(context(c, fake.port()));
            RecordingOutput out = new RecordingOutput();
            metric.measure(out);
            // a second measure keeps the version that worked
            metric.measure(new RecordingOutput());
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
            NagiosFixtures.assertWritten(c, out, NOW);
        }
    }

    private static void runErrorCase(Path c) throws Exception {
        Nrpe metric = new Nrpe(new NrpeClient(), Clock.systemUTC());
        FixtureCases.assertRefusal(c, () -> metric.open(context(c, null)), metric::close);
    }
}
