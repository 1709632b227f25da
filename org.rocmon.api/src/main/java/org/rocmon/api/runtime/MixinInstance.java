package org.rocmon.api.runtime;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.mixin.MixinContext;

/**
 * One opened mixin instance, owned by one sensor stage or collector. Not thread-safe: its owner calls it from one
 * thread at a time, as the SPI promises mixins.
 *
 * @param <T> {@link org.rocmon.api.mixin.Metric}, {@link org.rocmon.api.mixin.Aggregator} or
 *        {@link org.rocmon.api.mixin.Publisher}
 */
@ProviderType
public interface MixinInstance<T> extends AutoCloseable {

    /** @return the opened mixin */
    T mixin();

    /** @return what it is and which bundle version provides it */
    MixinDTO info();

    /** @return the context it was opened with */
    MixinContext context();

    /** @return channel names it reads, from its {@code in} attributes */
    List<String> inputs();

    /** @return channel names it writes, from its {@code out} attributes */
    List<String> outputs();

    /** @return whether the providing bundle is still there; false once it was uninstalled or stopped */
    boolean available();

    /** Closes the mixin and releases the service object. Idempotent; never throws. */
    @Override
    void close();
}
