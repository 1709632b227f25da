package org.rocmon.catalog.internal.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.api.attributes.FileArea;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.runtime.Descriptions;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.api.runtime.UnknownMixinException;

/**
 * The catalog's logic without OSGi: a thread-safe set of providers, keyed by whatever the caller uses to tell
 * registrations apart, and the opening of instances from them. The DS component feeds it from the registry.
 */
public final class Catalog implements MixinCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

    private final ConcurrentMap<String, MixinProvider> providers = new ConcurrentHashMap<>();
    // Bumped after every change; list() rebuilds its sorted snapshot only when it moved.
    private final AtomicLong generation = new AtomicLong();
    // Notified on every change, for callers waiting for a mixin they just had installed.
    private final Object changed = new Object();
    private volatile Snapshot snapshot = new Snapshot(-1, List.of());
    private final FileArea files;

    /** A catalog whose mixins write files only under the working directory (tests). */
    public Catalog() {
        this(FileArea.of(java.nio.file.Paths.get(""), List.of()));
    }

    /** @param files where mixins may write: every {@code path} attribute is resolved and confined to it */
    public Catalog(FileArea files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    /** @return where mixins may write */
    public FileArea files() {
        return files;
    }

    private static final class Snapshot {
        final long generation;
        final List<MixinProvider> sorted;

        Snapshot(long generation, List<MixinProvider> sorted) {
            this.generation = generation;
            this.sorted = sorted;
        }
    }

    /**
     * @param key identity of the registration, e.g. kind and service id
     * @param provider the provider; a previous one under the same key is withdrawn
     */
    public void add(String key, MixinProvider provider) {
        MixinProvider old = providers.put(key, provider);
        if (old != null && old != provider) {
            old.withdraw();
        }
        generation.incrementAndGet();
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /**
     * @param key identity of the registration
     * @return the removed provider, now unavailable, or {@code null}
     */
    public MixinProvider remove(String key) {
        MixinProvider old = providers.remove(key);
        if (old != null) {
            old.withdraw();
            generation.incrementAndGet();
        }
        return old;
    }

    /** Withdraws every provider. */
    public void clear() {
        for (String key : new ArrayList<>(providers.keySet())) {
            remove(key);
        }
    }

    /** @return the installed providers, best first within one identifier */
    List<MixinProvider> sortedProviders() {
        return sorted();
    }

    private List<MixinProvider> sorted() {
        long g = generation.get();
        Snapshot s = snapshot;
        if (s.generation != g) {
            List<MixinProvider> all = new ArrayList<>(providers.values());
            all.sort(MixinSelector.ORDER);
            s = new Snapshot(g, List.copyOf(all));
            snapshot = s;
        }
        return s.sorted;
    }

    /**
     * The version range an entity asks for one of its mixins: the request's own, else the entity attribute
     * {@value #VERSIONS}{@code <mixin id>} (docs/mixins.md), else {@code null} for any.
     *
     * @param request what an entity asks for
     * @return the range as text, or {@code null}
     */
    public static String range(MixinRequestDTO request) {
        if (request.versionRange != null && !request.versionRange.isBlank()) {
            return request.versionRange.trim();
        }
        if (request.attributes == null || request.mixin == null) {
            return null;
        }
        Object pinned = Descriptions.flatten(request.attributes).get(VERSIONS + request.mixin.trim());
        return pinned == null || pinned.toString().isBlank() ? null : pinned.toString().trim();
    }

    /** Prefix of the entity attributes that pin a mixin's version: {@code rocmon.mixin.versions.<scheme+term>}. */
    public static final String VERSIONS = "rocmon.mixin.versions.";

    /**
     * @param kind the kind
     * @param id scheme + term
     * @param range OSGi version range or {@code null}
     * @return whether an installed provider matches
     */
    public boolean has(MixinKind kind, String id, String range) {
        try {
            MixinSelector.select(sorted(), kind, id, range);
            return true;
        } catch (UnknownMixinException e) {
            return false;
        }
    }

    /**
     * Waits until an installed provider matches, e.g. after its bundle was installed and DS is activating it.
     *
     * @return whether one matched within the time
     */
    public boolean await(MixinKind kind, String id, String range, long timeoutMillis) {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (changed) {
            while (!has(kind, id, range)) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                try {
                    changed.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public List<MixinDTO> list() {
        List<MixinDTO> out = new ArrayList<>();
        for (MixinProvider p : sorted()) {
            out.add(p.descriptor().toDTO());
        }
        return out;
    }

    @Override
    public <T> MixinInstance<T> open(Class<T> type, MixinRequestDTO request)
            throws UnknownMixinException, InvalidAttributeException {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
        MixinKind kind = MixinCalls.kindOf(type);
        Collection<MixinProvider> installed = sorted();
        List<MixinProvider> candidates = MixinSelector.select(installed, kind, request.mixin, range(request));
        // Flattening is idempotent on flat maps and spares callers that pass listing-1 nesting.
        Map<String, Object> attributes = Descriptions.flatten(request.attributes);
        for (MixinProvider provider : candidates) {
            MixinDescriptor d = provider.descriptor();
            AttributeContext context = AttributeContext.create(d.attributePrefix(), d.attributes(),
                    request.entityId, attributes, request.periodMillis, request.resource, files);
            InstanceSource.Lease lease = acquire(provider);
            if (lease == null) {
                continue;
            }
            if (!type.isInstance(lease.service())) {
                LOG.warn("Mixin {} gave a {}, not a {}; skipped", d, className(lease.service()), type.getName());
                release(lease, d);
                continue;
            }
            OpenedMixin<T> instance = new OpenedMixin<>(type.cast(lease.service()), kind, provider, context, lease);
            boolean opened = false;
            try {
                MixinCalls.open(kind, instance.unguarded(), context);
                opened = true;
                LOG.debug("Opened {} for {}", d, request.entityId);
                return instance;
            } catch (InvalidAttributeException e) {
                throw qualify(e, d);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Mixin {} failed to open for {}", d, request.entityId, e);
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                InvalidAttributeException failure = new InvalidAttributeException(stem(d),
                        "mixin " + d.id() + " failed to open: " + why);
                failure.initCause(e);
                throw failure;
            } finally {
                if (!opened) {
                    instance.close();
                }
            }
        }
        List<String> available = MixinSelector.available(installed, kind);
        throw new UnknownMixinException(request.mixin, request.mixin
                + " is installed but could not create an instance (see the node's log); installed "
                + MixinDescriptor.lower(kind) + " mixins: " + String.join(", ", available), available);
    }

    private static InstanceSource.Lease acquire(MixinProvider provider) {
        try {
            InstanceSource.Lease lease = provider.source().acquire();
            if (lease == null || lease.service() == null) {
                LOG.warn("Mixin {} gave no instance (component failed to activate, or going away)",
                        provider.descriptor());
                return null;
            }
            return lease;
        } catch (RuntimeException e) {
            LOG.warn("Mixin {} could not be instantiated", provider.descriptor(), e);
            return null;
        }
    }

    private static void release(InstanceSource.Lease lease, MixinDescriptor d) {
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.debug("Releasing {} failed", d, e);
        }
    }

    /** A mixin may name its attribute by short name; callers need the full dotted one. */
    static InvalidAttributeException qualify(InvalidAttributeException e, MixinDescriptor d) {
        String attribute = e.attribute();
        String prefix = d.attributePrefix();
        String full;
        if (attribute == null || attribute.isBlank()) {
            full = stem(d);
        } else if (attribute.startsWith(prefix) || attribute.startsWith("occi.")) {
            return e;
        } else if (attribute.indexOf('.') < 0 || declares(d, attribute)) {
            full = prefix + attribute;
        } else {
            return e;
        }
        String message = e.getMessage() == null ? "attribute '" + full + "' is invalid" : e.getMessage();
        InvalidAttributeException qualified = new InvalidAttributeException(full, message);
        qualified.initCause(e);
        return qualified;
    }

    private static boolean declares(MixinDescriptor d, String name) {
        for (AttributeSpec spec : d.attributes()) {
            if (spec.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The prefix without its final dot: names the mixin as a whole when no single attribute is at fault. */
    private static String stem(MixinDescriptor d) {
        String prefix = d.attributePrefix();
        return prefix.substring(0, prefix.length() - 1);
    }

    private static String className(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
