package org.rocmon.api.runtime;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * The installed mixins, tracked live from the service registry (whiteboard), and the one place that turns an OCCI
 * description into opened mixin instances: it finds the provider, checks the version range in code, picks the
 * mixin's attributes, applies defaults, checks types and required attributes, then opens a fresh instance.
 */
@ProviderType
public interface MixinCatalog {

    /** @return every installed mixin, highest version first within one identifier */
    List<MixinDTO> list();

    /**
     * Opens one fresh instance of a mixin.
     *
     * @param <T> the SPI type
     * @param type {@link org.rocmon.api.mixin.Metric}, {@link org.rocmon.api.mixin.Aggregator} or
     *        {@link org.rocmon.api.mixin.Publisher}
     * @param request which mixin and with what attributes
     * @return the opened instance
     * @throws UnknownMixinException when nothing installed matches; it lists what is
     * @throws InvalidAttributeException naming the full attribute that is missing or wrong
     */
    <T> MixinInstance<T> open(Class<T> type, MixinRequestDTO request)
            throws UnknownMixinException, InvalidAttributeException;
}
