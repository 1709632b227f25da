package org.rocmon.api.mixin;

import org.osgi.annotation.versioning.ProviderType;

import org.rocmon.api.Measurement;

/** Where a metric or aggregator writes measurements. Valid only during the call it is passed to. */
@ProviderType
public interface Output {

    /**
     * @param channel the channel name, as given by one of the mixin's {@code out} attributes
     * @param measurement the value
     */
    void write(String channel, Measurement measurement);
}
