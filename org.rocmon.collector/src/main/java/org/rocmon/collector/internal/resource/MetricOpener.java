package org.rocmon.collector.internal.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.api.runtime.UnknownMixinException;

/** Opens a collector's metric mixins through the catalog, all or none. */
final class MetricOpener {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorManager.class);

    private final MixinCatalog catalog;
    private final Map<String, Object> hostFacts;

    MetricOpener(MixinCatalog catalog, Map<String, Object> hostFacts) {
        this.catalog = catalog;
        this.hostFacts = hostFacts;
    }

    /**
     * @return one slot per mixin of the spec
     * @throws UnknownMixinException a mixin is not installed (what was opened is closed again)
     * @throws InvalidAttributeException a mixin refuses its attributes, or could not be opened
     */
    List<MetricSlot> open(CollectorSpec spec) throws UnknownMixinException, InvalidAttributeException {
        List<MetricSlot> slots = new ArrayList<>();
        try {
            for (String mixin : spec.mixins) {
                MixinRequestDTO request = new MixinRequestDTO();
                request.mixin = mixin;
                request.entityId = spec.id;
                request.attributes = new LinkedHashMap<>(spec.attributes);
                request.periodMillis = spec.periodMillis;
                request.resource = new LinkedHashMap<>(hostFacts);
                MixinInstance<Metric> instance = catalog.open(Metric.class, request);
                slots.add(new MetricSlot(instance));
            }
            return slots;
        } catch (UnknownMixinException | InvalidAttributeException | RuntimeException e) {
            for (MetricSlot s : slots) {
                s.retire();
            }
            if (e instanceof RuntimeException) {
                // A catalog or mixin bug must not become a 500: report it against the mixins.
                LOG.error("opening the metrics of collector {} failed", spec.id, e);
                throw new InvalidAttributeException("mixins", "a mixin could not be opened: " + e);
            }
            throw e;
        }
    }

    /** @return why a collector whose metrics could not be opened is degraded */
    static String reason(Exception e) {
        if (e instanceof UnknownMixinException) {
            return "mixin " + ((UnknownMixinException) e).mixin() + " is not installed";
        }
        return "attribute " + ((InvalidAttributeException) e).attribute() + ": " + e.getMessage();
    }
}
