package org.rocmon.mixins.publisher.remotewrite.internal;

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

/**
 * Runs every folder under testcases/PrometheusRemoteWrite against a real HTTP server on 127.0.0.1 ({@code ${base}})
 * that decodes each request (Snappy, then protobuf-java's parser): {@code description.json}, then either
 * {@code input.jsonl} and {@code expected.txt} (for each request received after the inputs were published and the
 * mixin ticked once: a line {@code POST <path>}, then one line per series, {@code {labels} value@ts ...}) or
 * {@code error.txt} (the attribute the refusal names, then text its message contains).
 */
public class PrometheusRemoteWriteFixtureTest {

    static final String[] SPECS = {PrometheusRemoteWrite.INPUT, PrometheusRemoteWrite.INPUT2,
        PrometheusRemoteWrite.INPUT3, PrometheusRemoteWrite.INPUT4, PrometheusRemoteWrite.URL,
        PrometheusRemoteWrite.PREFIX, PrometheusRemoteWrite.LABELS, PrometheusRemoteWrite.STATE,
        PrometheusRemoteWrite.BATCH, PrometheusRemoteWrite.RETRIES, PrometheusRemoteWrite.BACKOFF,
        PrometheusRemoteWrite.MAXQUEUE, PrometheusRemoteWrite.TIMEOUT, PrometheusRemoteWrite.USERNAME,
        PrometheusRemoteWrite.PASSWORD, PrometheusRemoteWrite.BEARER};

    @Rule
    public final RemoteWriteReceiver receiver = new RemoteWriteReceiver();

    @Test
    public void everyCase() throws Exception {
        Map<String, String> vars = Map.of("base", receiver.base());
        FixtureCases.Counts n = FixtureCases.run(PrometheusRemoteWrite.TERM, c -> runDataCase(c, vars),
                c -> runErrorCase(c, vars));
        assertTrue("need data and error cases", n.data >= 2 && n.errors >= 8);
    }

    private void runDataCase(Path c, Map<String, String> vars) throws Exception {
        receiver.requests.clear();
        PrometheusRemoteWrite mixin = new PrometheusRemoteWrite();
        mixin.open(MixinContexts.fromFile(c.resolve("description.json"), vars, PrometheusRemoteWrite.SCHEME,
                PrometheusRemoteWrite.TERM, SPECS));
        try {
            for (String line : Fixtures.lines(c.resolve("input.jsonl"))) {
                Map.Entry<String, Measurement> in = MeasurementRows.json(line);
                mixin.publish(in.getKey(), in.getValue());
            }
            mixin.tick(0);
            List<String> received = new ArrayList<>();
            for (RemoteWriteReceiver.Request r : receiver.requests) {
                assertEquals(c.toString(), "snappy", r.contentEncoding);
                assertEquals(c.toString(), "application/x-protobuf", r.contentType);
                assertEquals(c.toString(), "0.1.0", r.version);
                received.add("POST " + r.path);
                received.addAll(r.series);
            }
            assertEquals(c.toString(), Fixtures.lines(c.resolve("expected.txt")), received);
        } finally {
            mixin.close();
        }
    }

    private static void runErrorCase(Path c, Map<String, String> vars) throws Exception {
        PrometheusRemoteWrite mixin = new PrometheusRemoteWrite();
        FixtureCases.assertRefusal(c, () -> mixin.open(MixinContexts.fromFile(c.resolve("description.json"), vars,
                PrometheusRemoteWrite.SCHEME, PrometheusRemoteWrite.TERM, SPECS)), mixin::close);
    }
}
