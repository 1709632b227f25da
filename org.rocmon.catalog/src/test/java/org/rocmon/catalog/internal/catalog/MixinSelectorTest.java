package org.rocmon.catalog.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.runtime.UnknownMixinException;

public class MixinSelectorTest {

    private static final String EWMA = Fixtures.AGG + "EWMA";

    private static MixinProvider ewma(String version) {
        return Fixtures.provider(Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR, version,
                "gain:number=16"));
    }

    private static final MixinProvider LOG = Fixtures.provider(
            Fixtures.descriptor(Fixtures.PUB, "Log", MixinKind.PUBLISHER, "1.0.0", "filename:string!"));
    private static final MixinProvider MAX = Fixtures.provider(
            Fixtures.descriptor(Fixtures.AGG, "Max", MixinKind.AGGREGATOR, "2.0.0", "in:in!"));

    @Test
    public void highestVersionWinsWithoutRange() throws Exception {
        MixinProvider v1 = ewma("1.0.0");
        MixinProvider v2 = ewma("2.1.0");
        MixinProvider v15 = ewma("1.5.0");
        List<MixinProvider> got = MixinSelector.select(List.of(v1, v2, v15, LOG), MixinKind.AGGREGATOR, EWMA, null);
        assertEquals(List.of(v2, v15, v1), got);
        assertSame(v2, MixinSelector.select(List.of(v1, v2), MixinKind.AGGREGATOR, EWMA, "  ").get(0));
    }

    @Test
    public void versionsCompareNumericallyNotAsText() throws Exception {
        MixinProvider v19 = ewma("1.9.0");
        MixinProvider v110 = ewma("1.10.0");
        assertSame(v110, MixinSelector.select(List.of(v19, v110), MixinKind.AGGREGATOR, EWMA, null).get(0));
        assertSame(v110, MixinSelector.select(List.of(v110, v19), MixinKind.AGGREGATOR, EWMA, "[1.10,2)").get(0));
        assertEquals(List.of(v19),
                MixinSelector.select(List.of(v110, v19), MixinKind.AGGREGATOR, EWMA, "[1.0,1.10)"));
    }

    @Test
    public void rangeRestrictsCandidates() throws Exception {
        MixinProvider v1 = ewma("1.0.0");
        MixinProvider v15 = ewma("1.5.0");
        MixinProvider v2 = ewma("2.0.0");
        assertEquals(List.of(v15, v1),
                MixinSelector.select(List.of(v1, v15, v2), MixinKind.AGGREGATOR, EWMA, "[1.0,2.0)"));
        // A bare version is a range "at least".
        assertEquals(List.of(v2, v15),
                MixinSelector.select(List.of(v1, v15, v2), MixinKind.AGGREGATOR, EWMA, "1.1"));
    }

    @Test
    public void noVersionInRangeListsInstalledVersions() {
        UnknownMixinException e = expectUnknown(List.of(ewma("1.0.0"), ewma("1.5.0")), MixinKind.AGGREGATOR, EWMA,
                "[2.0,3.0)");
        assertTrue(e.getMessage(), e.getMessage().contains("[2.0.0,3.0.0)"));
        assertTrue(e.getMessage(), e.getMessage().contains("1.5.0, 1.0.0"));
        assertEquals(EWMA, e.mixin());
    }

    @Test
    public void badRangeIsReported() {
        UnknownMixinException e = expectUnknown(List.of(ewma("1.0.0")), MixinKind.AGGREGATOR, EWMA, "[1.0,");
        assertTrue(e.getMessage(), e.getMessage().contains("'[1.0,'"));
    }

    @Test
    public void unknownIdListsWhatIsInstalledOfThatKind() {
        UnknownMixinException e = expectUnknown(List.of(ewma("1.0.0"), ewma("1.10.0"), MAX, LOG),
                MixinKind.AGGREGATOR, Fixtures.AGG + "Median", null);
        assertEquals(List.of(EWMA + " 1.10.0", EWMA + " 1.0.0", Fixtures.AGG + "Max 2.0.0"), e.available());
        assertTrue(e.getMessage(), e.getMessage().contains(Fixtures.AGG + "Median"));
        assertTrue(e.getMessage(), e.getMessage().contains(EWMA + " 1.10.0"));
        assertTrue(e.getMessage(), !e.getMessage().contains("Log"));
    }

    @Test
    public void nearMissSuggestsTheRightCase() {
        UnknownMixinException e = expectUnknown(List.of(ewma("1.0.0")), MixinKind.AGGREGATOR, Fixtures.AGG + "ewma",
                null);
        assertTrue(e.getMessage(), e.getMessage().contains("did you mean " + EWMA));
    }

    @Test
    public void aTypoInTheTermSuggestsTheInstalledMixin() {
        UnknownMixinException e = expectUnknown(List.of(ewma("1.0.0"), MAX, LOG), MixinKind.AGGREGATOR,
                Fixtures.AGG + "EWNA", null);
        assertTrue(e.getMessage(), e.getMessage().contains("(did you mean " + EWMA + "?)"));
        assertEquals("mixins", e.attribute());
    }

    @Test
    public void aTypoInTheSchemeSuggestsTheSameTermAndSaysItsKind() {
        String typo = Fixtures.PUB.replace("publisher#", "publishers#") + "Log";
        UnknownMixinException e = expectUnknown(List.of(ewma("1.0.0"), LOG), MixinKind.AGGREGATOR, typo, null);
        assertTrue(e.getMessage(), e.getMessage().contains("(did you mean " + Fixtures.PUB + "Log, a publisher?)"));
    }

    @Test
    public void nothingCloseSuggestsNothing() {
        UnknownMixinException e = expectUnknown(List.of(ewma("1.0.0"), LOG), MixinKind.AGGREGATOR,
                Fixtures.AGG + "Kalman", null);
        assertTrue(e.getMessage(), !e.getMessage().contains("did you mean"));
    }

    @Test
    public void anImpossiblePinNamesThePinNotAnUnknownMixin() {
        UnknownMixinException e = expectUnknown(List.of(ewma("1.0.0")), MixinKind.AGGREGATOR, EWMA, "[3.0,4.0)");
        assertEquals(UnknownMixinException.VERSION_PIN + EWMA, e.attribute());
        assertTrue(e.isVersionPin());
        assertTrue(e.getMessage(), e.getMessage().startsWith(EWMA + " is installed, but not in the pinned range"));
        assertTrue(e.getMessage(), e.getMessage().contains("installed versions: 1.0.0"));
    }

    @Test
    public void wrongKindSaysWhatItIs() {
        UnknownMixinException e = expectUnknown(List.of(LOG, ewma("1.0.0")), MixinKind.METRIC,
                Fixtures.PUB + "Log", null);
        assertTrue(e.getMessage(), e.getMessage().startsWith(Fixtures.PUB + "Log is a publisher, not a metric"));
        assertEquals(List.of(), e.available());
        assertTrue(e.getMessage(), e.getMessage().contains("installed metric mixins: none"));
        e = expectUnknown(List.of(LOG), MixinKind.AGGREGATOR, Fixtures.PUB + "Log", null);
        assertTrue(e.getMessage(), e.getMessage().contains("not an aggregator"));
    }

    @Test
    public void missingIdIsUnknown() {
        UnknownMixinException e = expectUnknown(List.of(LOG), MixinKind.PUBLISHER, null, null);
        assertEquals(List.of(Fixtures.PUB + "Log 1.0.0"), e.available());
    }

    @Test
    public void equalVersionsPreferRankingThenOldestService() throws Exception {
        MixinDescriptor d = Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR, "1.0.0");
        MixinProvider old = new MixinProvider(d, Fixtures.source(Object::new), 0, 5);
        MixinProvider young = new MixinProvider(d, Fixtures.source(Object::new), 0, 9);
        MixinProvider ranked = new MixinProvider(d, Fixtures.source(Object::new), 10, 12);
        assertEquals(List.of(old, young), MixinSelector.select(List.of(young, old), MixinKind.AGGREGATOR, EWMA, null));
        assertSame(ranked,
                MixinSelector.select(List.of(young, old, ranked), MixinKind.AGGREGATOR, EWMA, null).get(0));
    }

    private static UnknownMixinException expectUnknown(List<MixinProvider> providers, MixinKind kind, String id,
            String range) {
        try {
            MixinSelector.select(providers, kind, id, range);
        } catch (UnknownMixinException e) {
            return e;
        }
        fail("expected UnknownMixinException");
        return null;
    }
}
