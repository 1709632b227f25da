package org.rocmon.catalog.internal.repository;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.dto.MixinOfferDTO;
import org.rocmon.api.runtime.MixinRepository;
import org.rocmon.api.runtime.MixinSupply;

/**
 * The node's mixin repository: OSGi repository indexes (framework property {@value #REPOSITORIES}, or the
 * configuration below) from which the catalog installs a mixin the moment an entity names it.
 *
 * <p>It respects operators: once a mixin bundle is uninstalled or stopped while the node runs, no version of that
 * bundle (symbolic name) is installed or started on demand (else a sensor's heal loop would undo the removal at
 * once, or swap in another version) until a bundle of that name is installed or started by other means (hot
 * folder, upload, console).
 */
@Component(service = {MixinSupply.class, MixinRepository.class})
@Designate(ocd = MixinRepositoryComponent.Config.class)
public final class MixinRepositoryComponent implements MixinRepository {

    /** Framework property: comma-separated index locations (URLs or paths). */
    public static final String REPOSITORIES = "rocmon.repositories";

    private static final Logger LOG = LoggerFactory.getLogger(MixinRepositoryComponent.class);

    /** Configuration (PID {@code org.rocmon.catalog.internal.repository.MixinRepositoryComponent}). */
    @ObjectClassDefinition(name = "Rocmon mixin repository")
    public @interface Config {
        /** @return index locations; empty means the framework property rocmon.repositories */
        @AttributeDefinition(description = "Repository index URLs or paths; empty: framework property "
                + REPOSITORIES)
        String[] repositories() default {};
    }

    private final BundleContext context;
    private final Repositories repositories;
    // Symbolic names of mixin bundles an operator removed or stopped: not brought back on demand.
    private final Set<String> vetoed = ConcurrentHashMap.newKeySet();
    private final Object installLock = new Object();
    private final SynchronousBundleListener listener = this::bundleChanged;
    private volatile boolean installing;

    /**
     * @param context this bundle's context: installs bundles and reads the framework property
     * @param config the configuration
     */
    @Activate
    public MixinRepositoryComponent(BundleContext context, Config config) {
        this.context = context;
        List<URI> locations = new ArrayList<>();
        for (String s : config.repositories()) {
            locations.addAll(Repositories.parse(s));
        }
        if (locations.isEmpty()) {
            locations.addAll(Repositories.parse(context.getProperty(REPOSITORIES)));
        }
        this.repositories = new Repositories(locations);
        context.addBundleListener(listener);
        LOG.info("Mixin repositories: {}", locations.isEmpty() ? "none (set " + REPOSITORIES + ")" : locations);
    }

    @Deactivate
    void deactivate() {
        try {
            context.removeBundleListener(listener);
        } catch (IllegalStateException e) {
            // framework stopping
        }
    }

    /** @return the indexes it reads */
    public Repositories repositories() {
        return repositories;
    }

    @Override
    public List<MixinOfferDTO> offers() {
        List<MixinOfferDTO> out = new ArrayList<>();
        for (MixinOffer o : repositories.offers()) {
            out.add(o.toDTO());
        }
        return out;
    }

    @Override
    public List<String> offered(MixinKind kind) {
        String k = kind.name().toLowerCase(Locale.ROOT);
        List<MixinOffer> offers = new ArrayList<>();
        for (MixinOffer o : repositories.offers()) {
            if (o.kind().equals(k) && !vetoed.contains(key(o.resource()))) {
                offers.add(o);
            }
        }
        offers.sort(Comparator.comparing(MixinOffer::id).thenComparing(MixinOffer::version, Comparator.reverseOrder()));
        List<String> out = new ArrayList<>();
        for (MixinOffer o : offers) {
            String entry = o.id() + " " + o.version();
            if (!out.contains(entry)) {
                out.add(entry);
            }
        }
        return out;
    }

    @Override
    public String provide(MixinKind kind, String id, VersionRange range) throws SupplyException {
        String k = kind.name().toLowerCase(Locale.ROOT);
        MixinOffer offer = null;
        for (MixinOffer o : repositories.find(k, id, range)) {
            if (!vetoed.contains(key(o.resource()))) {
                offer = o;
                break;
            }
        }
        if (offer == null) {
            return null;
        }
        // One install at a time: two requests naming the same missing mixin must not install it twice.
        synchronized (installLock) {
            return install(offer);
        }
    }

