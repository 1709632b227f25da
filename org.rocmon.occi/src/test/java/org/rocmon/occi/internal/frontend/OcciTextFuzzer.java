package org.rocmon.occi.internal.frontend;

/** Jazzer target: the OCCI text renderings' parser, text/plain and text/occi (see {@link OcciBodyFuzzer#text}). */
public final class OcciTextFuzzer {

    private OcciTextFuzzer() {
    }

    /** Loads the classes a run touches before libFuzzer's clock and per-input timeout start. */
    public static void fuzzerInitialize() {
        for (String s : new String[] {
            "Category: sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\"\nX-OCCI-Attribute: occi.core.id=\"s01\", a=1, b=true",
            "Category: sensor; scheme=\"http://schemas.ogf.org/occi/monitoring#\"; class=\"kind\"\nX-OCCI-Attribute: occi.core.id=\"s01\", a=1.5\n",
            "X-OCCI-Location: /a, /b\n/c",
            "X-OCCI-Location: /a, /b\n/c\n\n"}) {
            fuzzerTestOneInput(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static void fuzzerTestOneInput(byte[] data) {
        OcciBodyFuzzer.text(data);
    }
}
