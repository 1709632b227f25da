package org.rocmon.occi.internal.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import org.rocmon.api.runtime.NodeProperties;
import org.rocmon.api.runtime.NodeUrl;
import org.rocmon.api.Monitoring;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinSupply;
import org.rocmon.occi.internal.frontend.deploy.HttpNodeClient;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.api.dto.MixinOfferDTO;
import org.rocmon.api.runtime.MixinRepository;
import org.rocmon.api.security.PeerCredentials;

/**
 * The operator's Gogo commands, scope {@code rocmon} (see docs/operations.md). Every command returns its text, so
 * the shell prints it and a script can use it; failures are one line starting with {@code error:}, never a stack
 * trace.
 */
@Component(service = RocmonCommands.class, property = {
    "osgi.command.scope=rocmon",
    "osgi.command.function=sensors", "osgi.command.function=collectors", "osgi.command.function=mixins",
    "osgi.command.function=describe", "osgi.command.function=deploy", "osgi.command.function=values",
    "osgi.command.function=install", "osgi.command.function=upgrade"})
public final class RocmonCommands {

    static final String HTTP_PORT = NodeProperties.HTTP_PORT;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long INSTALL_WAIT_MILLIS = 5_000;

    private final MixinCatalog catalog;
    private final ExecutorService httpExecutor;
    private final Overview overview;

    // Optional: without a repository the commands still show what is installed.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MixinRepository repository;

    /**
     * @param context reads the node's HTTP port
     * @param catalog the installed mixins
     * @param peers what the shell presents to this node's own API
     */
    @Activate
    public RocmonCommands(BundleContext context, @Reference(name = "catalog") MixinCatalog catalog,
            @Reference(name = "peers") PeerCredentials peers) {
        this.catalog = catalog;
        AtomicInteger n = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rocmon-shell-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.overview = new Overview(
                new LocalNode(new HttpNodeClient(5_000, httpExecutor, peers),
                        NodeUrl.of(context::getProperty).base().toString()),
                catalog::list, this::offers);
    }

    /** For tests: any node client and base URL, no repository unless set. */
    RocmonCommands(MixinCatalog catalog, NodeClient client, String base) {
        this.catalog = catalog;
        this.httpExecutor = null;
        this.overview = new Overview(new LocalNode(client, base), catalog::list, this::offers);
    }

    void setRepository(MixinRepository repository) {
        this.repository = repository;
    }

    @Deactivate
    void deactivate() {
        if (httpExecutor != null) {
            httpExecutor.shutdownNow();
        }
    }

    /** @return the overview the console page shares */
    Overview overview() {
        return overview;
    }

    private List<MixinOfferDTO> offers() {
        MixinRepository r = repository;
        return r == null ? List.of() : r.offers();
    }

    @Descriptor("List the node's sensors: id, state, stages (mixin@version), counters in/out/dropped/errors")
    public String sensors() {
        try {
            List<Overview.SensorRow> rows = overview.sensors();
            return rows.isEmpty() ? "no sensors\n" : Tables.sensors(rows);
        } catch (LocalNode.NodeException e) {
            return error(e.getMessage());
        }
    }

    @Descriptor("List the collectors of every resource: resource, id, state, target, edge state, sent/acked/dropped")
    public String collectors() {
        try {
            List<Overview.CollectorRow> rows = overview.collectors();
            return rows.isEmpty() ? "no collectors\n" : Tables.collectors(rows);
        } catch (LocalNode.NodeException e) {
            return error(e.getMessage());
        }
    }

    @Descriptor("List mixins: id, kind, version, bundle, installed and/or available in the repository")
    public String mixins() {
        List<Overview.MixinRow> rows = overview.mixins();
        return rows.isEmpty() ? "no mixins\n" : Tables.mixins(rows);
    }

    @Descriptor("Show the full description and status of a sensor or a collector as JSON")
    public String describe(
            @Descriptor("a sensor id, a collector id, or resource/collector") String id) {
        try {
            JsonNode d = overview.describe(id);
            return d == null ? error("no sensor or collector " + id) : pretty(d);
        } catch (LocalNode.NodeException e) {
            return error(e.getMessage());
        }
    }

