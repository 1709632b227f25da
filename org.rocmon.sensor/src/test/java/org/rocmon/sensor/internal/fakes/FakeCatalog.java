package org.rocmon.sensor.internal.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.api.runtime.UnknownMixinException;

/** A catalog of test mixins: channels come from the attributes named as in/out, like the real catalog. */
public final class FakeCatalog implements MixinCatalog {

    public static final String NS = "com.example.occi.monitoring.";
    public static final String AGG = "http://example.com/occi/monitoring/aggregator#";
    public static final String PUB = "http://example.com/occi/monitoring/publisher#";
    public static final String MET = "http://example.com/occi/monitoring/metric#";

    private static final class Entry {
        final MixinDTO dto;
        final Supplier<Object> factory;
        final List<String> ins;
        final List<String> outs;

        Entry(MixinDTO dto, Supplier<Object> factory, List<String> ins, List<String> outs) {
            this.dto = dto;
            this.factory = factory;
            this.ins = ins;
            this.outs = outs;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Every instance opened, in order. */
    public final List<FakeInstance<?>> opened = new CopyOnWriteArrayList<>();

    /**
     * @param id scheme + term
     * @param kind aggregator, publisher or metric
     * @param ins short names of in attributes (required)
     * @param outs short names of out attributes (required)
     */
    public FakeCatalog add(String id, String kind, Supplier<Object> factory, List<String> ins, List<String> outs) {
        MixinDTO d = new MixinDTO();
        d.id = id;
        int hash = id.indexOf('#');
        d.scheme = id.substring(0, hash + 1);
        d.term = id.substring(hash + 1);
        d.kind = kind;
        d.version = "1.0.0";
        d.attributePrefix = NS + d.term + ".";
        entries.put(id, new Entry(d, factory, ins, outs));
        return this;
    }

    public void remove(String id) {
        entries.remove(id);
    }

    @Override
    public List<MixinDTO> list() {
        List<MixinDTO> l = new ArrayList<>();
        entries.values().forEach(e -> l.add(e.dto));
        return l;
    }

    @Override
    public <T> MixinInstance<T> open(Class<T> type, MixinRequestDTO request)
            throws UnknownMixinException, InvalidAttributeException {
        Entry e = entries.get(request.mixin);
        if (e == null) {
            throw new UnknownMixinException(request.mixin, "not installed", new ArrayList<>(entries.keySet()));
        }
        String prefix = e.dto.attributePrefix;
        Map<String, Object> own = new LinkedHashMap<>();
        request.attributes.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                own.put(k.substring(prefix.length()), v);
            }
        });
        List<String> ins = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        for (String in : e.ins) {
            if (own.get(in) == null) {
                throw new InvalidAttributeException(prefix + in, prefix + in + " is required");
            }
            ins.add(own.get(in).toString());
        }
        for (String out : e.outs) {
            if (own.get(out) == null) {
                throw new InvalidAttributeException(in(prefix, out), prefix + out + " is required");
            }
            outs.add(own.get(out).toString());
        }
        Object mixin = e.factory.get();
        if (!type.isInstance(mixin)) {
            throw new UnknownMixinException(request.mixin, "wrong type", List.of());
        }
        MixinContext ctx = new FakeContext(request.entityId, prefix, own, request.periodMillis);
        if (mixin instanceof Aggregator) {
            ((Aggregator) mixin).open(ctx);
        } else if (mixin instanceof Publisher) {
            ((Publisher) mixin).open(ctx);
        }
        FakeInstance<T> inst = new FakeInstance<>(type.cast(mixin), e.dto, ctx, ins, outs);
        opened.add(inst);
        return inst;
    }

    private static String in(String prefix, String name) {
        return prefix + name;
    }

    /** @return instances of one mixin still open */
    public List<FakeInstance<?>> openOf(String id) {
        List<FakeInstance<?>> l = new ArrayList<>();
        for (FakeInstance<?> i : opened) {
            if (i.info().id.equals(id) && !i.closed()) {
                l.add(i);
            }
        }
        return l;
    }
}
