package org.rocmon.sensor.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.mixin.AttributeSpec;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.api.runtime.UnknownMixinException;
import org.rocmon.http.Problem;
import org.rocmon.sensor.internal.model.SensorSpec;
import org.rocmon.sensor.internal.pipeline.Stage;

/**
 * Turns a validated description into stage instances before anything running is touched: keeps the stages whose
 * mixin, version and own attributes are unchanged, opens the others, and on any failure closes what it opened.
 */
final class StagePlanner {

    /** One stage of the new pipeline: either a kept running stage or a freshly opened instance. */
    static final class Planned {
        final String key;
        final Stage kept;
        final MixinInstance<?> opened;

        Planned(String key, Stage kept, MixinInstance<?> opened) {
            this.key = key;
            this.kept = kept;
            this.opened = opened;
        }
    }

    private final MixinCatalog catalog;

    StagePlanner(MixinCatalog catalog) {
        this.catalog = catalog;
    }

    /** @return full names of the secret attributes of these mixins (write-only: views mask them) */
    java.util.Set<String> secrets(java.util.Collection<String> mixins) {
        return org.rocmon.api.attributes.Secrets.names(catalog.list(), mixins);
    }

    /**
     * @param spec the new description
     * @param running the current stages by key, empty for a new sensor
     * @return the planned stages, in the description's order
     * @throws Problem when a mixin is unknown, of the wrong kind, or refuses its attributes
     */
    List<Planned> plan(SensorSpec spec, Map<String, Stage> running) throws Problem {
        List<MixinDTO> installed = catalog.list();
        List<Planned> out = new ArrayList<>();
        List<MixinInstance<?>> opened = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        try {
            for (String mixin : spec.mixins) {
                MixinDTO dto = find(installed, mixin);
                if (dto == null) {
                    // Not installed: opening it lets the catalog install it from the node's mixin repository.
                    MixinInstance<?> fetched = fetch(mixin, spec);
                    opened.add(fetched);
                    dto = fetched.info();
                    installed = catalog.list();
                    type(dto, mixin, installed);
                    out.add(new Planned(key(dto, spec), null, fetched));
                    continue;
                }
                Class<?> type = type(dto, mixin, installed);
                String key = key(dto, spec);
                Stage kept = running.get(key);
                if (kept != null && kept.instance().available() && taken.add(key)) {
                    out.add(new Planned(key, kept, null));
                    continue;
                }
                MixinInstance<?> inst = open(type, mixin, dto, spec);
                opened.add(inst);
                out.add(new Planned(key, null, inst));
            }
            return out;
        } catch (Problem | RuntimeException e) {
            for (MixinInstance<?> i : opened) {
                i.close();
            }
            throw e;
        }
    }

    /** Opens a mixin the catalog does not list yet, as an aggregator or else as a publisher. */
    private MixinInstance<?> fetch(String mixin, SensorSpec spec) throws Problem {
        // Installed sensor mixins by id, as before, then what the catalog says the repository offers.
        List<String> available = sensorMixins(catalog.list());
        String why = null;
        for (Class<?> type : List.of(Aggregator.class, Publisher.class)) {
            try {
                MixinInstance<?> inst = catalog.open(type, request(mixin, spec));
                if (inst != null) {
                    return inst;
                }
            } catch (UnknownMixinException e) {
                why = why == null ? e.getMessage() : why;
                for (String a : e.available()) {
                    if (a.endsWith("(repository)") && !available.contains(a)) {
                        available.add(a);
                    }
                }
            } catch (InvalidAttributeException e) {
                String attr = e.attribute() == null || e.attribute().isEmpty() ? "mixins" : e.attribute();
                throw Problem.badRequest(e.getMessage() == null ? "invalid " + attr : e.getMessage(), attr);
            } catch (RuntimeException e) {
                throw Problem.badRequest("mixin " + mixin + " failed to open: " + e, "mixins");
            }
        }
        throw Problem.badRequest("unknown mixin " + mixin + (why == null ? "" : ": " + why), "mixins")
                .with("available", available);
    }

