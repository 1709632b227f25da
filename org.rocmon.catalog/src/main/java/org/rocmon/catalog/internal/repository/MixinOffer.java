package org.rocmon.catalog.internal.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Version;

import org.rocmon.api.dto.MixinOfferDTO;

/** A mixin a repository resource declares through a {@code rocmon.mixin} capability (see cnf/ext/mixin.bnd). */
public final class MixinOffer {

    /** Namespace of the capability every mixin bundle provides. */
    public static final String NAMESPACE = "rocmon.mixin";

    private final String scheme;
    private final String term;
    private final String kind;
    private final Version version;
    private final IndexResource resource;

    MixinOffer(String scheme, String term, String kind, Version version, IndexResource resource) {
        this.scheme = scheme;
        this.term = term;
        this.kind = kind;
        this.version = version;
        this.resource = resource;
    }

    /**
     * @param resource a repository resource
     * @return the mixins it declares; malformed capabilities (no scheme or term) are skipped
     */
    public static List<MixinOffer> of(IndexResource resource) {
        List<MixinOffer> out = new ArrayList<>();
        for (IndexResource.Capability c : resource.capabilities()) {
            if (!NAMESPACE.equals(c.namespace())) {
                continue;
            }
            Map<String, Object> a = c.attributes();
            Object scheme = a.get("scheme");
            Object term = a.get("term");
            Object kind = a.get("kind");
            if (scheme == null || term == null || kind == null) {
                continue;
            }
            Object v = a.get("version");
            Version version = v instanceof Version ? (Version) v : resource.version();
            out.add(new MixinOffer(scheme.toString(), term.toString(), kind.toString().toLowerCase(Locale.ROOT),
                    version, resource));
        }
        return out;
    }

    /** @return scheme + term */
    public String id() {
        return scheme + term;
    }

    /** @return metric, aggregator or publisher */
    public String kind() {
        return kind;
    }

    /** @return the mixin's (= its bundle's) version */
    public Version version() {
        return version;
    }

    /** @return the resource that provides it */
    public IndexResource resource() {
        return resource;
    }

    /** @return the offer as the API shows it to operators */
    public MixinOfferDTO toDTO() {
        MixinOfferDTO dto = new MixinOfferDTO();
        dto.id = id();
        dto.kind = kind;
        dto.version = version.toString();
        dto.bundle = resource.symbolicName();
        return dto;
    }

    @Override
    public String toString() {
        return id() + " " + version;
    }
}
