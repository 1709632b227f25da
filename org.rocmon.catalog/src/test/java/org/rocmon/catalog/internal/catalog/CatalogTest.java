package org.rocmon.catalog.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.api.runtime.UnknownMixinException;
import org.rocmon.catalog.internal.catalog.Fixtures.CountingSource;
import org.rocmon.catalog.internal.catalog.Fixtures.RecordingAggregator;
import org.rocmon.catalog.internal.catalog.Fixtures.RecordingPublisher;

public class CatalogTest {

    private static final String EWMA = Fixtures.AGG + "EWMA";
    private static final String PREFIX = "com.example.occi.monitoring.EWMA.";

    private final Catalog catalog = new Catalog();

    private CountingSource addEwma(String key, String version) {
        CountingSource source = Fixtures.source(RecordingAggregator::new);
        catalog.add(key, Fixtures.provider(Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR, version,
                "gain:number=16", "instream:in!", "outstream:out!"), source));
        return source;
    }

    private static MixinRequestDTO request(String mixin, Object... kv) {
        MixinRequestDTO r = new MixinRequestDTO();
        r.mixin = mixin;
        r.entityId = "s01";
        r.periodMillis = 3000;
        Map<String, Object> a = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            a.put((String) kv[i], kv[i + 1]);
        }
        r.attributes = a;
        return r;
    }

    private static MixinRequestDTO ewmaRequest() {
        return request(EWMA, "occi.sensor.period", 3, PREFIX + "instream", "a", PREFIX + "outstream", "c");
    }

    @Test
    public void opensFreshOpenedInstances() throws Exception {
        CountingSource source = addEwma("a", "1.0.0");
        MixinInstance<Aggregator> one = catalog.open(Aggregator.class, ewmaRequest());
        MixinInstance<Aggregator> two = catalog.open(Aggregator.class, ewmaRequest());
        assertNotSame(one.mixin(), two.mixin());
        assertEquals(2, source.given.size());
        RecordingAggregator mixin = (RecordingAggregator) ((OpenedMixin<Aggregator>) one).unguarded();
        assertEquals(1, mixin.opens);
        assertSame(one.context(), mixin.context);
        assertEquals(16.0, one.context().number("gain"), 0.0);
        assertEquals(3000, one.context().periodMillis());
        assertEquals(List.of("a"), one.inputs());
        assertEquals(List.of("c"), one.outputs());
        assertEquals("1.0.0", one.info().version);
        assertEquals(EWMA, one.info().id);
        assertTrue(one.available());
    }

    @Test
    public void closeIsIdempotentAndReleases() throws Exception {
        CountingSource source = addEwma("a", "1.0.0");
        MixinInstance<Aggregator> one = catalog.open(Aggregator.class, ewmaRequest());
        RecordingAggregator mixin = (RecordingAggregator) ((OpenedMixin<Aggregator>) one).unguarded();
        one.close();
        one.close();
        assertEquals(1, mixin.closes);
        assertEquals(List.of(mixin), source.released);
    }

    @Test
    public void closeSwallowsWhatTheMixinThrows() throws Exception {
        CountingSource source = addEwma("a", "1.0.0");
        MixinInstance<Aggregator> one = catalog.open(Aggregator.class, ewmaRequest());
        ((RecordingAggregator) ((OpenedMixin<Aggregator>) one).unguarded()).onClose = new IllegalStateException("boom");
        one.close();
        assertEquals(1, source.released.size());
    }

    @Test
    public void nestedAttributesAreFlattened() throws Exception {
        addEwma("a", "1.0.0");
        MixinRequestDTO r = request(EWMA, "com", Map.of("example", Map.of("occi", Map.of("monitoring",
                Map.of("EWMA", Map.of("gain", "4", "instream", "a", "outstream", "c"))))));
        try (MixinInstance<Aggregator> i = catalog.open(Aggregator.class, r)) {
            assertEquals(4.0, i.context().number("gain"), 0.0);
        }
    }

    @Test
    public void attributeErrorsComeBeforeAnyInstanceIsTaken() {
        CountingSource source = addEwma("a", "1.0.0");
        try {
            catalog.open(Aggregator.class, request(EWMA, PREFIX + "outstream", "c"));
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals(PREFIX + "instream", e.attribute());
        } catch (UnknownMixinException e) {
            fail(e.getMessage());
        }
        assertTrue(source.given.isEmpty());
    }

    @Test
    public void shortNameFromMixinIsQualifiedAndInstanceReleased() throws Exception {
        CountingSource source = Fixtures.source(() -> {
            RecordingAggregator a = new RecordingAggregator();
            a.onOpen = c -> {
                throw new InvalidAttributeException("gain", "gain must be at least 1");
            };
            return a;
        });
        catalog.add("a", Fixtures.provider(Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR, "1.0.0",
                "gain:number=16"), source));
        try {
            catalog.open(Aggregator.class, request(EWMA, PREFIX + "gain", 0));
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals(PREFIX + "gain", e.attribute());
            assertEquals("gain must be at least 1", e.getMessage());
        }
        RecordingAggregator given = (RecordingAggregator) source.given.get(0);
        assertEquals(1, given.closes);
        assertEquals(source.given, source.released);
    }

    @Test
    public void fullNameAndBlankNameFromMixin() {
        MixinDescriptor d = Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR, "1.0.0", "gain:number");
        InvalidAttributeException full = new InvalidAttributeException(PREFIX + "gain", "x");
        assertSame(full, Catalog.qualify(full, d));
        InvalidAttributeException period = new InvalidAttributeException("occi.sensor.period", "x");
        assertSame(period, Catalog.qualify(period, d));
        assertEquals("com.example.occi.monitoring.EWMA",
                Catalog.qualify(new InvalidAttributeException(null, "x"), d).attribute());
        assertEquals(PREFIX + "other",
                Catalog.qualify(new InvalidAttributeException("other", "x"), d).attribute());
    }

    @Test
    public void runtimeFailureInOpenIsAnAttributeErrorNamingTheMixin() throws Exception {
        CountingSource source = Fixtures.source(() -> {
            RecordingPublisher p = new RecordingPublisher();
            p.onOpen = c -> {
                throw new IllegalStateException("cannot open /tmp/x");
            };
            return p;
        });
        catalog.add("p", Fixtures.provider(Fixtures.descriptor(Fixtures.PUB, "Log", MixinKind.PUBLISHER, "1.0.0",
                "filename:string=/tmp/x"), source));
        try {
            catalog.open(Publisher.class, request(Fixtures.PUB + "Log"));
            fail();
        } catch (InvalidAttributeException e) {
            assertEquals("com.example.occi.monitoring.Log", e.attribute());
            assertEquals("mixin " + Fixtures.PUB + "Log failed to open: cannot open /tmp/x", e.getMessage());
            assertTrue(e.getCause() instanceof IllegalStateException);
        }
        assertEquals(1, ((RecordingPublisher) source.given.get(0)).closes);
        assertEquals(source.given, source.released);
    }

    @Test
    public void providerWithoutInstanceFallsBackToNextCandidate() throws Exception {
        catalog.add("broken", Fixtures.provider(Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR,
                "2.0.0", "gain:number=16", "instream:in!", "outstream:out!"), Fixtures.source(() -> null)));
        addEwma("good", "1.0.0");
        try (MixinInstance<Aggregator> i = catalog.open(Aggregator.class, ewmaRequest())) {
            assertEquals("1.0.0", i.info().version);
        }
    }

    @Test
    public void noProviderCanInstantiate() {
        catalog.add("broken", Fixtures.provider(Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR,
                "2.0.0", "gain:number=16", "instream:in!", "outstream:out!"), Fixtures.source(() -> {
                    throw new IllegalStateException("component failed");
                })));
        try {
            catalog.open(Aggregator.class, ewmaRequest());
            fail();
        } catch (UnknownMixinException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("could not create an instance"));
            assertEquals(List.of(EWMA + " 2.0.0"), e.available());
        } catch (InvalidAttributeException e) {
            fail(e.getMessage());
        }
    }

    @Test
    public void providerOfWrongTypeIsSkipped() throws Exception {
        CountingSource wrong = Fixtures.source(Object::new);
        catalog.add("w", Fixtures.provider(Fixtures.descriptor(Fixtures.AGG, "EWMA", MixinKind.AGGREGATOR, "3.0.0",
                "gain:number=16", "instream:in!", "outstream:out!"), wrong));
        addEwma("good", "1.0.0");
        try (MixinInstance<Aggregator> i = catalog.open(Aggregator.class, ewmaRequest())) {
            assertEquals("1.0.0", i.info().version);
        }
        assertEquals(wrong.given, wrong.released);
    }

    @Test
    public void versionRangeIsHonoured() throws Exception {
        addEwma("1", "1.0.0");
        addEwma("2", "1.9.0");
        addEwma("3", "1.10.0");
        addEwma("4", "2.0.0");
        MixinRequestDTO r = ewmaRequest();
        try (MixinInstance<Aggregator> i = catalog.open(Aggregator.class, r)) {
            assertEquals("2.0.0", i.info().version);
        }
        r.versionRange = "[1.0,2.0)";
        try (MixinInstance<Aggregator> i = catalog.open(Aggregator.class, r)) {
            assertEquals("1.10.0", i.info().version);
        }
    }

    @Test
    public void wrongTypeForKind() {
        addEwma("a", "1.0.0");
        try {
            catalog.open(Metric.class, ewmaRequest());
            fail();
        } catch (UnknownMixinException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(EWMA + " is an aggregator, not a metric"));
        } catch (InvalidAttributeException e) {
            fail(e.getMessage());
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void notAnSpiType() throws Exception {
        catalog.open(Runnable.class, ewmaRequest());
    }

    @Test
    public void removalMakesInstancesUnavailableAndHidesProvider() throws Exception {
        addEwma("a", "1.0.0");
        MixinInstance<Aggregator> one = catalog.open(Aggregator.class, ewmaRequest());
        assertTrue(one.available());
        assertEquals(1, catalog.list().size());
        assertTrue(catalog.remove("a") != null);
        assertFalse(one.available());
        assertTrue(catalog.list().isEmpty());
        try {
            catalog.open(Aggregator.class, ewmaRequest());
            fail();
        } catch (UnknownMixinException e) {
            assertEquals(List.of(), e.available());
        }
        one.close();
    }

    @Test
    public void replacingUnderSameKeyWithdrawsOld() throws Exception {
        addEwma("a", "1.0.0");
        MixinInstance<Aggregator> one = catalog.open(Aggregator.class, ewmaRequest());
        addEwma("a", "1.0.1");
        assertFalse(one.available());
        assertEquals(1, catalog.list().size());
        assertEquals("1.0.1", catalog.list().get(0).version);
    }

    @Test
    public void listIsSortedByIdThenHighestVersionAndFollowsChanges() {
        addEwma("1", "1.9.0");
        catalog.add("log", Fixtures.provider(Fixtures.descriptor(Fixtures.PUB, "Log", MixinKind.PUBLISHER, "1.0.0")));
        addEwma("2", "1.10.0");
        catalog.add("cpu", Fixtures.provider(Fixtures.descriptor(Fixtures.MET, "CPUPercent", MixinKind.METRIC,
                "1.0.0", "out:out!")));
        List<String> seen = new ArrayList<>();
        for (MixinDTO m : catalog.list()) {
            seen.add(m.id + " " + m.version);
        }
        assertEquals(List.of(EWMA + " 1.10.0", EWMA + " 1.9.0", Fixtures.MET + "CPUPercent 1.0.0",
                Fixtures.PUB + "Log 1.0.0"), seen);
        catalog.list().get(0).version = "tampered";
        assertEquals("1.10.0", catalog.list().get(0).version);
        catalog.remove("2");
        assertEquals("1.9.0", catalog.list().get(0).version);
        catalog.clear();
        assertTrue(catalog.list().isEmpty());
    }

    @Test
    public void withdrawnMixinRefusesDataCallsButStillCloses() throws Exception {
        addEwma("w", "1.0.0");
        MixinInstance<Aggregator> one = catalog.open(Aggregator.class, ewmaRequest());
        RecordingAggregator mixin = (RecordingAggregator) ((OpenedMixin<Aggregator>) one).unguarded();
        List<String> written = new java.util.ArrayList<>();
        one.mixin().accept("a", org.rocmon.api.Measurement.of(1, 1L), (c, m) -> written.add(c));
        assertEquals("forwards while available", 1, mixin.accepted.size());
        catalog.remove("w");
        assertTrue(!one.available());
        try {
            one.mixin().accept("a", org.rocmon.api.Measurement.of(2, 2L), (c, m) -> written.add(c));
            org.junit.Assert.fail("a withdrawn mixin must not run");
        } catch (Guards.WithdrawnException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(EWMA + " 1.0.0"));
        }
        assertEquals("the withdrawn mixin saw nothing more", 1, mixin.accepted.size());
        one.close();
        assertEquals("close still reaches it", 1, mixin.closes);
    }
}
