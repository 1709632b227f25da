package org.rocmon.occi.internal.frontend;

/** Jazzer target: the OCCI JSON rendering parser (see {@link OcciBodyFuzzer#json}). */
public final class OcciJsonFuzzer {

    private OcciJsonFuzzer() {
    }

    /** Loads the classes a run touches before libFuzzer's clock and per-input timeout start. */
    public static void fuzzerInitialize() {
        for (String s : new String[] {
            "{\"id\":\"s01\",\"kind\":\"k\",\"mixins\":[\"a#b\"],\"attributes\":{\"occi\":{\"sensor\":{\"period\":1}}},\"source\":{\"location\":\"/x\"},\"links\":[{\"id\":\"c\"}]}",
            "{\"locations\":[\"/occi/sensor/s01\"]}",
            "{"}) {
            fuzzerTestOneInput(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static void fuzzerTestOneInput(byte[] data) {
        OcciBodyFuzzer.json(data);
    }
}
