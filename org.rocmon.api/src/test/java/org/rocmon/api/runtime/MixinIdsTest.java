package org.rocmon.api.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;

import org.junit.Test;

public class MixinIdsTest {

    private static final String AGG = "http://example.com/occi/monitoring/aggregator#";
    private static final String PUB = "http://example.com/occi/monitoring/publisher#";
    private static final List<String> INSTALLED = List.of(AGG + "EWMA", AGG + "Statistics", PUB + "Log",
            PUB + "SendUDP");

    @Test
    public void aTypoInTheTerm() {
        assertEquals(AGG + "EWMA", MixinIds.closest(INSTALLED, AGG + "EWNA"));
        assertEquals(AGG + "EWMA", MixinIds.closest(INSTALLED, AGG + "ewma"));
        assertEquals(AGG + "Statistics", MixinIds.closest(INSTALLED, AGG + "Statistcs"));
    }

    @Test
    public void aTypoInTheScheme() {
        assertEquals(PUB + "Log", MixinIds.closest(INSTALLED, "http://example.com/occi/monitoring/publishers#Log"));
        assertEquals(PUB + "Log", MixinIds.closest(INSTALLED, "http://other.org/x#log"));
    }

    @Test
    public void nothingClose() {
        assertNull(MixinIds.closest(INSTALLED, AGG + "Kalman"));
        assertNull(MixinIds.closest(List.of(), AGG + "EWMA"));
        assertNull("the identifier itself is no suggestion", MixinIds.closest(List.of(AGG + "EWMA"), AGG + "EWMA"));
    }
}
