package org.rocmon.catalog.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.api.runtime.MixinSupply;
import org.rocmon.api.runtime.UnknownMixinException;
import org.rocmon.catalog.internal.catalog.Fixtures.RecordingAggregator;

/** Drives the DS component as SCR would, with hand-made OSGi fakes: no framework needed. */
public class MixinCatalogComponentTest {

    private static final String EWMA = Fixtures.AGG + "EWMA";

    /** A registered prototype service: its properties, its bundle, and what was got and ungot through it. */
    private static final class FakeService {
        final Map<String, Object> properties = new HashMap<>();
        final Supplier<Object> factory;
        final Version version;
        final List<Object> got = new ArrayList<>();
        final List<Object> ungot = new ArrayList<>();
        boolean unregistered;

        FakeService(long id, Map<String, Object> props, String version, Supplier<Object> factory) {
            properties.putAll(props);
            properties.put(Constants.SERVICE_ID, id);
            this.version = Version.parseVersion(version);
            this.factory = factory;
        }

        @SuppressWarnings("unchecked")
        <S> ServiceReference<S> reference() {
            Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                    (p, m, a) -> {
                        switch (m.getName()) {
                            case "getVersion":
                                return version;
                            case "getSymbolicName":
                                return "test.mixins";
                            default:
                                throw new UnsupportedOperationException(m.getName());
                        }
                    });
            return (ServiceReference<S>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceReference.class}, (p, m, a) -> {
                        switch (m.getName()) {
                            case "getProperty":
                                return properties.get(a[0]);
                            case "getPropertyKeys":
                                return properties.keySet().toArray(new String[0]);
                            case "getBundle":
                                return unregistered ? null : bundle;
                            case "hashCode":
                                return System.identityHashCode(p);
                            case "equals":
                                return p == a[0];
                            default:
                                throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }

        ServiceObjects<Object> objects() {
            @SuppressWarnings("unchecked")
            ServiceObjects<Object> so = (ServiceObjects<Object>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceObjects.class}, (p, m, a) -> {
                        switch (m.getName()) {
                            case "getService": {
                                if (unregistered) {
                                    return null;
                                }
                                Object o = factory.get();
                                got.add(o);
                                return o;
                            }
                            case "ungetService":
                                if (unregistered) {
                                    throw new IllegalStateException("gone");
                                }
                                ungot.add(a[0]);
                                return null;
                            default:
                                throw new UnsupportedOperationException(m.getName());
                        }
                    });
            return so;
        }
    }