    /**
     * An operator's explicit install (Gogo {@code rocmon:install}/{@code rocmon:upgrade}): like
     * {@link #provide}, but it lifts the veto on the bundle first, since the operator asks for it by name.
     *
     * @param kind the kind asked for
     * @param id scheme + term
     * @param range accepted versions, or {@code null} for any
     * @return what was installed or started, or {@code null} when nothing offers the mixin
     * @throws SupplyException when something offers it but it cannot be installed or started
     */
    @Override
    public String installByOperator(MixinKind kind, String id, VersionRange range) throws SupplyException {
        List<MixinOffer> offers = repositories.find(kind.name().toLowerCase(Locale.ROOT), id, range);
        if (offers.isEmpty()) {
            return null;
        }
        vetoed.remove(key(offers.get(0).resource()));
        return provide(kind, id, range);
    }

    private String install(MixinOffer offer) throws SupplyException {
        IndexResource root = offer.resource();
        Bundle present = installed(root.symbolicName(), root.version());
        if (present != null) {
            start(present);
            return root + " (started)";
        }
        List<IndexResource> plan;
        try {
            plan = Closure.of(root, repositories.resources(), this::nodeProvides);
        } catch (Closure.UnresolvableException e) {
            throw new SupplyException(offer + " is in the repository but cannot be installed: " + e.getMessage());
        }
        List<Bundle> fresh = new ArrayList<>();
        installing = true;
        try {
            for (IndexResource r : plan) {
                if (installed(r.symbolicName(), r.version()) != null) {
                    continue;
                }
                if (r.content() == null) {
                    throw new SupplyException(r + " has no content URL in its repository index");
                }
                fresh.add(context.installBundle(r.content().toString()));
            }
            // Dependencies first, so the mixin's bundle resolves against them when it starts.
            for (int i = fresh.size() - 1; i >= 0; i--) {
                Bundle b = fresh.get(i);
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
        } catch (BundleException | RuntimeException e) {
            for (Bundle b : fresh) {
                try {
                    b.uninstall();
                } catch (BundleException | RuntimeException ignored) {
                    // best effort: leave no half-installed bundle behind
                }
            }
            throw new SupplyException(offer + " is in the repository but could not be installed: " + e.getMessage(),
                    e);
        } finally {
            installing = false;
        }
        LOG.info("Installed {} from the mixin repository for {} (with {})", root, offer.id(), fresh.size() - 1);
        return root + (fresh.size() > 1 ? " and " + (fresh.size() - 1) + " dependencies" : "");
    }

    private void start(Bundle b) throws SupplyException {
        if (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING) {
            return;
        }
        try {
            b.start();
        } catch (BundleException | RuntimeException e) {
            throw new SupplyException(b.getSymbolicName() + " " + b.getVersion() + " could not be started: "
                    + e.getMessage(), e);
        }
    }

    private Bundle installed(String bsn, Version version) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && version.equals(b.getVersion())
                    && b.getState() != Bundle.UNINSTALLED) {
                return b;
            }
        }
        return null;
    }

    /** Whether an installed bundle exports a package the requirement accepts. */
    private boolean nodeProvides(IndexResource.Requirement q) {
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter(q.filter());
        } catch (InvalidSyntaxException e) {
            return false;
        }
        for (Bundle b : context.getBundles()) {
            BundleRevision rev = b.adapt(BundleRevision.class);
            if (rev == null) {
                continue;
            }
            for (BundleCapability c : rev.getDeclaredCapabilities(q.namespace())) {
                if (Closure.matches(filter, c.getAttributes())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (installing || !isMixinBundle(b)) {
            return;
        }
        String key = b.getSymbolicName();
        switch (event.getType()) {
            case BundleEvent.UNINSTALLED:
            case BundleEvent.STOPPED:
                if (!frameworkStopping() && vetoed.add(key)) {
                    LOG.info("Mixin bundle {} {} removed by an operator: no version of it is installed on demand"
                            + " until one is installed or started by other means", b.getSymbolicName(), b.getVersion());
                }
                break;
            case BundleEvent.INSTALLED:
            case BundleEvent.STARTED:
                vetoed.remove(key);
                break;
            default:
                break;
        }
    }

    private boolean frameworkStopping() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        return system == null || system.getState() == Bundle.STOPPING;
    }

    private static boolean isMixinBundle(Bundle b) {
        String provided = b.getHeaders("").get(Constants.PROVIDE_CAPABILITY);
        return provided != null && provided.contains(MixinOffer.NAMESPACE);
    }

    private static String key(IndexResource r) {
        return r.symbolicName();
    }
}
