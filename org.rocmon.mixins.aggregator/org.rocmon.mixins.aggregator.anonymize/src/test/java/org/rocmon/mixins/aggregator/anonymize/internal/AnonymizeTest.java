package org.rocmon.mixins.aggregator.anonymize.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.testkit.MixinContexts;

public class AnonymizeTest {

    private static Anonymize open(Object... attributes) throws Exception {
        Anonymize a = new Anonymize();
        a.open(MixinContexts.of(Anonymize.SCHEME, Anonymize.TERM, AnonymizeFixtureTest.SPECS, attributes));
        return a;
    }

    @Test
    public void keepForwardsTheSameInstance() throws Exception {
        Anonymize a = open("input", "a", "output", "b");
        Measurement m = Measurement.of("x", 1).withSource("g01");
        List<Measurement> out = new ArrayList<>();
        a.accept("a", m, (c, x) -> out.add(x));
        assertSame(m, out.get(0));
    }

    @Test
    public void hashIsStableHexOfSixteenAndDiffersBySalt() {
        Hasher h = new Hasher("s3cr3t-salt");
        assertEquals("6cda84afe2d74bc8", h.hash("g01"));
        assertEquals(h.hash("g01"), h.cachedHash("g01"));
        assertEquals(h.hash("g01"), h.cachedHash("g01"));
        assertNotEquals(h.hash("g01"), new Hasher("s3cr3t-salT").hash("g01"));
        assertTrue(h.hash("").matches("[0-9a-f]{16}"));
    }

    @Test
    public void cacheStaysCorrectPastItsBound() {
        Hasher h = new Hasher("s3cr3t-salt");
        for (int i = 0; i < 10_000; i++) {
            assertEquals(h.hash("c" + i), h.cachedHash("c" + i));
        }
        assertEquals("6cda84afe2d74bc8", h.cachedHash("g01"));
    }

    @Test
    public void closeWithoutOpenIsSafe() {
        new Anonymize().close();
    }
}
