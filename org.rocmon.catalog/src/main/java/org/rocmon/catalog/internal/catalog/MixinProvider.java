package org.rocmon.catalog.internal.catalog;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One registered mixin service: its parsed description, where instances come from, and whether it is still
 * registered. The flag is shared with every instance opened from it, so owners can notice a vanished provider.
 */
public final class MixinProvider {

    private final MixinDescriptor descriptor;
    private final InstanceSource source;
    private final int ranking;
    private final long serviceId;
    private final AtomicBoolean available = new AtomicBoolean(true);

    /**
     * @param descriptor what it declares
     * @param source where its instances come from
     * @param ranking service ranking, to break ties between equal versions
     * @param serviceId service id, to break remaining ties (lowest, i.e. oldest, wins as in OSGi)
     */
    public MixinProvider(MixinDescriptor descriptor, InstanceSource source, int ranking, long serviceId) {
        this.descriptor = descriptor;
        this.source = source;
        this.ranking = ranking;
        this.serviceId = serviceId;
    }

    /** @return what it declares */
    public MixinDescriptor descriptor() {
        return descriptor;
    }

    /** @return where its instances come from */
    public InstanceSource source() {
        return source;
    }

    /** @return its service ranking */
    public int ranking() {
        return ranking;
    }

    /** @return its service id */
    public long serviceId() {
        return serviceId;
    }

    /** @return whether the service is still registered */
    public boolean available() {
        return available.get();
    }

    /** Marks the service gone. */
    void withdraw() {
        available.set(false);
    }

    @Override
    public String toString() {
        return descriptor + " #" + serviceId;
    }
}
