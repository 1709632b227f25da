package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import org.rocmon.api.State;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingOutput;

/** The NRPE mixin against Debian's real nrpe 4, started per test on loopback, with and without TLS. */
public class NrpeRealTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Before
    public void installed() {
        NrpeServer.assumeInstalled();
    }

    static RecordingOutput ask(int port, String check, Object... more) throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("hostname", "127.0.0.1");
        a.put("port", port);
        a.put("check", check);
        a.put("state", "st");
        a.put("text", "t");
        a.put("longtext", "lt");
        a.put("perfprefix", "p");
        for (int i = 0; i < more.length; i += 2) {
            a.put((String) more[i], more[i + 1]);
        }
        Nrpe metric = new Nrpe(new NrpeClient(), Clock.systemUTC());
        metric.open(MixinContexts.of(Nrpe.SCHEME, Nrpe.TERM, a, NrpeFixtureTest.SPECS));
        try {
            RecordingOutput out = new RecordingOutput();
            metric.measure(out);
            return out;
        } finally {
            metric.close();
        }
    }

    @Test
    public void plainChecksOverVersion4() throws Exception {
        try (NrpeServer nrpe = NrpeServer.start(temp.newFolder().toPath(), false, false, null)) {
            RecordingOutput out = ask(nrpe.port, "check_dummy_ok", "ssl", false);
            assertEquals(out.written.toString(), State.OK, out.get("st").state());
            assertEquals("OK: nrpe ok", out.get("t").value());

            out = ask(nrpe.port, "check_multi", "ssl", "false");
            assertEquals(State.WARNING, out.get("st").state());
            assertEquals("MULTI WARNING - two", out.get("t").value());
            assertEquals("line two\nline three ", out.get("lt").value());
            assertEquals(State.OK, out.get("p.a").state());
            assertEquals(2, out.get("p.b").asDouble(), 0);
            assertEquals("s", out.get("p.b").unit());
            assertEquals(State.WARNING, out.get("p.b").state());

            // More than a v2 packet holds: only version 4 carries it whole.
            out = ask(nrpe.port, "check_big", "ssl", false);
            assertEquals(State.CRITICAL, out.get("st").state());
            assertEquals(5000, out.get("t").asString().length());

            out = ask(nrpe.port, "check_not_defined", "ssl", false);
            assertEquals(State.UNKNOWN, out.get("st").state());
            assertTrue(out.get("t").asString(), out.get("t").asString().contains("check_not_defined"));
        }
    }

    @Test
    public void version2PacketsAgainstTheRealServer() throws Exception {
        try (NrpeServer nrpe = NrpeServer.start(temp.newFolder().toPath(), false, false, null)) {
            NrpeClient client = new NrpeClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            NrpePacket.Response r = client.query("127.0.0.1", nrpe.port, false, deadline, 2, "check_dummy_ok");
            assertEquals(2, r.version);
            assertEquals(0, r.resultCode);
            assertEquals("OK: nrpe ok", r.text.trim());
            r = client.query("127.0.0.1", nrpe.port, false, deadline, 2, "check_big");
            assertEquals(2, r.resultCode);
            assertTrue(r.text.length() + " chars", r.text.length() <= 1023 && r.text.length() > 1000);
            // the packet encoder is also checked byte by byte
            byte[] q = NrpePacket.query(2, "x", new SecureRandom());
            assertEquals(1036, q.length);
        }
    }

    /**
     * Debian builds nrpe without command-argument support, so even dont_blame_nrpe=1 refuses them (it logs
     * "Request contained command arguments!" and hangs up); the text must say where to look. The '!'-separated
     * query itself is checked against the fake agent (testcases/NRPE/v2-only-agent-with-args).
     */
    @Test
    public void argumentsRefusedByTheAgentAreReportedUnknown() throws Exception {
        try (NrpeServer nrpe = NrpeServer.start(temp.newFolder().toPath(), false, true, null)) {
            RecordingOutput out = ask(nrpe.port, "check_args", "ssl", false, "args", "1 'warn now'");
            assertEquals(State.UNKNOWN, out.get("st").state());
            assertTrue(out.get("t").asString(), out.get("t").asString().contains("dont_blame_nrpe=1"));
            // the agent still answers queries without arguments
            out = ask(nrpe.port, "check_dummy_ok", "ssl", false);
            assertEquals(State.OK, out.get("st").state());
        }
    }

    @Test
    public void tlsWithACertificate() throws Exception {
        Path folder = temp.newFolder().toPath();
        try (NrpeServer nrpe = NrpeServer.start(folder, true, false, NrpeServer.certificate(folder))) {
            RecordingOutput out = ask(nrpe.port, "check_dummy_ok");
            assertEquals(out.written.toString(), State.OK, out.get("st").state());
            assertEquals("OK: nrpe ok", out.get("t").value());
        }
    }

    @Test
    public void tlsWithAnonymousDiffieHellmanWorksOrSaysWhy() throws Exception {
        try (NrpeServer nrpe = NrpeServer.start(temp.newFolder().toPath(), true, false, null)) {
            RecordingOutput out = ask(nrpe.port, "check_dummy_ok");
            String disabled = java.security.Security.getProperty("jdk.tls.disabledAlgorithms");
            if (disabled != null && disabled.matches("(?s).*\\banon\\b.*")) {
                // Java's default policy: refused, with the way out in the text.
                assertEquals(State.UNKNOWN, out.get("st").state());
                assertTrue(out.get("t").asString(), out.get("t").asString().contains("anonymous DH"));
            } else {
                assertEquals(out.written.toString(), State.OK, out.get("st").state());
                assertEquals("OK: nrpe ok", out.get("t").value());
            }
        }
    }

    @Test
    public void plainClientAgainstATlsAgentAndAClosedPort() throws Exception {
        int port;
        try (NrpeServer nrpe = NrpeServer.start(temp.newFolder().toPath(), true, false, null)) {
            RecordingOutput out = ask(nrpe.port, "check_dummy_ok", "ssl", false, "timeout", 5);
            assertEquals(State.UNKNOWN, out.get("st").state());
            assertTrue(out.get("t").asString(), out.get("t").asString().startsWith("CHECK_NRPE: "));
            port = nrpe.port;
        }
        RecordingOutput out = ask(port, "check_dummy_ok", "ssl", false, "timeout", 2);
        assertEquals(State.UNKNOWN, out.get("st").state());
        assertTrue(out.get("t").asString(), out.get("t").asString().contains("cannot connect"));
        assertFalse(out.written.containsKey("lt"));
    }
}
