package org.rocmon.mixins.publisher.webhook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingHttpServer;

/**
 * Runs every folder under testcases/Webhook against a real HTTP server on 127.0.0.1 ({@code ${base}}):
 * {@code description.json}, then either {@code input.jsonl} and {@code expected.jsonl} (one line per POST received
 * after the inputs were published and the mixin ticked once: the request path, a space, the exact body) or
 * {@code error.txt} (the attribute the refusal names, then text its message contains).
 */
public class WebhookFixtureTest {

    static final String[] SPECS = {Webhook.INPUT, Webhook.URL, Webhook.BATCH, Webhook.RETRIES, Webhook.BACKOFF,
        Webhook.MAXQUEUE, Webhook.TIMEOUT, Webhook.AUTHORIZATION};

    @Rule
    public final RecordingHttpServer server = new RecordingHttpServer();

    @Test
    public void everyCase() throws Exception {
        Map<String, String> vars = Map.of("base", server.base());
        FixtureCases.Counts n = FixtureCases.run(Webhook.TERM, c -> runDataCase(c, vars), c -> runErrorCase(c, vars));
        assertTrue("need data and error cases", n.data >= 2 && n.errors >= 8);
    }

    private void runDataCase(Path c, Map<String, String> vars) throws Exception {
        server.requests.clear();
        Webhook webhook = new Webhook();
        webhook.open(MixinContexts.fromFile(c.resolve("description.json"), vars, Webhook.SCHEME, Webhook.TERM, SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = MeasurementRows.json(line);
                webhook.publish(in.getKey(), in.getValue());
            }
            webhook.tick(0);
            List<String> received = new ArrayList<>();
            for (RecordingHttpServer.Request r : server.requests) {
                assertEquals(c.toString(), "application/json", r.contentType);
                received.add(r.uri + " " + r.body);
            }
            assertEquals(c.toString(), Fixtures.lines(c.resolve("expected.jsonl")), received);
        } finally {
            webhook.close();
        }
    }

    private static void runErrorCase(Path c, Map<String, String> vars) throws Exception {
        Webhook webhook = new Webhook();
        FixtureCases.assertRefusal(c, () -> webhook.open(MixinContexts.fromFile(c.resolve("description.json"), vars,
                Webhook.SCHEME, Webhook.TERM, SPECS)), webhook::close);
    }
}
