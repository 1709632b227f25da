package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingOutput;

/**
 * Real Debian Monitoring Plugins from /usr/lib/nagios/plugins run through the mixin. Skipped only when they are not
 * installed and CI is not set; CI installs monitoring-plugins-basic and -standard and runs as root (check_ping).
 */
public class NagiosPluginRealTest {

    @Before
    public void plugins() {
        NagiosFixtures.assumeRealPlugins();
    }

    private static RecordingOutput run(String command, String args, String... more) throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("command", command);
        a.put("args", args);
        a.put("state", "st");
        a.put("text", "t");
        a.put("perfprefix", "p");
        for (int i = 0; i < more.length; i += 2) {
            a.put(more[i], more[i + 1]);
        }
        NagiosPlugin metric = new NagiosPlugin(TestRunners.shared(),
                new PluginDirectory(NagiosFixtures.REAL_PLUGINS), 65536,
                Clock.systemUTC());
        metric.open(MixinContexts.of(NagiosPlugin.SCHEME, NagiosPlugin.TERM, a, NagiosFixtures.PLUGIN_SPECS));
        try {
            RecordingOutput out = new RecordingOutput();
            metric.measure(out);
            return out;
        } finally {
            metric.close();
        }
    }

    @Test
    public void checkDummyEveryState() throws Exception {
        String[] texts = {"OK: all good", "WARNING: a bit high", "CRITICAL: on fire", "UNKNOWN: no idea"};
        for (int code = 0; code <= 3; code++) {
            String word = texts[code].substring(texts[code].indexOf(' ') + 1);
            RecordingOutput out = run("check_dummy", code + " '" + word + "'");
            State expected = State.values()[code];
            assertEquals(expected.name(), out.get("st").value());
            assertEquals(expected, out.get("st").state());
            assertEquals(texts[code], out.get("t").value());
            assertEquals(expected, out.get("t").state());
            assertEquals(out.written.keySet().toString(), 2, out.written.size());
        }
    }

    @Test
    public void checkLoad() throws Exception {
        RecordingOutput out = run("check_load", "-w 1000,1000,1000 -c 2000,2000,2000", "perfdata", "load1=l1");
        assertEquals(out.get("t").asString(), State.OK, out.get("st").state());
        assertTrue(out.get("t").asString(), out.get("t").asString().startsWith("LOAD OK"));
        Measurement l1 = out.get("l1");
        assertTrue(l1.toString(), l1.asDouble() >= 0);
        assertEquals(State.OK, l1.state());
        assertEquals(State.OK, out.get("p.load5").state());
        assertEquals(State.OK, out.get("p.load15").state());
    }

    @Test
    public void checkDiskRoot() throws Exception {
        RecordingOutput out = run("check_disk", "-w 1% -c 1% -p /");
        assertTrue(out.get("t").asString(), out.get("t").asString().startsWith("DISK "));
        Measurement root = out.get("p._");
        assertTrue(root.toString(), root.asDouble() > 0);
        assertTrue(root.toString(), root.unit() != null && root.unit().endsWith("B"));
    }

    @Test
    public void checkPingLoopback() throws Exception {
        RecordingOutput out = run("check_ping", "-H 127.0.0.1 -w 100,20% -c 200,50% -p 2", "timeout", "20");
        assertEquals(out.get("t").asString(), State.OK, out.get("st").state());
        assertEquals("ms", out.get("p.rta").unit());
        assertTrue(out.get("p.rta").asDouble() < 100);
        assertEquals(0, out.get("p.pl").asDouble(), 0);
        assertEquals("%", out.get("p.pl").unit());
        assertEquals(State.OK, out.get("p.pl").state());
    }

    @Test
    public void checkTcpAgainstAListeningAndAClosedPort() throws Exception {
        int closed;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RecordingOutput out = run("check_tcp", "-H 127.0.0.1 -p " + server.getLocalPort());
            assertEquals(out.get("t").asString(), State.OK, out.get("st").state());
            assertTrue(out.get("t").asString(), out.get("t").asString().startsWith("TCP OK"));
            assertEquals("s", out.get("p.time").unit());
            closed = server.getLocalPort();
        }
        RecordingOutput out = run("check_tcp", "-H 127.0.0.1 -p " + closed);
        assertEquals(State.CRITICAL, out.get("st").state());
        assertTrue(out.get("t").asString(), out.get("t").asString().contains("Connection refused"));
    }

    @Test
    public void checkHttpAgainstALocalServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "alive".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            RecordingOutput out = run("check_http", "-H 127.0.0.1 -p " + port + " -u /health -s alive",
                    "perfdata", "time=rt,size=bytes");
            assertEquals(out.get("t").asString(), State.OK, out.get("st").state());
            assertTrue(out.get("t").asString(), out.get("t").asString().startsWith("HTTP OK"));
            assertEquals("s", out.get("rt").unit());
            // check_http counts headers and body: more than the 5-byte body
            assertTrue(out.get("bytes").toString(), out.get("bytes").asDouble() > 5);
            assertEquals("B", out.get("bytes").unit());
            assertNull(out.written.get("p.time"));

            out = run("check_http", "-H 127.0.0.1 -p " + port + " -u /missing");
            assertEquals(out.get("t").asString(), State.WARNING, out.get("st").state());
        } finally {
            server.stop(0);
        }
    }
}