    private static MixinRequestDTO request(String mixin, SensorSpec spec) {
        MixinRequestDTO req = new MixinRequestDTO();
        req.mixin = mixin;
        req.entityId = spec.id;
        req.attributes.putAll(spec.attributes);
        req.periodMillis = spec.periodMillis;
        return req;
    }

    private static MixinDTO find(List<MixinDTO> installed, String mixin) {
        for (MixinDTO d : installed) {
            if (mixin.equals(d.id)) {
                return d; // highest version first, as the catalog promises
            }
        }
        return null;
    }

    private static Class<?> type(MixinDTO dto, String mixin, List<MixinDTO> installed) throws Problem {
        if (dto == null) {
            throw Problem.badRequest("unknown mixin " + mixin + "; installed sensor mixins are listed in "
                    + "\"available\"", "mixins").with("available", sensorMixins(installed));
        }
        if ("aggregator".equals(dto.kind)) {
            return Aggregator.class;
        }
        if ("publisher".equals(dto.kind)) {
            return Publisher.class;
        }
        throw Problem.badRequest("mixin " + mixin + " is a " + dto.kind + " mixin; a sensor takes aggregator and "
                + "publisher mixins", "mixins").with("available", sensorMixins(installed));
    }

    private static List<String> sensorMixins(List<MixinDTO> installed) {
        List<String> ids = new ArrayList<>();
        for (MixinDTO d : installed) {
            if (("aggregator".equals(d.kind) || "publisher".equals(d.kind)) && !ids.contains(d.id)) {
                ids.add(d.id);
            }
        }
        return ids;
    }

    static String prefix(MixinDTO dto) {
        if (dto.attributePrefix != null && !dto.attributePrefix.isEmpty()) {
            return dto.attributePrefix.endsWith(".") ? dto.attributePrefix : dto.attributePrefix + ".";
        }
        return AttributeSpec.namespaceOf(dto.scheme == null ? dto.id : dto.scheme) + "." + dto.term + ".";
    }

    /** Identity of a stage across updates: mixin, provider version and the mixin's own attributes. */
    static String key(MixinDTO dto, SensorSpec spec) {
        String prefix = prefix(dto);
        TreeMap<String, String> own = new TreeMap<>();
        for (Map.Entry<String, Object> e : spec.attributes.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                own.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        // A pinned range (rocmon.mixin.versions.<id>, see docs/mixins.md) names the stage instead of the highest
        // installed version, so that changing the pin reopens the stage and installing a newer version does not.
        Object pin = spec.attributes.get("rocmon.mixin.versions." + dto.id);
        return dto.id + "@" + (pin == null ? dto.version : pin) + own;
    }

    private MixinInstance<?> open(Class<?> type, String mixin, MixinDTO dto, SensorSpec spec) throws Problem {
        MixinRequestDTO req = request(mixin, spec);
        try {
            MixinInstance<?> inst = catalog.open(type, req);
            if (inst == null) {
                throw Problem.badRequest("mixin " + mixin + " could not be opened", "mixins");
            }
            return inst;
        } catch (UnknownMixinException e) {
            throw Problem.badRequest(e.getMessage(), e.attribute()).with("mixin", e.mixin())
                    .with("available", e.available());
        } catch (InvalidAttributeException e) {
            String attr = e.attribute() == null ? prefix(dto) : e.attribute();
            if (!attr.contains(".")) {
                attr = prefix(dto) + attr; // the SPI lets mixins give the short name
            }
            throw Problem.badRequest(e.getMessage() == null ? "invalid " + attr : e.getMessage(), attr);
        } catch (RuntimeException e) {
            throw Problem.badRequest("mixin " + mixin + " failed to open: " + e, "mixins");
        }
    }
}
