package org.rocmon.history.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Measurement;
import org.rocmon.api.history.ArchiveDTO;
import org.rocmon.api.history.HistoryStatsDTO;
import org.rocmon.api.history.HistoryStore;
import org.rocmon.api.history.PointDTO;
import org.rocmon.api.history.RangeDTO;
import org.rocmon.api.history.RangeQueryDTO;
import org.rocmon.api.history.SeriesDTO;
import org.rocmon.api.history.SourcePointsDTO;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RocmonHttp;
import org.rocmon.json.RocmonJson;

/**
 * {@code GET /history/} (archives, bounds, counters), {@code GET /history/{sensor}/} (recorded channels and
 * sources) and {@code GET /history/{sensor}/{channel}}
 * (raw values or consolidated points), on the node's shared HTTP context. See docs/history.md.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(RocmonHttp.CONTEXT_SELECT)
@HttpWhiteboardServletPattern(HistoryServlet.PATTERN)
@HttpWhiteboardServletName("rocmon-history")
public class HistoryServlet extends HttpServlet {

    static final String PATTERN = "/history/*";
    private static final long serialVersionUID = 1L;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final transient HistoryStore store;
    private final transient Clock clock;

    @Activate
    public HistoryServlet(@Reference HistoryStore store) {
        this(store, Clock.systemUTC());
    }

    HistoryServlet(HistoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
                HttpIo.drain(req);
                throw Problem.methodNotAllowed(req.getMethod(), List.of("GET", "HEAD"));
            }
            HttpIo.json(resp, 200, answer(req.getPathInfo(), req.getParameterMap()));
        } catch (Problem p) {
            HttpIo.problem(resp, p);
        }
    }

    /** @return the JSON answer for a path below /history and its parameters */
    Object answer(String pathInfo, Map<String, String[]> params) throws Problem {
        List<String> segments = segments(pathInfo);
        if (segments.isEmpty()) {
            return store(params);
        }
        String sensor = segments.get(0);
        List<SeriesDTO> series = store.series(sensor);
        if (series.isEmpty()) {
            throw new Problem(404, "sensor '" + sensor + "' has no recorded history (is a History mixin on it?)",
                    "sensor");
        }
        if (segments.size() == 1) {
            return listing(sensor, series);
        }
        if (segments.size() > 2) {
            throw Problem.notFound("no such resource; use /history/{sensor}/{channel}");
        }
        String channel = segments.get(1);
        List<SeriesDTO> ofChannel = series.stream().filter(s -> s.channel.equals(channel))
                .collect(Collectors.toList());
        if (ofChannel.isEmpty()) {
            throw new Problem(404, "sensor '" + sensor + "' records no channel '" + channel + "'", "channel")
                    .with("available", series.stream().map(s -> s.channel).distinct().collect(Collectors.toList()));
        }
        QueryParams q = QueryParams.parse(params, store.rawCapacity());
        if (q.source != null && ofChannel.stream().noneMatch(s -> q.source.equals(s.source))) {
            throw new Problem(404, "channel '" + channel + "' of sensor '" + sensor + "' has no source '" + q.source
                    + "'", "source").with("available", ofChannel.stream().map(s -> s.source)
                    .collect(Collectors.toList()));
        }
        return q.raw() ? raw(sensor, channel, q) : range(sensor, channel, ofChannel, q);
    }

    private ObjectNode raw(String sensor, String channel, QueryParams q) {
        Optional<String> source = Optional.ofNullable(q.source);
        List<Measurement> values = store.lastN(sensor, channel, source, store.rawCapacity());
        if (q.from != null || q.to != null) {
            long from = q.from == null ? Long.MIN_VALUE : q.from;
            long to = q.to == null ? Long.MAX_VALUE : q.to;
            values = values.stream().filter(m -> m.timestamp() >= from && m.timestamp() <= to)
                    .collect(Collectors.toList());
        }
        if (q.lastN != null) {
            values = values.subList(Math.max(0, values.size() - q.lastN), values.size());
        } else {
            int start = Math.min(q.hOffset, values.size());
            values = values.subList(start, Math.min(values.size(), start + q.hLimit));
        }
        ObjectNode out = F.objectNode();
        out.put("sensor", sensor);
        out.put("channel", channel);
        ArrayNode arr = out.putArray("values");
        for (Measurement m : values) {
            arr.add(RocmonJson.tree(m));
        }
        return out;
    }

    private ObjectNode range(String sensor, String channel, List<SeriesDTO> ofChannel, QueryParams q)
            throws Problem {
        q.defaults(clock.millis());
        Set<Long> kept = new TreeSet<>();
        for (SeriesDTO s : ofChannel) {
            if (q.source == null || q.source.equals(s.source)) {
                s.archives.forEach(a -> kept.add(a.resolution));
            }
        }
        if (q.resolution > 0 && !kept.contains(q.resolution)) {
            throw Problem.badRequest(q.resolutionName + " " + Layout.format(q.resolution) + " is not kept; available: "
                    + kept.stream().map(Layout::format).collect(Collectors.joining(", ")), q.resolutionName)
                    .with("available", kept.stream().map(Layout::format).collect(Collectors.toList()));
        }
        if (q.resolution > 0 && (q.to - q.from) / 1000 / q.resolution > SeriesStore.MAX_POINTS) {
            throw Problem.badRequest("the range holds " + (q.to - q.from) / 1000 / q.resolution + " points at "
                    + Layout.format(q.resolution) + "; at most " + SeriesStore.MAX_POINTS
                    + ": narrow it or choose a coarser " + q.resolutionName, q.fromName);
        }
        RangeQueryDTO r = new RangeQueryDTO();
        r.sensor = sensor;
        r.channel = channel;
        r.source = q.source;
        r.from = q.from;
        r.to = q.to;
        r.resolution = q.resolution;
        r.aggregation = q.aggregation;
        RangeDTO d;
        try {
            d = store.range(r);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage(), null);
        }
        ObjectNode out = F.objectNode();
        out.put("sensor", sensor);
        out.put("channel", channel);
        out.put("from", d.from);
        out.put("to", d.to);
        out.put("resolution", d.resolution);
        out.put("aggregation", d.aggregation.name().toLowerCase(Locale.ROOT));
        ArrayNode series = out.putArray("series");
        for (SourcePointsDTO s : d.series) {
            ObjectNode one = series.addObject();
            if (s.source != null) {
                one.put("source", s.source);
            }
            ArrayNode points = one.putArray("points");
            for (PointDTO p : s.points) {
                ObjectNode point = points.addObject();
                point.put("ts", p.ts);
                if (Measurement.isWhole(p.value)) {
                    point.put("value", (long) p.value);
                } else {
                    point.put("value", p.value);
                }
            }
        }
        return out;
    }

    /** {@code GET /history/}: the store's archives, bounds and counters. */
    private ObjectNode store(Map<String, String[]> params) throws Problem {
        for (String name : params.keySet()) {
            throw Problem.badRequest("unknown query parameter '" + name + "'", name);
        }
        HistoryStatsDTO s = store.stats();
        ObjectNode out = F.objectNode();
        ArrayNode archives = out.putArray("archives");
        for (ArchiveDTO a : store.archives()) {
            archives.addObject().put("resolution", Layout.format(a.resolution)).put("span", Layout.format(a.span));
        }
        out.put("rawCapacity", store.rawCapacity());
        out.put("series", s.series);
        out.put("appended", s.appended);
        out.put("written", s.written);
        out.put("dropped", s.dropped);
        out.put("queued", s.queued);
        out.put("diskBytes", s.diskBytes);
        return out;
    }

    private ObjectNode listing(String sensor, List<SeriesDTO> series) {
        ObjectNode out = F.objectNode();
        out.put("sensor", sensor);
        Map<String, List<SeriesDTO>> byChannel = new LinkedHashMap<>();
        for (SeriesDTO s : series) {
            byChannel.computeIfAbsent(s.channel, k -> new ArrayList<>()).add(s);
        }
        ArrayNode channels = out.putArray("channels");
        for (Map.Entry<String, List<SeriesDTO>> e : byChannel.entrySet()) {
            ObjectNode c = channels.addObject();
            c.put("channel", e.getKey());
            ArrayNode sources = c.putArray("sources");
            for (SeriesDTO s : e.getValue()) {
                ObjectNode o = sources.addObject();
                if (s.source != null) {
                    o.put("source", s.source);
                }
                if (s.unit != null) {
                    o.put("unit", s.unit);
                }
                o.put("raw", s.raw);
                o.put("last", s.last);
                o.put("retentionDays", s.retentionDays);
                ArrayNode res = o.putArray("resolutions");
                Set<String> names = new LinkedHashSet<>();
                for (ArchiveDTO a : s.archives) {
                    names.add(Layout.format(a.resolution));
                }
                names.forEach(res::add);
            }
        }
        out.put("rawCapacity", store.rawCapacity());
        return out;
    }

    private static List<String> segments(String pathInfo) {
        List<String> out = new ArrayList<>();
        if (pathInfo == null) {
            return out;
        }
        for (String s : pathInfo.split("/")) {
            if (!s.isEmpty()) {
                out.add(s); // the container has decoded the path already
            }
        }
        return out;
    }
}