    private final Map<ServiceReference<?>, FakeService> registry = new HashMap<>();

    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (p, m, a) -> {
                if (m.getName().equals("getServiceObjects")) {
                    FakeService s = registry.get(a[0]);
                    return s == null || s.unregistered ? null : s.objects();
                }
                if (m.getName().equals("getProperty")) {
                    return "rocmon.data".equals(a[0]) ? "target/catalog-data" : null;
                }
                throw new UnsupportedOperationException(m.getName());
            });

    private final MixinCatalogComponent component = new MixinCatalogComponent(context);

    private <S> ServiceReference<S> register(FakeService s) {
        ServiceReference<S> ref = s.reference();
        registry.put(ref, s);
        return ref;
    }

    private static MixinRequestDTO ewmaRequest() {
        MixinRequestDTO r = new MixinRequestDTO();
        r.mixin = EWMA;
        r.entityId = "s01";
        r.periodMillis = 1000;
        r.attributes.put("com.example.occi.monitoring.EWMA.instream", "a");
        r.attributes.put("com.example.occi.monitoring.EWMA.outstream", "c");
        return r;
    }

    private static Map<String, Object> ewmaProps() {
        return Fixtures.props(Fixtures.AGG, "EWMA", "AGGREGATOR", "gain:number=16", "instream:in!", "outstream:out!");
    }

    @Test
    public void bindOpenCloseUnbind() throws Exception {
        FakeService svc = new FakeService(1, ewmaProps(), "1.2.0", RecordingAggregator::new);
        ServiceReference<Aggregator> ref = register(svc);
        component.bindAggregator(ref);
        assertEquals(1, component.list().size());
        assertEquals("1.2.0", component.list().get(0).version);
        assertEquals("test.mixins", component.list().get(0).bundle);

        MixinInstance<Aggregator> a = component.open(Aggregator.class, ewmaRequest());
        MixinInstance<Aggregator> b = component.open(Aggregator.class, ewmaRequest());
        assertNotSame(a.mixin(), b.mixin());
        assertEquals(2, svc.got.size());
        a.close();
        assertEquals(List.of(svc.got.get(0)), svc.ungot);
        assertEquals(1, ((RecordingAggregator) svc.got.get(0)).closes);

        component.unbindAggregator(ref);
        assertFalse(b.available());
        assertTrue(component.list().isEmpty());
        svc.unregistered = true;
        b.close(); // the framework already took the instance back: must not throw
        assertEquals(1, ((RecordingAggregator) svc.got.get(1)).closes);
    }

    @Test
    public void malformedServiceIsSkippedAndUpdateCanRepairIt() throws Exception {
        Map<String, Object> bad = ewmaProps();
        bad.put(MixinDescriptor.ATTRIBUTES, new String[] {"gain:number=sixteen"});
        FakeService svc = new FakeService(2, bad, "1.0.0", RecordingAggregator::new);
        ServiceReference<Aggregator> ref = register(svc);
        component.bindAggregator(ref);
        assertTrue(component.list().isEmpty());

        svc.properties.putAll(ewmaProps());
        component.updatedAggregator(ref);
        assertEquals(1, component.list().size());

        svc.properties.put(MixinDescriptor.TERM, "");
        component.updatedAggregator(ref);
        assertTrue("a broken update withdraws the mixin", component.list().isEmpty());
        component.unbindAggregator(ref);
    }

    @Test
    public void sameServiceUnderTwoKindsIsTrackedPerKind() throws Exception {
        FakeService svc = new FakeService(3, ewmaProps(), "1.0.0", RecordingAggregator::new);
        ServiceReference<Aggregator> ref = register(svc);
        component.bindAggregator(ref);
        // Kind property says aggregator: as a publisher it is refused, and the aggregator stays.
        component.bindPublisher(svc.reference());
        assertEquals(1, component.list().size());
        assertEquals("aggregator", component.list().get(0).kind);
        try {
            component.open(Publisher.class, ewmaRequest());
            fail();
        } catch (UnknownMixinException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("is an aggregator, not a publisher"));
        }
    }

    @Test
    public void serviceGoneBeforeBindIsIgnored() {
        FakeService svc = new FakeService(4, ewmaProps(), "1.0.0", RecordingAggregator::new);
        svc.unregistered = true;
        component.bindAggregator(register(svc));
        assertTrue(component.list().isEmpty());
    }

    @Test
    public void deactivateWithdrawsEverything() throws Exception {
        FakeService svc = new FakeService(5, ewmaProps(), "1.0.0", RecordingAggregator::new);
        component.bindAggregator(register(svc));
        MixinInstance<Aggregator> a = component.open(Aggregator.class, ewmaRequest());
        component.deactivate();
        assertFalse(a.available());
        assertTrue(component.list().isEmpty());
    }
    /** A repository that "installs" by binding a prepared fake service, as DS would when the bundle starts. */
    private final class FakeSupply implements MixinSupply {
        final Map<String, FakeService> offers = new HashMap<>();
        final List<String> provided = new ArrayList<>();
        String failure;

        @Override
        public String provide(org.rocmon.api.mixin.MixinKind kind, String id, org.osgi.framework.VersionRange range)
                throws SupplyException {
            for (Map.Entry<String, FakeService> e : offers.entrySet()) {
                if (e.getKey().equals(id) && (range == null || range.includes(e.getValue().version))) {
                    if (failure != null) {
                        throw new SupplyException(failure);
                    }
                    provided.add(id + " " + e.getValue().version);
                    component.bindAggregator(register(e.getValue()));
                    return id;
                }
            }
            return null;
        }

        @Override
        public List<String> offered(org.rocmon.api.mixin.MixinKind kind) {
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, FakeService> e : offers.entrySet()) {
                out.add(e.getKey() + " " + e.getValue().version);
            }
            return out;
        }
    }

    @Test
    public void missingMixinIsInstalledFromTheRepositoryOnce() throws Exception {
        FakeSupply supply = new FakeSupply();
        supply.offers.put(EWMA, new FakeService(10, ewmaProps(), "1.0.0", RecordingAggregator::new));
        component.supply = supply;
        MixinInstance<Aggregator> a = component.open(Aggregator.class, ewmaRequest());
        assertEquals("1.0.0", a.info().version);
        component.open(Aggregator.class, ewmaRequest()).close();
        assertEquals("installed once, then served from the registry", List.of(EWMA + " 1.0.0"), supply.provided);
        a.close();
    }

    @Test
    public void pinnedVersionAttributeSelectsAndFetchesTheVersion() throws Exception {
        component.bindAggregator(register(new FakeService(11, ewmaProps(), "2.0.0", RecordingAggregator::new)));
        FakeSupply supply = new FakeSupply();
        supply.offers.put(EWMA, new FakeService(12, ewmaProps(), "1.0.0", RecordingAggregator::new));
        component.supply = supply;

        assertEquals("highest installed wins", "2.0.0", component.open(Aggregator.class, ewmaRequest()).info().version);
        assertTrue(supply.provided.isEmpty());

        MixinRequestDTO pinned = ewmaRequest();
        pinned.attributes.put(Catalog.VERSIONS + EWMA, "[1.0,2.0)");
        assertEquals("1.0.0", component.open(Aggregator.class, pinned).info().version);
        assertEquals(List.of(EWMA + " 1.0.0"), supply.provided);
        assertEquals(2, component.list().size());

        MixinRequestDTO nested = ewmaRequest();
        nested.attributes.put("rocmon", Map.of("mixin", Map.of("versions", Map.of(EWMA, "[2,3)"))));
        assertEquals("nested listing form", "2.0.0", component.open(Aggregator.class, nested).info().version);

        MixinRequestDTO none = ewmaRequest();
        none.attributes.put(Catalog.VERSIONS + EWMA, "[3,4)");
        try {
            component.open(Aggregator.class, none);
            fail();
        } catch (UnknownMixinException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not in the pinned range [3.0.0,4.0.0)"));
            assertEquals(Catalog.VERSIONS + EWMA, e.attribute());
            assertTrue(e.getMessage(), e.getMessage().contains("in the mixin repository: " + EWMA + " 1.0.0"));
        }
    }

    @Test
    public void unknownMixinListsInstalledAndRepositoryMixins() throws Exception {
        FakeSupply supply = new FakeSupply();
        supply.offers.put(Fixtures.AGG + "Other", new FakeService(13, ewmaProps(), "1.0.0", RecordingAggregator::new));
        component.supply = supply;
        component.bindAggregator(register(new FakeService(14, ewmaProps(), "1.5.0", RecordingAggregator::new)));
        MixinRequestDTO r = ewmaRequest();
        r.mixin = Fixtures.AGG + "Nope";
        try {
            component.open(Aggregator.class, r);
            fail();
        } catch (UnknownMixinException e) {
            assertEquals(List.of(EWMA + " 1.5.0", Fixtures.AGG + "Other 1.0.0 (repository)"), e.available());
        }
    }

    @Test
    public void repositoryFailureIsAnUnknownMixinWithTheReason() throws Exception {
        FakeSupply supply = new FakeSupply();
        supply.offers.put(EWMA, new FakeService(15, ewmaProps(), "1.0.0", RecordingAggregator::new));
        supply.failure = "needs package (osgi.wiring.package=com.example.missing)";
        component.supply = supply;
        try {
            component.open(Aggregator.class, ewmaRequest());
            fail();
        } catch (UnknownMixinException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("com.example.missing"));
            assertEquals(EWMA, e.mixin());
        }
    }
}
