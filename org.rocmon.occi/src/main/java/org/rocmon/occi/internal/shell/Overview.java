package org.rocmon.occi.internal.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinOfferDTO;

/**
 * What the operator tools show: sensors, collectors and mixins as rows, read from the node's REST answers, the
 * catalog and the repository. Shared by the Gogo commands and the web console page.
 */
public final class Overview {

    /**
     * One sensor.
     *
     * @param problems the last error of each stage that has one, as "term: error"
     * @param destinations where its publishers send data (file, host:port, URL, scrape or stream path)
     */
    public record SensorRow(String id, String state, String reason, List<String> stages, long in, long out,
            long dropped, long errors, JsonNode channels, List<String> problems, List<String> destinations) {

        /** A row without problems and destinations. */
        public SensorRow(String id, String state, String reason, List<String> stages, long in, long out,
                long dropped, long errors, JsonNode channels) {
            this(id, state, reason, stages, in, out, dropped, errors, channels, List.of(), List.of());
        }
    }

    /** Attribute names (the last segment) that say where a publisher sends its data. */
    private static final List<String> DESTINATIONS = List.of("filename", "url", "hostname", "host", "port", "path");

    /** One collector of a resource. */
    public record CollectorRow(String resource, String id, String state, String reason, String target, String edge,
            long sent, long acked, long dropped, long errors, JsonNode values) {
    }

    /** One mixin version, installed and/or offered by the repository. */
    public record MixinRow(String id, String kind, String version, String bundle, boolean installed,
            boolean inRepository) {

        /** @return installed, repository, or both */
        public String where() {
            return installed && inRepository ? "installed+repository" : installed ? "installed" : "repository";
        }
    }

    private final LocalNode node;
    private final Supplier<List<MixinDTO>> installed;
    private final Supplier<List<MixinOfferDTO>> offered;

    /**
     * @param node the node's REST API
     * @param installed the catalog's list
     * @param offered what the repository offers (empty when there is no repository)
     */
    public Overview(LocalNode node, Supplier<List<MixinDTO>> installed, Supplier<List<MixinOfferDTO>> offered) {
        this.node = node;
        this.installed = installed;
        this.offered = offered;
    }

    /** @return the node */
    public LocalNode node() {
        return node;
    }

    /** @return every sensor with its status; one that vanished between listing and reading is left out */
    public List<SensorRow> sensors() throws LocalNode.NodeException {
        List<SensorRow> rows = new ArrayList<>();
        for (String id : node.sensorIds()) {
            JsonNode d;
            try {
                d = node.get("/sensor/" + id + "/");
            } catch (LocalNode.NodeException e) {
                continue;
            }
            rows.add(sensor(d));
        }
        return rows;
    }

