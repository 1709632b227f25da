package org.rocmon.occi.internal.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.dto.MixinRequestDTO;
import org.rocmon.api.runtime.MixinCatalog;
import org.rocmon.api.runtime.MixinInstance;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;

public class RocmonCommandsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String S01 = "{\"id\":\"s01\",\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\","
            + "\"status\":{\"state\":\"degraded\",\"reason\":\"mixin EWMA is unavailable\",\"counters\":{\"in\":120,"
            + "\"out\":118,\"dropped\":2,\"errors\":1}},\"stages\":[{\"mixin\":"
            + "\"http://example.com/occi/monitoring/aggregator#EWMA\",\"version\":\"1.0.0\"}],"
            + "\"channels\":{\"a\":{\"value\":12.5,\"ts\":0,\"source\":\"c01\",\"unit\":\"%\"}}}";
    private static final String G01 = "{\"id\":\"g01\",\"collectors\":[{\"id\":\"c01\",\"target\":\"s01\","
            + "\"status\":{\"state\":\"running\",\"reason\":null,\"counters\":{\"errors\":0}},"
            + "\"edge\":{\"state\":\"connected\",\"counters\":{\"sent\":12,\"acked\":11,\"dropped\":0}}}]}";

    /** Serves canned answers by path and records what was sent. */
    private final Map<String, NodeClient.Reply> answers = new HashMap<>();
    private final List<String> sent = new ArrayList<>();

    private RocmonCommands commands() {
        answers.put("GET /sensor/", new NodeClient.Reply(200, "[{\"id\":\"s01\",\"state\":\"degraded\"}]"));
        answers.put("GET /sensor/s01/", new NodeClient.Reply(200, S01));
        answers.put("GET /resource/", new NodeClient.Reply(200, "[{\"id\":\"g01\",\"collectors\":[\"c01\"]}]"));
        answers.put("GET /resource/g01/", new NodeClient.Reply(200, G01));
        NodeClient client = (method, uri, json) -> {
            String key = method + " " + uri.getPath();
            sent.add(key + (json == null ? "" : " " + json));
            NodeClient.Reply r = answers.get(key);
            return r != null ? r : new NodeClient.Reply(404, "{\"error\":\"unknown\"}");
        };
        return new RocmonCommands(new FakeCatalog(), client, "http://127.0.0.1:1");
    }

    @Test
    public void sensorsShowStateStagesCountersAndReason() {
        String out = commands().sensors();
        String[] lines = out.split("\n");
        assertEquals("ID   STATE     STAGES      IN   OUT  DROPPED  ERRORS", lines[0]);
        assertEquals("s01  degraded  EWMA@1.0.0  120  118  2        1", lines[1]);
        assertEquals("s01: mixin EWMA is unavailable", lines[2]);
    }

    @Test
    public void collectorsShowEdgeCounters() {
        String[] lines = commands().collectors().split("\n");
        assertEquals("RESOURCE  ID   STATE    TARGET  EDGE       SENT  ACKED  DROPPED", lines[0]);
        assertEquals("g01       c01  running  s01     connected  12    11     0", lines[1]);
    }

    @Test
    public void mixinsListInstalled() {
        String[] lines = commands().mixins().split("\n");
        assertTrue(lines[1], lines[1].matches(
                "http://example.com/occi/monitoring/aggregator#EWMA +aggregator +2\\.0\\.0 +ewma +installed"));
        assertTrue(lines[2], lines[2].contains("1.0.0"));
    }

    @Test
    public void valuesAndDescribe() {
        RocmonCommands c = commands();
        String values = c.values("s01");
        assertTrue(values, values.contains("a        12.5   %     1970-01-01T00:00:00Z  c01"));
        assertEquals("error: no sensor nope\n", c.values("nope"));
        assertTrue(c.describe("s01").contains("\"reason\" : \"mixin EWMA is unavailable\""));
        assertTrue(c.describe("c01").startsWith("error: "));
        answers.put("GET /resource/g01/collector/c01", new NodeClient.Reply(200, "{\"id\":\"c01\"}"));
        assertEquals("{\n  \"id\" : \"c01\"\n}\n", c.describe("c01"));
        assertEquals("{\n  \"id\" : \"c01\"\n}\n", c.describe("g01/c01"));
        assertEquals("error: no sensor or collector zz\n", c.describe("zz"));
    }

    @Test
    public void deployPostsSensorsAndCollectorsToTheirPaths() throws Exception {
        RocmonCommands c = commands();
        answers.put("POST /sensor/s02/", new NodeClient.Reply(201, "{\"id\":\"s02\"}"));
        answers.put("POST /resource/g01/collector/c02", new NodeClient.Reply(400,
                "{\"error\":\"bad\",\"attribute\":\"occi.collector.period\"}"));
        Path s = tmp.newFile("s.json").toPath();
        Files.writeString(s, "{\"id\":\"s02\",\"kind\":\"http://schemas.ogf.org/occi/monitoring#sensor\"}");
        assertTrue(c.deploy(s.toString()).startsWith("POST /sensor/s02/ -> 201\n{"));
        Path k = tmp.newFile("c.json").toPath();
        Files.writeString(k, "{\"id\":\"c02\",\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\","
                + "\"source\":\"g01\",\"target\":\"s02\"}");
        String out = c.deploy(k.toString());
        assertTrue(out, out.startsWith("POST /resource/g01/collector/c02 -> 400\n"));
        assertTrue(out.contains("occi.collector.period"));

        Files.writeString(k, "{\"id\":\"c02\",\"kind\":\"x\"}");
        assertTrue(c.deploy(k.toString()).startsWith("error: kind x is neither"));
        Files.writeString(k, "{\"kind\":\"http://schemas.ogf.org/occi/monitoring#collector\",\"id\":\"c3\"}");
        assertTrue(c.deploy(k.toString()).startsWith("error: a collector needs a \"source\""));
        Files.writeString(k, "[1");
        assertTrue(c.deploy(k.toString()).startsWith("error: "));
        assertTrue(c.deploy(tmp.getRoot() + "/missing.json").startsWith("error: cannot read"));
        String relative = c.deploy("missing/s01.json");
        assertTrue(relative, relative.startsWith("error: cannot read " + java.nio.file.Path.of("missing/s01.json")
                .toAbsolutePath() + ": no such file (relative paths start in "));
    }

    @Test
    public void deployPathTakesSourceFromUrlOrLink() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertEquals("/resource/g01/collector/c01", RocmonCommands.deployPath(
                m.readTree("{\"id\":\"c01\",\"target\":\"s01\",\"source\":\"http://h:1/resource/g01/\"}")));
        assertEquals("/resource/g01/collector/c01", RocmonCommands.deployPath(m.readTree(
                "{\"id\":\"c01\",\"target\":\"s01\",\"source\":{\"location\":\"/resource/g01/\"}}")));
        assertEquals("/sensor/s1/", RocmonCommands.deployPath(m.readTree("{\"id\":\"s1\"}")));
    }

    @Test
    public void nodeDownIsAnErrorLine() {
        RocmonCommands c = new RocmonCommands(new FakeCatalog(), (m, u, j) -> {
            throw new java.io.IOException("Connection refused");
        }, "http://127.0.0.1:1");
        assertTrue(c.sensors(), c.sensors().startsWith("error: node http://127.0.0.1:1 cannot be reached"));
        assertTrue(c.collectors().startsWith("error: "));
    }

    @Test
    public void installWithoutRepositoryIsAnError() {
        RocmonCommands c = commands();
        assertEquals("http://example.com/occi/monitoring/aggregator#EWMA 2.0.0 is already installed (ewma)\n",
                c.install("http://example.com/occi/monitoring/aggregator#EWMA"));
        assertTrue(c.install("x#Y").startsWith("error: no mixin repository"));
        assertTrue(c.install("x#Y", "[1,").startsWith("error: bad version range"));
        assertTrue(c.upgrade("x#Y").startsWith("error: no mixin repository"));
    }

    static final class FakeCatalog implements MixinCatalog {
        @Override
        public List<MixinDTO> list() {
            return List.of(mixin("2.0.0"), mixin("1.0.0"));
        }

        private static MixinDTO mixin(String version) {
            MixinDTO d = new MixinDTO();
            d.id = "http://example.com/occi/monitoring/aggregator#EWMA";
            d.kind = "aggregator";
            d.version = version;
            d.bundle = "ewma";
            return d;
        }

        @Override
        public <T> MixinInstance<T> open(Class<T> type, MixinRequestDTO request) {
            throw new UnsupportedOperationException();
        }
    }
}
