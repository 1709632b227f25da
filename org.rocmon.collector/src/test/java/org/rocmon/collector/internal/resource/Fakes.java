package org.rocmon.collector.internal.resource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.rocmon.api.Measurement;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.dto.StatusDTO;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.Output;
import org.rocmon.api.runtime.CollectorEdge;
import org.rocmon.api.runtime.CollectorEdges;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.api.runtime.SensorAdmission;
import org.rocmon.api.runtime.UnknownMixinException;

/** Test doubles of the catalog, the edges, sensor admission and a few metrics. */
final class Fakes {

    static final String NS = "com.example.occi.monitoring.";
    static final String METRIC = "http://example.com/occi/monitoring/metric#";

    private Fakes() {
    }

    /** A catalog of metrics whose only attribute that matters is the required output channel {@code out}. */
    static final class Catalog implements MixinCatalog {
        final Map<String, Function<String, Metric>> metrics = new ConcurrentHashMap<>();
        final List<MixinDTO> others = new CopyOnWriteArrayList<>();
        final List<Instance> opened = new CopyOnWriteArrayList<>();

        Catalog metric(String term, Function<String, Metric> factory) {
            metrics.put(METRIC + term, factory);
            return this;
        }

        Catalog aggregator(String id) {
            MixinDTO dto = new MixinDTO();
            dto.id = id;
            dto.kind = "aggregator";
            others.add(dto);
            return this;
        }

        @Override
        public List<MixinDTO> list() {
            List<MixinDTO> all = new ArrayList<>(others);
            for (String id : metrics.keySet()) {
                MixinDTO dto = new MixinDTO();
                dto.id = id;
                dto.kind = "metric";
                dto.version = "1.0.0";
                all.add(dto);
            }
            return all;
        }

        @Override
        public <T> MixinInstance<T> open(Class<T> type, MixinRequestDTO request)
                throws UnknownMixinException, InvalidAttributeException {
            Function<String, Metric> factory = metrics.get(request.mixin);
            if (factory == null || type != Metric.class) {
                throw new UnknownMixinException(request.mixin, "not installed",
                        new ArrayList<>(metrics.keySet()));
            }
            String term = request.mixin.substring(request.mixin.indexOf('#') + 1);
            Object out = request.attributes.get(NS + term + ".out");
            if (out == null) {
                throw new InvalidAttributeException(NS + term + ".out", "required output channel is missing");
            }
            if (request.resource.get("cores") == null) {
                throw new AssertionError("host facts were not passed");
            }
            Instance instance = new Instance(request.mixin, factory.apply(out.toString()), out.toString());
            opened.add(instance);
            @SuppressWarnings("unchecked")
            MixinInstance<T> t = (MixinInstance<T>) instance;
            return t;
        }
    }

    static final class Instance implements MixinInstance<Metric> {
        final String id;
        final Metric metric;
        final List<String> outputs;
        volatile boolean available = true;
        final AtomicInteger closes = new AtomicInteger();

        Instance(String id, Metric metric, String out) {
            this.id = id;
            this.metric = metric;
            this.outputs = List.of(out);
        }

        @Override
        public Metric mixin() {
            return metric;
        }

        @Override
        public MixinDTO info() {
            MixinDTO dto = new MixinDTO();
            dto.id = id;
            dto.version = "1.0.0";
            return dto;
        }

        @Override
        public MixinContext context() {
            return null;
        }

        @Override
        public List<String> inputs() {
            return List.of();
        }

        @Override
        public List<String> outputs() {
            return outputs;
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /** Writes an increasing counter on its channel. */
    static final class Counting implements Metric {
        final String channel;
        final AtomicInteger calls = new AtomicInteger();

        Counting(String channel) {
            this.channel = channel;
        }

        @Override
        public void open(MixinContext context) {
        }

        @Override
        public void measure(Output out) {
            out.write(channel, Measurement.of(calls.incrementAndGet(), System.currentTimeMillis()));
        }
    }

    static final class Throwing implements Metric {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void open(MixinContext context) {
        }

        @Override
        public void measure(Output out) throws Exception {
            calls.incrementAndGet();
            out.write("never", Measurement.of(1, 1));
            throw new IllegalStateException("probe broke");
        }
    }

    /** Hangs on its first call for a long while, recording whether it was ever called concurrently. */
    static final class Hanging implements Metric {
        final String channel;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        volatile int maxRunning;
        volatile long hangMillis = 1500;

        Hanging(String channel) {
            this.channel = channel;
        }

        @Override
        public void open(MixinContext context) {
        }

        @Override
        public void measure(Output out) throws Exception {
            int now = running.incrementAndGet();
            maxRunning = Math.max(maxRunning, now);
            try {
                if (calls.incrementAndGet() == 1) {
                    Thread.sleep(hangMillis);
                }
                out.write(channel, Measurement.of(true, System.currentTimeMillis()));
            } finally {
                running.decrementAndGet();
            }
        }
    }

    /** Writes its own channel and one it never declared. */
    static final class Rogue implements Metric {
        final String channel;

        Rogue(String channel) {
            this.channel = channel;
        }

        @Override
        public void open(MixinContext context) {
        }

        @Override
        public void measure(Output out) {
            out.write(channel, Measurement.of(7, System.currentTimeMillis()));
            out.write("undeclared", Measurement.of(8, System.currentTimeMillis()));
        }
    }

    static final class Edges implements CollectorEdges {
        final List<Edge> opened = new CopyOnWriteArrayList<>();

        @Override
        public CollectorEdge open(String collectorId, URI sensor, int bufferFrames) {
            Edge e = new Edge(collectorId, sensor);
            opened.add(e);
            return e;
        }

        Edge last() {
            return opened.get(opened.size() - 1);
        }
    }

    static final class Edge implements CollectorEdge {
        final String collectorId;
        /** The sensor URI without the announced source, which is kept apart. */
        final URI uri;
        final String source;
        final List<Map<String, Measurement>> frames = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        /** When set, the edge is refused by its sensor with this reason. */
        volatile String refusedWith;

        Edge(String collectorId, URI uri) {
            this.collectorId = collectorId;
            this.source = org.rocmon.collector.internal.SourceHeader.from(uri);
            String s = uri.toString();
            this.uri = URI.create(uri.getRawQuery() == null ? s : s.substring(0, s.indexOf('?')));
        }

        @Override
        public void send(Map<String, Measurement> channels) {
            if (closed) {
                throw new AssertionError("send on a closed edge");
            }
            frames.add(Map.copyOf(channels));
        }

        @Override
        public StatusDTO status() {
            StatusDTO s = new StatusDTO();
            String refused = refusedWith;
            s.state = closed ? "closed" : refused != null ? "connecting" : "connected";
            s.reason = closed ? null : refused;
            s.counters.put("sent", (long) frames.size());
            s.counters.put("failures", refused == null ? 0L : 1L);
            s.counters.put("refusal", refused == null ? 0L : 403L);
            return s;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class Admission implements SensorAdmission {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public boolean hosts(String sensorId) {
            return sensorId.equals("s01");
        }

        @Override
        public void admit(String sensorId, String collectorId) {
            log.add("admit " + sensorId + " " + collectorId);
        }

        @Override
        public void revoke(String sensorId, String collectorId) {
            log.add("revoke " + sensorId + " " + collectorId);
        }
    }
}
