package org.rocmon.occi.internal.frontend;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.api.dto.AttributeDTO;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.occi.internal.frontend.deploy.NodeRegistry;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.store.EntityStore;

/** A front end over a fake catalog, fake nodes and a temporary store, driven through {@link OcciApi}. */
final class Harness {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String LOCAL = "http://127.0.0.1:1";

    final FakeNodes nodes = new FakeNodes();
    final List<MixinDTO> mixins = new ArrayList<>(standardMixins());
    final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    final Path data;
    final Frontend frontend;
    final OcciApi api;

    Harness(Path data) {
        this(data, LOOPBACK);
    }

    /** The defaults, but users may publish to this machine: the listings send to localhost. */
    static final UserLimits LOOPBACK = UserLimits.DEFAULT.withDestinations(
            DestinationPolicy.of(new String[] {"127.0.0.0/8", "::1/128", "localhost"}));

    /** A harness whose front end confines users by that policy and cap. */
    Harness(Path data, MixinPolicy policy, int maxEntitiesPerUser) {
        this(data, LOOPBACK.withMixins(policy).withMaxEntities(maxEntitiesPerUser));
    }

    /** A harness whose front end confines users by those limits. */
    Harness(Path data, UserLimits limits) {
        this.data = data;
        EntityStore store = new EntityStore(data);
        store.load();
        NodeRegistry registry = new NodeRegistry(LOCAL);
        store.nodes().forEach(registry::register);
        frontend = new Frontend(new Model(() -> List.copyOf(mixins)), store, registry, nodes, clock::get);
        frontend.confineFiles(org.rocmon.api.attributes.FileArea.of(data, List.of()));
        api = new OcciApi(frontend, Answers.DEFAULT_HEADER_BUDGET, limits);
    }

    /** Who the next calls come from: null for a caller inside the node (trusted), else a user. */
    private String user;
    private boolean admin;

    /** @return this harness, calling as {@code user} (an admin when {@code admin}) from now on */
    Harness as(String user, boolean admin) {
        this.user = user;
        this.admin = admin;
        return this;
    }

    OcciResponse call(String method, String path, String contentType, String body, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        if (contentType != null) {
            h.put("Content-Type", List.of(contentType));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
        }
        String p = path;
        String q = null;
        int at = path.indexOf('?');
        if (at >= 0) {
            p = path.substring(0, at);
            q = path.substring(at + 1);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        OcciRequest req = user == null
                ? new OcciRequest(method, p, OcciServlet.query(q), h, bytes, null, "http://127.0.0.1:8080")
                : new OcciRequest(method, p, OcciServlet.query(q), h, bytes, user, admin, "http://127.0.0.1:8080");
        return api.handle(req);
    }

    OcciResponse get(String path, String... headers) {
        return call("GET", path, null, null, headers);
    }

    OcciResponse put(String path, String json) {
        return call("PUT", path, "application/occi+json", json);
    }

    static JsonNode json(OcciResponse r) {
        try {
            return MAPPER.readTree(r.body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.text(), e);
        }
    }

    static String listing1(String id, double period) {
        return "{\"id\":\"" + id + "\",\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/publisher#SendUDP\","
                + "\"http://example.com/occi/monitoring/aggregator#EWMA\","
                + "\"http://example.com/occi/monitoring/publisher#Log\"],"
                + "\"attributes\":{\"occi\":{\"sensor\":{\"period\":" + period + "}},"
                + "\"com\":{\"example\":{\"occi\":{\"monitoring\":{"
                + "\"SendUDP\":{\"hostname\":\"localhost\",\"port\":\"8888\",\"input\":\"c\"},"
                + "\"EWMA\":{\"gain\":16,\"instream\":\"a\",\"outstream\":\"c\"},"
                + "\"Log\":{\"filename\":\"logs/s01.log\",\"in_msg\":\"b\"}}}}}},\"links\":[]}";
    }

    static String listing2(String id, String source, String target) {
        return "{\"id\":\"" + id + "\",\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\","
                + "\"mixins\":[\"http://example.com/occi/monitoring/metric#CPUPercent\","
                + "\"http://example.com/occi/monitoring/metric#IsReachable\"],"
                + "\"attributes\":{\"occi\":{\"collector\":{\"period\":3}},"
                + "\"com\":{\"example\":{\"occi\":{\"monitoring\":{"
                + "\"CPUPercent\":{\"out\":\"a\"},"
                + "\"IsReachable\":{\"hostname\":\"127.0.0.1\",\"maxdelay\":1000,\"out\":\"b\"}}}}}},"
                + "\"actions\":[],\"target\":\"" + target + "\",\"source\":\"" + source + "\"}";
    }

    static String compute(String id) {
        return "{\"kind\":\"http://schemas.ogf.org/occi/infrastructure#compute\",\"id\":\"" + id + "\","
                + "\"attributes\":{\"occi.compute.hostname\":\"localhost\"}}";
    }

    private static List<MixinDTO> standardMixins() {
        List<MixinDTO> l = new ArrayList<>();
        l.add(mixin("aggregator", "EWMA", "gain:number=16", "instream:in!", "outstream:out!"));
        l.add(mixin("publisher", "Log", "filename:path!", "in_msg:in!"));
        l.add(mixin("publisher", "SendUDP", "hostname:host!", "port:integer!", "input:in!"));
        l.add(mixin("publisher", "Webhook", "url:url!", "authorization:secret", "input:in!"));
        l.add(mixin("aggregator", "Anonymize", "input:in!", "output:out!", "salt:secret"));
        l.add(mixin("metric", "CPUPercent", "out:out!"));
        l.add(mixin("metric", "IsReachable", "hostname:string!", "maxdelay:number=1000", "out:out!"));
        return l;
    }

    static MixinDTO mixin(String kind, String term, String... attributes) {
        MixinDTO m = new MixinDTO();
        m.scheme = "http://example.com/occi/monitoring/" + kind + "#";
        m.term = term;
        m.id = m.scheme + term;
        m.kind = kind;
        m.depends = "http://schemas.ogf.org/occi/monitoring#" + kind;
        m.applies = "metric".equals(kind) ? Model.COLLECTOR : Model.SENSOR;
        m.title = term + " mixin";
        m.version = "1.0.0";
        m.attributePrefix = "com.example.occi.monitoring." + term + ".";
        for (String a : attributes) {
            org.rocmon.api.mixin.AttributeSpec s = org.rocmon.api.mixin.AttributeSpec.parse(a);
            AttributeDTO d = new AttributeDTO();
            d.name = m.attributePrefix + s.name();
            d.type = s.type().name().toLowerCase();
            d.required = s.required();
            d.defaultValue = s.defaultValue();
            d.description = s.description();
            m.attributes.add(d);
        }
        return m;
    }
}
