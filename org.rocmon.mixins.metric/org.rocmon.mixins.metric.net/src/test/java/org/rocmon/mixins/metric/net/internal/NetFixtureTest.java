package org.rocmon.mixins.metric.net.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import org.rocmon.api.mixin.Metric;
import org.rocmon.testkit.FixtureCases;
import org.rocmon.testkit.Fixtures;
import org.rocmon.testkit.MeasurementRows;
import org.rocmon.testkit.MixinContexts;

/**
 * Runs every folder under testcases/{HTTPCheck,TCPConnect}: {@code description.json} with {@code ${port}} (a
 * listening loopback port: an HTTP server answering the status of {@code respond.txt}, or a plain ServerSocket) and
 * {@code ${closed}} (a loopback port nothing listens on), then either {@code expected.csv} (the values of one
 * measure: {@code channel,value,unit,state}, {@code *} for any number) or {@code error.txt}.
 */
public class NetFixtureTest {

    private HttpServer http;
    private ServerSocket tcp;
    private volatile int status = 200;
    private int closed;

    @Before
    public void listen() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            boolean empty = status == 204 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, empty ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (!empty) {
                    out.write(body);
                }
            }
        });
        http.start();
        tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
    }

    @After
    public void stop() throws IOException {
        http.stop(0);
        tcp.close();
    }

    @Test
    public void httpCheckCases() throws Exception {
        run(HttpCheck.TERM, HttpCheck::new, http.getAddress().getPort(), HttpCheck.URL, HttpCheck.METHOD,
                HttpCheck.EXPECT, HttpCheck.TIMEOUT, HttpCheck.VERIFY, HttpCheck.OUT, HttpCheck.OUTSTATUS,
                HttpCheck.OUTLATENCY, HttpCheck.OUTDAYS);
    }

    @Test
    public void tcpConnectCases() throws Exception {
        run(TcpConnect.TERM, TcpConnect::new, tcp.getLocalPort(), TcpConnect.HOSTNAME, TcpConnect.PORT,
                TcpConnect.TIMEOUT, TcpConnect.OUT, TcpConnect.OUTLATENCY);
    }

    private void run(String term, Supplier<Metric> factory, int port, String... specs) throws Exception {
        Map<String, String> vars = Map.of("port", Integer.toString(port), "closed", Integer.toString(closed));
        FixtureCases.Counts n = FixtureCases.run(term, c -> {
            Path respond = c.resolve("respond.txt");
            status = Files.exists(respond) ? Integer.parseInt(Fixtures.lines(respond).get(0)) : 200;
            Metric metric = factory.get();
            metric.open(MixinContexts.fromFile(c.resolve("description.json"), vars, HttpCheck.SCHEME, term, specs));
            List<String[]> written = new ArrayList<>();
            metric.measure((channel, m) -> written.add(MeasurementRows.columns(MeasurementRows.row(channel, m), 6)));
            metric.close();
            List<String> expected = Fixtures.lines(c.resolve("expected.csv"));
            assertEquals(c + ": values written", expected.size(), written.size());
            for (int i = 0; i < expected.size(); i++) {
                String[] e = MeasurementRows.columns(expected.get(i), 4);
                String[] a = written.get(i);
                String where = c.getFileName() + " row " + i + " " + String.join(",", a);
                assertEquals(where, e[0], a[0]);
                if (e[1].equals("*")) {
                    assertTrue(where, Double.parseDouble(a[2]) >= 0);
                } else {
                    assertEquals(where, MeasurementRows.value(e[1]), MeasurementRows.value(a[2]));
                }
                assertEquals(where + " unit", e[2], a[4]);
                assertEquals(where + " state", e[3], a[5]);
            }
        }, c -> {
            Metric metric = factory.get();
            FixtureCases.assertRefusal(c, () -> metric.open(MixinContexts.fromFile(c.resolve("description.json"),
                    vars, HttpCheck.SCHEME, term, specs)), metric::close);
        });
        assertTrue(term + ": " + n, n.data >= 2 && n.errors >= 4);
    }
}
