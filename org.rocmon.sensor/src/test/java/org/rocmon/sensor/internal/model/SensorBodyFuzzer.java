package org.rocmon.sensor.internal.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.json.RocmonJson;

/**
 * Jazzer target: the bodies of {@code POST /sensor/} (no path id), {@code POST /sensor/{id}/} and
 * {@code POST /sensor/{id}/collector/{cid}} (a sensor-to-sensor collector), read the way {@code SensorServlet}
 * reads them ({@link HttpIo#parseObject}) and then validated. Each either yields a description or throws a
 * {@link Problem} with a 4xx status; anything else (which the servlet would answer with a 5xx) is a finding.
 */
public final class SensorBodyFuzzer {

    private static final ObjectMapper MAPPER = RocmonJson.mapper();
    private static final SensorParser PARSER = new SensorParser(MAPPER);

    private SensorBodyFuzzer() {
    }

    /** Loads the classes a run touches before libFuzzer's clock and per-input timeout start. */
    public static void fuzzerInitialize() {
        for (String s : new String[] {
            "{\"id\":\"s01\",\"mixins\":[\"a#b\"],\"attributes\":{\"occi\":{\"sensor\":{\"period\":1}}},\"links\":[\"c\"]}",
            "{\"attributes\":{\"occi.collector.period\":1},\"target\":\"ws://127.0.0.1:1/sensor/s/\"}",
            "{\"id\":1}",
            "{"}) {
            fuzzerTestOneInput(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static void fuzzerTestOneInput(byte[] data) {
        ObjectNode body;
        try {
            body = HttpIo.parseObject(data, "a sensor description");
        } catch (Problem p) {
            check(p);
            return;
        }
        try {
            switch (data.length % 3) {
                case 0:
                    PARSER.parse(null, body);
                    break;
                case 1:
                    PARSER.parse("s01", body);
                    break;
                default:
                    EdgeSpec.parse("s01", "c01", body, 8080, MAPPER);
                    break;
            }
        } catch (Problem p) {
            check(p);
        }
    }

    static void check(Problem p) {
        if (p.status() < 400 || p.status() > 499) {
            throw new IllegalStateException("refusal with status " + p.status() + ": " + p.detail(), p);
        }
        p.body();
    }
}
