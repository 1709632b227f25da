package org.rocmon.catalog.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.osgi.framework.Version;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.Output;
import org.rocmon.api.mixin.Publisher;

/** Hand-made mixins and providers for the catalog tests. */
final class Fixtures {

    static final String AGG = "http://example.com/occi/monitoring/aggregator#";
    static final String PUB = "http://example.com/occi/monitoring/publisher#";
    static final String MET = "http://example.com/occi/monitoring/metric#";

    private static final AtomicInteger IDS = new AtomicInteger(100);

    private Fixtures() {
    }

    static Map<String, Object> props(String scheme, String term, String kind, String... attributes) {
        Map<String, Object> p = new HashMap<>();
        p.put(MixinDescriptor.SCHEME, scheme);
        p.put(MixinDescriptor.TERM, term);
        p.put(MixinDescriptor.KIND, kind);
        p.put(MixinDescriptor.TITLE, term + " title");
        // DS turns a one-element array into a plain String; exercise both shapes.
        p.put(MixinDescriptor.ATTRIBUTES, attributes.length == 1 ? attributes[0] : attributes);
        return p;
    }

    static MixinDescriptor descriptor(String scheme, String term, MixinKind kind, String version,
            String... attributes) {
        return MixinDescriptor.parse(props(scheme, term, kind.name(), attributes), kind, Version.parseVersion(version),
                "test.bundle." + term.toLowerCase());
    }

    static CountingSource source(Supplier<Object> factory) {
        return new CountingSource(factory);
    }

    static MixinProvider provider(MixinDescriptor d, InstanceSource source) {
        return new MixinProvider(d, source, 0, IDS.incrementAndGet());
    }

    static MixinProvider provider(MixinDescriptor d) {
        return provider(d, source(() -> newInstance(d.kind())));
    }

    static Object newInstance(MixinKind kind) {
        switch (kind) {
            case METRIC:
                return new RecordingMetric();
            case AGGREGATOR:
                return new RecordingAggregator();
            default:
                return new RecordingPublisher();
        }
    }

    /** Counts what it hands out and what comes back. */
    static final class CountingSource implements InstanceSource {
        final Supplier<Object> factory;
        final List<Object> given = new ArrayList<>();
        final List<Object> released = new ArrayList<>();

        CountingSource(Supplier<Object> factory) {
            this.factory = factory;
        }

        @Override
        public synchronized Lease acquire() {
            Object o = factory.get();
            if (o == null) {
                return null;
            }
            given.add(o);
            return new Lease() {
                @Override
                public Object service() {
                    return o;
                }

                @Override
                public void release() {
                    synchronized (CountingSource.this) {
                        released.add(o);
                    }
                }
            };
        }
    }

    /** Records its life cycle; what open does can be swapped per test. */
    static class Recording {
        MixinContext context;
        int opens;
        int closes;
        OpenBehaviour onOpen = c -> { };
        RuntimeException onClose;

        void doOpen(MixinContext c) throws InvalidAttributeException {
            opens++;
            context = c;
            onOpen.open(c);
        }

        void doClose() {
            closes++;
            if (onClose != null) {
                throw onClose;
            }
        }
    }

    interface OpenBehaviour {
        void open(MixinContext c) throws InvalidAttributeException;
    }

    static final class RecordingAggregator extends Recording implements Aggregator {
        final List<Measurement> accepted = new ArrayList<>();

        @Override
        public void open(MixinContext c) throws InvalidAttributeException {
            doOpen(c);
        }

        @Override
        public void accept(String channel, Measurement measurement, Output out) {
            accepted.add(measurement);
        }

        @Override
        public void close() {
            doClose();
        }
    }

    static final class RecordingPublisher extends Recording implements Publisher {
        @Override
        public void open(MixinContext c) throws InvalidAttributeException {
            doOpen(c);
        }

        @Override
        public void publish(String channel, Measurement measurement) {
        }

        @Override
        public void close() {
            doClose();
        }
    }

    static final class RecordingMetric extends Recording implements Metric {
        @Override
        public void open(MixinContext c) throws InvalidAttributeException {
            doOpen(c);
        }

        @Override
        public void measure(Output out) {
        }

        @Override
        public void close() {
            doClose();
        }
    }
}