    /** @return the row of a sensor from its node API description */
    public static SensorRow sensor(JsonNode d) {
        JsonNode status = d.path("status");
        JsonNode c = status.path("counters");
        List<String> stages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode s : d.path("stages")) {
            String term = term(s.path("mixin").asText("?"));
            stages.add(term + "@" + s.path("version").asText("?"));
            if (s.hasNonNull("lastError")) {
                problems.add(term + ": " + s.path("lastError").asText());
            }
        }
        return new SensorRow(d.path("id").asText(), status.path("state").asText("unknown"),
                text(status.path("reason")), stages, c.path("in").asLong(), c.path("out").asLong(),
                c.path("dropped").asLong(), c.path("errors").asLong(), d.path("channels"), problems,
                destinations(d));
    }

    /** @return "Term: a=b c=d" per publisher whose attributes say where data goes (e.g. SendUDP: 127.0.0.1:8888) */
    static List<String> destinations(JsonNode sensor) {
        Map<String, List<String>> byMixin = new LinkedHashMap<>();
        for (JsonNode s : sensor.path("stages")) {
            if ("publisher".equals(s.path("kind").asText())) {
                byMixin.put(term(s.path("mixin").asText("?")), new ArrayList<>());
            }
        }
        sensor.path("attributes").fields().forEachRemaining(a -> {
            String[] parts = a.getKey().split("\\.");
            if (parts.length >= 2 && byMixin.containsKey(parts[parts.length - 2])
                    && DESTINATIONS.contains(parts[parts.length - 1])) {
                byMixin.get(parts[parts.length - 2]).add(parts[parts.length - 1] + "=" + a.getValue().asText());
            }
        });
        List<String> out = new ArrayList<>();
        byMixin.forEach((term, where) -> out.add(where.isEmpty() ? term : term + ": " + String.join(" ", where)));
        return out;
    }

    /** @return every collector of every resource */
    public List<CollectorRow> collectors() throws LocalNode.NodeException {
        List<CollectorRow> rows = new ArrayList<>();
        for (String rid : node.resourceIds()) {
            JsonNode r;
            try {
                r = node.get("/resource/" + rid + "/");
            } catch (LocalNode.NodeException e) {
                continue;
            }
            for (JsonNode c : r.path("collectors")) {
                rows.add(collector(rid, c));
            }
        }
        return rows;
    }

    static CollectorRow collector(String rid, JsonNode c) {
        JsonNode status = c.path("status");
        JsonNode edge = c.path("edge");
        JsonNode ec = edge.path("counters");
        return new CollectorRow(rid, c.path("id").asText(), status.path("state").asText("unknown"),
                text(status.path("reason")), c.path("target").asText(""), edge.path("state").asText("-"),
                ec.path("sent").asLong(), ec.path("acked").asLong(), ec.path("dropped").asLong(),
                status.path("counters").path("errors").asLong(), c.path("values"));
    }

    /** @return installed mixins and repository offers, one row per id and version, sorted by id, newest first */
    public List<MixinRow> mixins() {
        Map<String, MixinRow> rows = new LinkedHashMap<>();
        for (MixinDTO m : installed.get()) {
            rows.put(m.id + " " + m.version, new MixinRow(m.id, m.kind, m.version, m.bundle, true, false));
        }
        for (MixinOfferDTO o : offered.get()) {
            String key = o.id + " " + o.version;
            MixinRow have = rows.get(key);
            rows.put(key, have != null
                    ? new MixinRow(have.id(), have.kind(), have.version(), have.bundle(), true, true)
                    : new MixinRow(o.id, o.kind, o.version, o.bundle, false,
                            true));
        }
        List<MixinRow> out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparing(MixinRow::id).thenComparing(
                (a, b) -> org.osgi.framework.Version.parseVersion(b.version())
                        .compareTo(org.osgi.framework.Version.parseVersion(a.version()))));
        return out;
    }

    /**
     * Finds a sensor or a collector by id: a sensor id, a collector id (unique across resources), or
     * {@code resource/collector}.
     *
     * @param id what the operator typed
     * @return the description, or {@code null} when nothing has that id
     */
    public JsonNode describe(String id) throws LocalNode.NodeException {
        int slash = id.indexOf('/');
        if (slash > 0) {
            return optional("/resource/" + id.substring(0, slash) + "/collector/" + id.substring(slash + 1));
        }
        if (node.sensorIds().contains(id)) {
            return node.get("/sensor/" + id + "/");
        }
        for (CollectorRow c : collectors()) {
            if (c.id().equals(id)) {
                return node.get("/resource/" + c.resource() + "/collector/" + c.id());
            }
        }
        return null;
    }

    private JsonNode optional(String path) throws LocalNode.NodeException {
        var r = node.send("GET", path, null);
        return r.status == 404 ? null : r.ok() ? LocalNode.parse(r.body, "GET " + path) : node.get(path);
    }

    /** @return the term of a mixin id (after the '#') */
    public static String term(String mixinId) {
        int hash = mixinId.lastIndexOf('#');
        return hash < 0 ? mixinId : mixinId.substring(hash + 1);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : Objects.toString(n.asText(), null);
    }
}
