package org.rocmon.occi.internal.frontend;

import org.junit.Test;

import org.rocmon.testkit.Fuzzing;

/** Short coverage-guided runs (Jazzer) of the OCCI renderings' parsers and API; bench/fuzz.sh runs them longer. */
public class OcciFuzzTest {

    @Test
    public void jsonRenderingParsesOrIsRefusedWith4xx() {
        Fuzzing.check(OcciJsonFuzzer.class);
    }

    @Test
    public void textRenderingsParseOrAreRefusedWith4xx() {
        Fuzzing.check(OcciTextFuzzer.class);
    }

    @Test
    public void apiAnswersBadRequestsWith4xx() {
        Fuzzing.check(OcciApiFuzzer.class);
    }
}
