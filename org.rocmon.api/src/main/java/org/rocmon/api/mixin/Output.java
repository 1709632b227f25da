package org.rocmon.api.mixin;

import org.osgi.annotation.versioning.ProviderType;

import org.rocmon.api.Measurement;

/** Where a metric or aggregator writes measurements. Valid only during the call it is passed to. */
@ProviderType
public interface Output {

    /**
     * Writes one value. A mixin may write the channel one of its {@code out} attributes names, or a sub-channel of
     * it: {@code <name>.<suffix>} (e.g. a statistics mixin with {@code outprefix = cpu} writes {@code cpu.mean} and
     * {@code cpu.max}). Writes to any other channel are refused and counted by the runtime.
     *
     * @param channel the channel name
     * @param measurement the value
     */
    void write(String channel, Measurement measurement);
}
