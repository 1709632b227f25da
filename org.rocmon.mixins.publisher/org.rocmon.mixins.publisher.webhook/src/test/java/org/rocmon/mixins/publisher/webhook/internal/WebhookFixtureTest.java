package org.rocmon.mixins.publisher.webhook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * Runs every folder under testcases/Webhook against a real HTTP server on 127.0.0.1 ({@code ${base}}):
 * {@code description.json}, then either {@code input.jsonl} and {@code expected.jsonl} (one line per POST received
 * after the inputs were published and the mixin ticked once: the request path, a space, the exact body) or
 * {@code error.txt} (the attribute the refusal names, then text its message contains).
 */
public class WebhookFixtureTest {

    static final String[] SPECS = {Webhook.INPUT, Webhook.URL, Webhook.BATCH, Webhook.RETRIES, Webhook.BACKOFF,
        Webhook.MAXQUEUE, Webhook.TIMEOUT};

    private RecordingHttpServer server;

    @Before
    public void start() throws Exception {
        server = new RecordingHttpServer();
    }

    @After
    public void stop() {
        server.close();
    }

    @Test
    public void everyCase() throws Exception {
        Map<String, String> vars = Map.of("base", server.base());
        int data = 0;
        int errors = 0;
        for (Path c : Fixtures.cases(Webhook.TERM)) {
            if (Files.exists(c.resolve("error.txt"))) {
                runErrorCase(c, vars);
                errors++;
            } else {
                runDataCase(c, vars);
                data++;
            }
        }
        assertTrue("need data and error cases", data >= 2 && errors >= 8);
    }

    private void runDataCase(Path c, Map<String, String> vars) throws Exception {
        server.requests.clear();
        Webhook webhook = new Webhook();
        webhook.open(Fixtures.context(c.resolve("description.json"), vars, Webhook.SCHEME, Webhook.TERM, SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = Fixtures.input(line);
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
        List<String> error = Fixtures.lines(c.resolve("error.txt"));
        Webhook webhook = new Webhook();
        try {
            webhook.open(Fixtures.context(c.resolve("description.json"), vars, Webhook.SCHEME, Webhook.TERM, SPECS));
            fail(c + ": expected a refusal of " + error.get(0));
        } catch (InvalidAttributeException e) {
            assertEquals(c + ": " + e.getMessage(), error.get(0), e.attribute());
            if (error.size() > 1) {
                assertTrue(c + ": message '" + e.getMessage() + "'", e.getMessage().contains(error.get(1)));
            }
        } finally {
            webhook.close();
        }
    }
}
