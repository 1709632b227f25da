package org.rocmon.catalog.internal.catalog;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.runtime.MixinInstance;

/** One instance handed to a sensor stage or collector; closing it closes the mixin and gives the instance back. */
final class OpenedMixin<T> implements MixinInstance<T> {

    private static final Logger LOG = LoggerFactory.getLogger(OpenedMixin.class);

    private final T mixin;
    // What owners get: forwards to the mixin while its provider is registered (see Guards).
    private final T guarded;
    private final MixinKind kind;
    private final MixinProvider provider;
    private final AttributeContext context;
    private final InstanceSource.Lease lease;
    private final AtomicBoolean closed = new AtomicBoolean();

    OpenedMixin(T mixin, MixinKind kind, MixinProvider provider, AttributeContext context,
            InstanceSource.Lease lease) {
        this.mixin = mixin;
        @SuppressWarnings("unchecked")
        T g = (T) Guards.wrap(kind, mixin, provider::available, provider.descriptor().id() + " "
                + provider.descriptor().version());
        this.guarded = g;
        this.kind = kind;
        this.provider = provider;
        this.context = context;
        this.lease = lease;
    }

    @Override
    public T mixin() {
        return guarded;
    }

    /** @return the mixin itself, unguarded */
    T unguarded() {
        return mixin;
    }

    @Override
    public MixinDTO info() {
        // A fresh copy each time: DTOs are mutable and callers may decorate them for JSON.
        return provider.descriptor().toDTO();
    }

    @Override
    public MixinContext context() {
        return context;
    }

    @Override
    public List<String> inputs() {
        return context.inputs();
    }

    @Override
    public List<String> outputs() {
        return context.outputs();
    }

    @Override
    public boolean available() {
        return provider.available();
    }

    /** @return whether {@link #close()} ran */
    boolean closed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            MixinCalls.close(kind, mixin);
        } catch (Exception | LinkageError e) {
            LOG.warn("Mixin {} of {} threw on close", provider.descriptor(), context.entityId(), e);
        } finally {
            try {
                lease.release();
            } catch (Exception e) {
                // The provider went away first; the framework has already released its instances.
                LOG.debug("Releasing mixin {} of {} failed", provider.descriptor(), context.entityId(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "MixinInstance[" + provider.descriptor() + " for " + context.entityId() + (closed() ? ", closed" : "")
                + "]";
    }
}
