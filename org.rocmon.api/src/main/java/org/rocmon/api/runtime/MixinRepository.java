package org.rocmon.api.runtime;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.VersionRange;

import org.rocmon.api.dto.MixinOfferDTO;
import org.rocmon.api.mixin.MixinKind;

/**
 * The node's mixin repository as operators see it (Gogo commands, web console): what its indexes offer, and an
 * install an operator asked for, which lifts the veto on mixins the operator removed earlier. Registered by the
 * plugin host ({@code org.rocmon.catalog}) beside {@link MixinSupply}.
 *
 * @since 1.2
 */
@ProviderType
public interface MixinRepository extends MixinSupply {

    /** @return every mixin the repository indexes offer, in index order (possibly several versions of one id) */
    List<MixinOfferDTO> offers();

    /**
     * Installs the highest version in range as an operator's request: unlike {@link #provide}, it also installs a
     * bundle an operator removed before.
     *
     * @param kind the kind asked for
     * @param id scheme + term
     * @param range accepted versions, or {@code null} for any
     * @return what was installed or started, or {@code null} when nothing offers the mixin
     * @throws SupplyException when something offers it but it cannot be installed or started
     */
    String installByOperator(MixinKind kind, String id, VersionRange range) throws SupplyException;
}
