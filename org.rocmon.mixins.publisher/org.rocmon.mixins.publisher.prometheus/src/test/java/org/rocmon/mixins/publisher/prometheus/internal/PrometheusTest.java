package org.rocmon.mixins.publisher.prometheus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.testkit.MixinContexts;

public class PrometheusTest {

    private final MetricsEndpoint endpoint = new MetricsEndpoint();

    private Prometheus open(String sensor, Object... more) throws InvalidAttributeException {
        String p = MixinContexts.prefix(Prometheus.SCHEME, Prometheus.TERM);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(p + "input", "c");
        for (int i = 0; i < more.length; i += 2) {
            attributes.put(p + more[i], more[i + 1]);
        }
        Prometheus prometheus = new Prometheus(endpoint);
        prometheus.open(AttributeContext.create(p, MixinContexts.specs(PrometheusFixtureTest.SPECS), sensor, attributes,
                1000, Map.of()));
        return prometheus;
    }

    @Test
    public void aSeriesWithoutValuesForFivePeriodsIsRemovedAtTick() throws Exception {
        Prometheus prometheus = open("s01");
        try {
            prometheus.publish("c", Measurement.of(1, 0).withSource("old"));
            prometheus.publish("c", Measurement.of(2, 0).withSource("live"));
            for (int period = 1; period <= 5; period++) {
                prometheus.tick(period);
                prometheus.publish("c", Measurement.of(2, period).withSource("live"));
            }
            assertTrue(endpoint.render("/metrics/s01", Exposition.Format.TEXT).contains("source=\"old\""));
            prometheus.tick(6); // sixth tick: five whole periods without a value from "old"
            String text = endpoint.render("/metrics/s01", Exposition.Format.TEXT);
            assertTrue(text, !text.contains("source=\"old\"") && text.contains("source=\"live\""));
        } finally {
            prometheus.close();
        }
    }

    @Test
    public void sensorsSharingAPathShareOneFamilyAndCloseRemovesOnlyItsOwn() throws Exception {
        Prometheus a = open("a", "path", "/metrics/all");
        Prometheus b = open("b", "path", "/metrics/all");
        a.publish("c", Measurement.of(1, 0));
        b.publish("c", Measurement.of(2, 0));
        assertEquals("# HELP rocmon_c Rocmon channel c\n# TYPE rocmon_c gauge\n"
                + "rocmon_c{sensor=\"a\"} 1\nrocmon_c{sensor=\"b\"} 2\n",
                endpoint.render("/metrics/all", Exposition.Format.TEXT));
        a.close();
        assertEquals("# HELP rocmon_c Rocmon channel c\n# TYPE rocmon_c gauge\nrocmon_c{sensor=\"b\"} 2\n",
                endpoint.render("/metrics/all", Exposition.Format.TEXT));
        b.close();
        assertNull(endpoint.render("/metrics/all", Exposition.Format.TEXT));
    }

    @Test
    public void stringsAreSkippedAndReportedOncePerTick() throws Exception {
        Prometheus prometheus = open("s01");
        try {
            prometheus.publish("c", Measurement.of("text", 0));
            prometheus.publish("c", Measurement.of("more", 0));
            try {
                prometheus.tick(1);
                fail();
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("2 string measurement(s) skipped"));
            }
            prometheus.tick(2); // nothing new
            assertNull(endpoint.render("/metrics/s01", Exposition.Format.TEXT));
        } finally {
            prometheus.close();
        }
    }

    @Test
    public void acceptHeaderNegotiation() {
        assertEquals(Exposition.Format.TEXT, Exposition.Format.negotiate(null));
        assertEquals(Exposition.Format.TEXT, Exposition.Format.negotiate("*/*"));
        assertEquals(Exposition.Format.TEXT, Exposition.Format.negotiate("text/plain;version=0.0.4"));
        assertEquals(Exposition.Format.OPENMETRICS, Exposition.Format.negotiate("application/openmetrics-text;"
                + "version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,"
                + "*/*;q=0.1"));
        assertEquals(Exposition.Format.OPENMETRICS, Exposition.Format.negotiate("application/openmetrics-text"));
        assertEquals(Exposition.Format.TEXT,
                Exposition.Format.negotiate("application/openmetrics-text; version=0.0.1, text/plain;q=0.5"));
        assertEquals(Exposition.Format.TEXT,
                Exposition.Format.negotiate("application/openmetrics-text;q=0.2, text/plain;q=0.9"));
    }

    @Test
    public void metricNamesAreSanitised() {
        assertEquals("rocmon_cpu_user", MetricNames.of("rocmon", "cpu.user"));
        assertEquals("_9_x", MetricNames.of("9", "x"));
        assertEquals("a:b_c_d", MetricNames.of("a:b", "c-d"));
        assertEquals("+Inf", Exposition.value(Double.POSITIVE_INFINITY));
        assertEquals("NaN", Exposition.value(Double.NaN));
    }

    // --- the servlet, with a request and a response made of proxies (no Jetty in unit tests)

    private static final class Answer {
        int status;
        String contentType;
        final StringWriter body = new StringWriter();
    }

    private Answer get(String pathInfo, String accept) throws Exception {
        Answer answer = new Answer();
        PrintWriter writer = new PrintWriter(answer.body);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getPathInfo":
                            return pathInfo;
                        case "getHeader":
                            return "Accept".equals(args[0]) ? accept : null;
                        case "getMethod":
                            return "GET";
                        default:
                            return null;
                    }
                });
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus":
                            answer.status = (Integer) args[0];
                            return null;
                        case "setContentType":
                            answer.contentType = (String) args[0];
                            return null;
                        case "getWriter":
                            return writer;
                        case "getOutputStream":
                            return new jakarta.servlet.ServletOutputStream() {
                                @Override
                                public void write(int b) {
                                    writer.write(b); // the bodies here are ASCII
                                }

                                @Override
                                public boolean isReady() {
                                    return true;
                                }

                                @Override
                                public void setWriteListener(jakarta.servlet.WriteListener listener) {
                                }
                            };
                        case "isCommitted":
                            return false;
                        default:
                            return null;
                    }
                });
        endpoint.doGet(request, response);
        writer.flush();
        return answer;
    }

    @Test
    public void servletNegotiatesListsPathsAndAnswers404AsProblem() throws Exception {
        Prometheus prometheus = open("s01");
        try {
            prometheus.publish("c", Measurement.of(3, 0));
            Answer text = get("/s01", "text/plain");
            assertEquals(200, text.status);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", text.contentType);
            assertEquals("# HELP rocmon_c Rocmon channel c\n# TYPE rocmon_c gauge\nrocmon_c{sensor=\"s01\"} 3\n",
                    text.body.toString());

            Answer om = get("/s01/", "application/openmetrics-text; version=1.0.0");
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", om.contentType);
            assertTrue(om.body.toString(), om.body.toString().endsWith("rocmon_c{sensor=\"s01\"} 3\n# EOF\n"));

            Answer index = get("/", null);
            assertEquals("{\"paths\":[\"/metrics/s01\"]}", index.body.toString());

            Answer missing = get("/nope\"", null);
            assertEquals(404, missing.status);
            assertEquals("application/problem+json", missing.contentType);
            assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                    + "\"detail\":\"no Prometheus mixin publishes at /metrics/nope\\\"\"}", missing.body.toString());
        } finally {
            prometheus.close();
        }
    }
}
