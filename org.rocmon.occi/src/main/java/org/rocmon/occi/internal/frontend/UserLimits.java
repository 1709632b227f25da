package org.rocmon.occi.internal.frontend;

/**
 * Everything the front end confines ordinary users by, configured once ({@code OcciServlet.Config}) and applied by
 * {@link Ownership#admission}: the mixins they may apply, where those may send data, and how many entities and
 * collectors they may own. Admins are confined by none of it. Immutable.
 */
final class UserLimits {

    /** How many entities one user may own unless configured otherwise. */
    static final int DEFAULT_MAX_ENTITIES = 100;
    /** How many collectors one user may own unless configured otherwise. */
    static final int DEFAULT_MAX_COLLECTORS = 50;

    static final UserLimits DEFAULT = new UserLimits(MixinPolicy.DEFAULT, DestinationPolicy.NONE, DEFAULT_MAX_ENTITIES,
            DEFAULT_MAX_COLLECTORS);

    final MixinPolicy mixins;
    final DestinationPolicy destinations;
    final int maxEntities;
    final int maxCollectors;

    /**
     * @throws IllegalArgumentException when a cap is below 1
     */
    UserLimits(MixinPolicy mixins, DestinationPolicy destinations, int maxEntities, int maxCollectors) {
        if (maxEntities < 1) {
            throw new IllegalArgumentException("maxEntitiesPerUser must be at least 1, not " + maxEntities);
        }
        if (maxCollectors < 1) {
            throw new IllegalArgumentException("maxCollectorsPerUser must be at least 1, not " + maxCollectors);
        }
        this.mixins = mixins;
        this.destinations = destinations;
        this.maxEntities = maxEntities;
        this.maxCollectors = maxCollectors;
    }

    UserLimits withMixins(MixinPolicy policy) {
        return new UserLimits(policy, destinations, maxEntities, maxCollectors);
    }

    UserLimits withDestinations(DestinationPolicy policy) {
        return new UserLimits(mixins, policy, maxEntities, maxCollectors);
    }

    UserLimits withMaxCollectors(int max) {
        return new UserLimits(mixins, destinations, maxEntities, max);
    }

    UserLimits withMaxEntities(int max) {
        return new UserLimits(mixins, destinations, max, maxCollectors);
    }

    @Override
    public String toString() {
        return "mixins " + mixins + "; " + destinations + "; at most " + maxEntities + " entities and " + maxCollectors
                + " collectors per user";
    }
}
