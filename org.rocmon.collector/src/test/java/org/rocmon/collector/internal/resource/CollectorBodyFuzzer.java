package org.rocmon.collector.internal.resource;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;

/**
 * Jazzer target: the body of {@code PUT/POST /resource/{rid}/collector/{cid}}, read as {@code ResourceApi} reads it
 * ({@link HttpIo#parseObject}) and checked by {@link CollectorParser} (target resolution included). Each either
 * yields a spec or throws a {@link Problem} with a 4xx status; anything else would reach the servlet as a 5xx.
 */
public final class CollectorBodyFuzzer {

    private static final CollectorParser PARSER = new CollectorParser(new TargetResolver(8080));
    private static final List<MixinDTO> INSTALLED = List.of(
            mixin("http://example.com/occi/monitoring/metric#CPUPercent", "metric"),
            mixin("http://example.com/occi/monitoring/aggregator#EWMA", "aggregator"));

    private CollectorBodyFuzzer() {
    }

    /** Loads the classes a run touches before libFuzzer's clock and per-input timeout start. */
    public static void fuzzerInitialize() {
        for (String s : new String[] {
            "{\"mixins\":[\"http://example.com/occi/monitoring/metric#CPUPercent\"],\"attributes\":{\"occi\":{\"collector\":{\"period\":1}}},\"target\":\"s01\",\"source\":\"g01\"}",
            "{\"mixins\":[\"a#b\"],\"attributes\":{\"occi.collector.period\":1},\"target\":\"http://127.0.0.1:1/sensor/s/\"}",
            "{"}) {
            fuzzerTestOneInput(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            ObjectNode body = HttpIo.parseObject(data, "a collector description");
            CollectorSpec spec = PARSER.parse("g01", "c01", body, INSTALLED);
            if (spec == null) {
                throw new IllegalStateException("no spec and no refusal");
            }
        } catch (Problem p) {
            if (p.status() < 400 || p.status() > 499) {
                throw new IllegalStateException("refusal with status " + p.status() + ": " + p.detail(), p);
            }
            p.body();
        }
    }

    private static MixinDTO mixin(String id, String kind) {
        MixinDTO m = new MixinDTO();
        m.id = id;
        m.kind = kind;
        m.version = "1.0.0";
        return m;
    }
}