    @Descriptor("Deploy a sensor (POST /sensor/{id}/) or a collector (POST /resource/{source}/collector/{id})"
            + " from a JSON file; prints the node's answer")
    public String deploy(@Descriptor("path of the JSON description (listing 1 or 2 of the paper)") String file) {
        String text;
        Path source = Path.of(file).toAbsolutePath().normalize();
        try {
            text = Files.readString(source, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            // relative paths resolve against the node's working directory (run/ under ./rocmon): say which file
            return error("cannot read " + source + ": no such file (relative paths start in "
                    + Path.of("").toAbsolutePath() + ")");
        } catch (IOException | RuntimeException e) {
            return error("cannot read " + source + ": " + e.getMessage());
        }
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return error(file + " is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            return error(file + " does not hold a JSON object");
        }
        String path;
        try {
            path = deployPath(body);
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
        try {
            NodeClient.Reply r = overview.node().send("POST", path, text);
            String answer = r.body.isBlank() ? "" : prettyOrRaw(r.body);
            return "POST " + path + " -> " + r.status + "\n" + answer;
        } catch (LocalNode.NodeException e) {
            return error(e.getMessage());
        }
    }

    /** Where a description goes: its kind (or, without one, a target) tells a collector from a sensor. */
    static String deployPath(JsonNode body) {
        String kind = body.path("kind").asText("");
        boolean collector = Monitoring.COLLECTOR_KIND.equals(kind) || kind.isEmpty() && body.has("target");
        if (!collector && !kind.isEmpty() && !Monitoring.SENSOR_KIND.equals(kind)) {
            throw new IllegalArgumentException("kind " + kind + " is neither " + Monitoring.SENSOR_KIND + " nor "
                    + Monitoring.COLLECTOR_KIND);
        }
        String id = body.path("id").asText("");
        if (!validId(id)) {
            throw new IllegalArgumentException("the description needs an \"id\" ([A-Za-z0-9._-]{1,128})");
        }
        if (!collector) {
            return "/sensor/" + id + "/";
        }
        String source = lastSegment(body.path("source"));
        if (!validId(source)) {
            throw new IllegalArgumentException("a collector needs a \"source\": the id of the monitored resource");
        }
        return "/resource/" + source + "/collector/" + id;
    }

    @Descriptor("Show the last value of each channel of a sensor, with its time and source")
    public String values(@Descriptor("a sensor id") String sensor) {
        if (!validId(sensor)) {
            return error("bad sensor id " + sensor);
        }
        try {
            String path = "/sensor/" + sensor + "/";
            NodeClient.Reply r = overview.node().send("GET", path, null);
            if (r.status == 404) {
                return error("no sensor " + sensor);
            }
            if (!r.ok()) {
                return error("GET " + path + " -> " + r.status);
            }
            JsonNode channels = LocalNode.parse(r.body, "GET " + path).path("channels");
            return channels.size() == 0 ? "no values yet\n" : Tables.values(channels);
        } catch (LocalNode.NodeException e) {
            return error(e.getMessage());
        }
    }

    @Descriptor("Install a mixin from the mixin repository (the highest version offered)")
    public String install(@Descriptor("mixin id: scheme + term") String id) {
        return install(id, null);
    }

    @Descriptor("Install a mixin from the mixin repository: the highest version in a range")
    public String install(@Descriptor("mixin id: scheme + term") String id,
            @Descriptor("OSGi version range, e.g. [1.0,2.0), or a minimum version, e.g. 1.2") String range) {
        VersionRange r;
        try {
            r = range == null ? null : VersionRange.valueOf(range.trim());
        } catch (IllegalArgumentException e) {
            return error("bad version range " + range + ": " + e.getMessage());
        }
        for (MixinDTO m : catalog.list()) {
            if (m.id.equals(id) && (r == null || r.includes(Version.parseVersion(m.version)))) {
                return id + " " + m.version + " is already installed (" + m.bundle + ")\n";
            }
        }
        return supply(id, r, null);
    }

    @Descriptor("Install the newest version of a mixin the repository offers; running sensors keep the version"
            + " they run until they are redefined")
    public String upgrade(@Descriptor("mixin id: scheme + term") String id) {
        MixinOfferDTO best = null;
        for (MixinOfferDTO o : offers()) {
            if (o.id.equals(id) && (best == null
                    || Version.parseVersion(o.version).compareTo(Version.parseVersion(best.version)) > 0)) {
                best = o;
            }
        }
        if (repository == null) {
            return error("no mixin repository is configured (framework property rocmon.repositories)");
        }
        if (best == null) {
            return error("no repository offers " + id + offeredText());
        }
        Version newest = highestInstalled(id);
        Version target = Version.parseVersion(best.version);
        if (newest != null && newest.compareTo(target) >= 0) {
            return id + " " + newest + " is already the newest (the repository offers " + target + ")\n";
        }
        return supply(id, new VersionRange(VersionRange.LEFT_CLOSED, target, target, VersionRange.RIGHT_CLOSED),
                newest);
    }

    private String supply(String id, VersionRange range, Version before) {
        MixinRepository repo = repository;
        if (repo == null) {
            return error("no mixin repository is configured (framework property rocmon.repositories)");
        }
        String done = null;
        try {
            for (MixinKind kind : MixinKind.values()) {
                done = repo.installByOperator(kind, id, range);
                if (done != null) {
                    break;
                }
            }
        } catch (MixinSupply.SupplyException e) {
            return error(e.getMessage());
        }
        if (done == null) {
            return error("no repository offers " + id + (range == null ? "" : " in " + range) + offeredText());
        }
        Version now = awaitInstalled(id, range);
        if (now == null) {
            return error("installed " + done + ", but the catalog does not list " + id + " yet");
        }
        StringBuilder sb = new StringBuilder("installed " + id + " " + now + " (" + done + ")\n");
        if (before != null) {
            sb.append("upgraded from ").append(before).append(": new and redefined sensors and collectors use ")
                    .append(now).append('\n');
            sb.append(stillOnOlder(id, now));
        }
        return sb.toString();
    }

    /** Running entities keep their instances: tell the operator which ones still run an older version. */
    private String stillOnOlder(String id, Version now) {
        try {
            List<String> older = new ArrayList<>();
            for (String sid : overview.node().sensorIds()) {
                JsonNode d = overview.node().get("/sensor/" + sid + "/");
                for (JsonNode s : d.path("stages")) {
                    if (id.equals(s.path("mixin").asText()) && !now.toString().equals(s.path("version").asText())) {
                        older.add(sid + " (" + s.path("version").asText() + ")");
                    }
                }
            }
            for (Overview.CollectorRow c : overview.collectors()) {
                JsonNode d = overview.node().get("/resource/" + c.resource() + "/collector/" + c.id());
                for (JsonNode m : d.path("metrics")) {
                    if (id.equals(m.path("mixin").asText()) && !now.toString().equals(m.path("version").asText())) {
                        older.add(c.resource() + "/" + c.id() + " (" + m.path("version").asText() + ")");
                    }
                }
            }
            return older.isEmpty() ? "" : "still on an older version: " + String.join(", ", older) + "\n";
        } catch (LocalNode.NodeException e) {
            return "";
        }
    }

    private Version awaitInstalled(String id, VersionRange range) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INSTALL_WAIT_MILLIS);
        while (true) {
            for (MixinDTO m : catalog.list()) {
                Version v = Version.parseVersion(m.version);
                if (m.id.equals(id) && (range == null || range.includes(v))) {
                    return v;
                }
            }
            if (System.nanoTime() > end) {
                return null;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private Version highestInstalled(String id) {
        Version best = null;
        for (MixinDTO m : catalog.list()) {
            Version v = Version.parseVersion(m.version);
            if (m.id.equals(id) && (best == null || v.compareTo(best) > 0)) {
                best = v;
            }
        }
        return best;
    }

    private String offeredText() {
        String list = offers().stream().map(o -> o.id + " " + o.version).distinct().sorted()
                .collect(Collectors.joining(", "));
        return list.isEmpty() ? "; the repository offers nothing" : "; offered: " + list;
    }

    static String error(String message) {
        return "error: " + message + "\n";
    }

    private static String pretty(JsonNode n) {
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            return n + "\n";
        }
    }

    private static String prettyOrRaw(String body) {
        try {
            return pretty(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return body + "\n";
        }
    }

    private static String lastSegment(JsonNode source) {
        String s = source.isObject() ? source.path("location").asText("") : source.asText("");
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }

    static boolean validId(String id) {
        return id != null && id.matches("[A-Za-z0-9._-]{1,128}") && !".".equals(id) && !"..".equals(id);
    }
}
