package org.rocmon.catalog.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.VersionRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.attributes.FileArea;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.api.runtime.MixinSupply;
import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.runtime.UnknownMixinException;

/**
 * The node's {@link MixinCatalog}: tracks every metric, aggregator and publisher service (whiteboard) and hands
 * out fresh prototype instances through this bundle's {@code ServiceObjects}. The references are by
 * {@link ServiceReference} so that no instance is created merely by tracking.
 */
@Component(service = MixinCatalog.class)
public final class MixinCatalogComponent implements MixinCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(MixinCatalogComponent.class);

    private final BundleContext bundleContext;
    private final Catalog catalog;
    // Keys of services already reported as malformed, so a bad mixin is logged once, not on every update.
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** @param bundleContext this bundle's context, used to get prototype instances on behalf of callers */
    @Activate
    public MixinCatalogComponent(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
        this.catalog = new Catalog(files(bundleContext));
        LOG.info("Mixins write files only under {} ({} adds folders)", catalog.files().folders(),
                NodeProperties.FILE_FOLDERS);
    }

    /**
     * The node's data folder and the operator's extra folders. Without {@code rocmon.data} (e.g. under Karaf), the
     * catalog bundle's data area, so that mixins are confined there rather than nowhere.
     */
    static FileArea files(BundleContext ctx) {
        String data = ctx.getProperty(NodeProperties.DATA);
        if (data == null || data.isBlank()) {
            java.io.File area = ctx.getDataFile("files");
            data = area != null ? area.getAbsolutePath() : "";
        }
        // A malformed entry fails activation: never run with a policy other than the one configured.
        return FileArea.parse(data, ctx.getProperty(NodeProperties.FILE_FOLDERS));
    }

    @Deactivate
    void deactivate() {
        catalog.clear();
        reported.clear();
    }

    @Reference(service = Metric.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindMetric", updated = "updatedMetric")
    void bindMetric(ServiceReference<Metric> ref) {
        track(ref, MixinKind.METRIC);
    }

    void updatedMetric(ServiceReference<Metric> ref) {
        track(ref, MixinKind.METRIC);
    }

    void unbindMetric(ServiceReference<Metric> ref) {
        untrack(ref, MixinKind.METRIC);
    }

    @Reference(service = Aggregator.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindAggregator", updated = "updatedAggregator")
    void bindAggregator(ServiceReference<Aggregator> ref) {
        track(ref, MixinKind.AGGREGATOR);
    }

    void updatedAggregator(ServiceReference<Aggregator> ref) {
        track(ref, MixinKind.AGGREGATOR);
    }

    void unbindAggregator(ServiceReference<Aggregator> ref) {
        untrack(ref, MixinKind.AGGREGATOR);
    }

    @Reference(service = Publisher.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindPublisher", updated = "updatedPublisher")
    void bindPublisher(ServiceReference<Publisher> ref) {
        track(ref, MixinKind.PUBLISHER);
    }

    void updatedPublisher(ServiceReference<Publisher> ref) {
        track(ref, MixinKind.PUBLISHER);
    }

    void unbindPublisher(ServiceReference<Publisher> ref) {
        untrack(ref, MixinKind.PUBLISHER);
    }

    @Override
    public List<MixinDTO> list() {
        return catalog.list();
    }

    /** How long {@link #open} waits for a mixin installed from the repository to register its service. */
    static final long INSTALL_WAIT_MILLIS = 5_000;

    // Optional: without a repository the catalog serves what is installed, as before.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MixinSupply supply;

    @Override
    public <T> MixinInstance<T> open(Class<T> type, MixinRequestDTO request)
            throws UnknownMixinException, InvalidAttributeException {
        MixinSupply repository = supply;
        if (repository == null || type == null || request == null || request.mixin == null) {
            return catalog.open(type, request);
        }
        MixinKind kind = MixinCalls.kindOf(type);
        String id = request.mixin.trim();
        String range = Catalog.range(request);
        if (!catalog.has(kind, id, range)) {
            provide(repository, kind, id, range);
        }
        try {
            return catalog.open(type, request);
        } catch (UnknownMixinException e) {
            throw withOffers(repository, kind, e);
        }
    }

    /** Installs the mixin from the repository when it offers one, and waits for its service. */
    private void provide(MixinSupply repository, MixinKind kind, String id, String range)
            throws UnknownMixinException {
        VersionRange versions;
        try {
            versions = range == null ? null : VersionRange.valueOf(range);
        } catch (IllegalArgumentException e) {
            return; // the catalog reports the malformed range
        }
        long start = System.nanoTime();
        String installed;
        try {
            installed = repository.provide(kind, id, versions);
        } catch (MixinSupply.SupplyException e) {
            LOG.warn("Mixin {} could not be installed from the repository: {}", id, e.getMessage());
            List<String> available = available(repository, kind);
            throw new UnknownMixinException(id, e.getMessage() + "; available " + MixinDescriptor.lower(kind)
                    + " mixins: " + String.join(", ", available), available);
        }
        if (installed == null) {
            return;
        }
        boolean up = catalog.await(kind, id, range, INSTALL_WAIT_MILLIS);
        LOG.info("Mixin {} {} on demand: {} in {} ms", id, up ? "installed" : "installed but not yet registered",
                installed, (System.nanoTime() - start) / 1_000_000L);
    }

    private UnknownMixinException withOffers(MixinSupply repository, MixinKind kind, UnknownMixinException e) {
        List<String> offered = repository.offered(kind);
        if (offered.isEmpty()) {
            return e;
        }
        List<String> available = available(repository, kind);
        UnknownMixinException more = new UnknownMixinException(e.mixin(), e.getMessage()
                + "; in the mixin repository: " + String.join(", ", offered), available, e.attribute());
        more.initCause(e);
        return more;
    }

    /** Installed mixins of the kind, then what the repository offers, marked as such. */
    private List<String> available(MixinSupply repository, MixinKind kind) {
        List<String> out = new ArrayList<>(MixinSelector.available(catalog.sortedProviders(), kind));
        for (String o : repository.offered(kind)) {
            if (!out.contains(o)) {
                out.add(o + " (repository)");
            }
        }
        return out;
    }

    private void track(ServiceReference<?> ref, MixinKind kind) {
        String key = key(ref, kind);
        Bundle bundle = ref.getBundle();
        if (bundle == null) {
            // Unregistered between the event and this call; the unbind follows.
            return;
        }
        MixinDescriptor descriptor;
        try {
            descriptor = MixinDescriptor.parse(properties(ref), kind, bundle.getVersion(), bundle.getSymbolicName());
        } catch (RuntimeException e) {
            catalog.remove(key);
            if (reported.add(key)) {
                LOG.warn("Ignoring {} service {} from bundle {} {}: {}", MixinDescriptor.lower(kind),
                        ref.getProperty(Constants.SERVICE_ID), bundle.getSymbolicName(), bundle.getVersion(),
                        e.getMessage());
            }
            return;
        }
        reported.remove(key);
        catalog.add(key, new MixinProvider(descriptor, new ServiceSource(bundleContext, ref), ranking(ref),
                serviceId(ref)));
        LOG.info("Mixin available: {}", descriptor);
    }

    private void untrack(ServiceReference<?> ref, MixinKind kind) {
        String key = key(ref, kind);
        reported.remove(key);
        MixinProvider gone = catalog.remove(key);
        if (gone != null) {
            LOG.info("Mixin gone: {}", gone.descriptor());
        }
    }

    // One service may implement two SPIs; each registration under each interface is tracked on its own.
    private static String key(ServiceReference<?> ref, MixinKind kind) {
        return kind + "/" + serviceId(ref);
    }

    private static long serviceId(ServiceReference<?> ref) {
        Object id = ref.getProperty(Constants.SERVICE_ID);
        return id instanceof Number ? ((Number) id).longValue() : -1L;
    }

    private static int ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r instanceof Integer ? (Integer) r : 0;
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> props = new HashMap<>();
        for (String key : ref.getPropertyKeys()) {
            props.put(key, ref.getProperty(key));
        }
        return props;
    }

    /** Prototype instances of one service, each released through the ServiceObjects it came from. */
    private static final class ServiceSource implements InstanceSource {

        private final BundleContext context;
        private final ServiceReference<?> ref;

        ServiceSource(BundleContext context, ServiceReference<?> ref) {
            this.context = context;
            this.ref = ref;
        }

        @Override
        public Lease acquire() {
            ServiceObjects<Object> objects = serviceObjects();
            if (objects == null) {
                return null;
            }
            Object service = objects.getService();
            if (service == null) {
                return null;
            }
            return new Lease() {
                @Override
                public Object service() {
                    return service;
                }

                @Override
                public void release() {
                    objects.ungetService(service);
                }
            };
        }

        @SuppressWarnings("unchecked")
        private ServiceObjects<Object> serviceObjects() {
            try {
                return (ServiceObjects<Object>) context.getServiceObjects(ref);
            } catch (IllegalStateException e) {
                // Our own bundle context is no longer valid: the catalog is stopping.
                return null;
            }
        }
    }
}
