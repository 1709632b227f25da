package org.rocmon.collector.internal.resource;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

/** The DS component as SCR would build it, driven through its servlet entry point. */
public class ResourceServletTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getProperty":
                            return properties.get((String) a[0]);
                        case "getDataFile":
                            return null;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    private static CollectorRuntime.Config config() {
        return new CollectorRuntime.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return CollectorRuntime.Config.class;
            }

            @Override
            public int bufferFrames() {
                return 10;
            }

            @Override
            public long metricTimeoutMillis() {
                return 10_000;
            }

            @Override
            public long retryMillis() {
                return 200;
            }

            @Override
            public int maxMetricThreads() {
                return 8;
            }

            @Override
            public int maxQueuedCalls() {
                return 1000;
            }
        };
    }

    /** Status, headers and body of one call. */
    private static final class Result {
        int status;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        JsonNode json() throws Exception {
            return Requests.MAPPER.readTree(body.toByteArray());
        }
    }

    private static Result call(ResourceServlet servlet, String method, String pathInfo, String contentType,
            String body) throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        };
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "getPathInfo":
                            return pathInfo;
                        case "getContentType":
                            return contentType;
                        case "getContentLengthLong":
                            return body == null ? -1L : (long) bytes.length;
                        case "getInputStream":
                            return sin;
                        case "getParameter":
                            return null;
                        case "getRequestURI":
                            return "/resource" + pathInfo;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
        Result result = new Result();
        ServletOutputStream sout = new ServletOutputStream() {
            @Override
            public void write(int b) {
                result.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus":
                            result.status = (Integer) a[0];
                            return null;
                        case "setHeader":
                            result.headers.put((String) a[0], (String) a[1]);
                            return null;
                        case "setContentType":
                            result.headers.put("Content-Type", (String) a[0]);
                            return null;
                        case "setCharacterEncoding":
                            return null;
                        case "getOutputStream":
                            return sout;
                        case "isCommitted":
                            return false;
                        case "reset":
                            result.headers.clear();
                            result.body.reset();
                            return null;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
        servlet.service(req, resp);
        return result;
    }

    @Test
    public void servesTheApiReadsFrameworkPropertiesAndRestoresOnReactivation() throws Exception {
        Path data = tmp.newFolder("rocmon-data").toPath();
        Map<String, String> props = Map.of("rocmon.data", data.toString(), "org.osgi.service.http.port", "8123");
        Fakes.Catalog catalog = new Fakes.Catalog().metric("CPUPercent", Fakes.Counting::new)
                .metric("IsReachable", Fakes.Counting::new);
        Fakes.Edges edges = new Fakes.Edges();

        CollectorRuntime runtime = new CollectorRuntime(context(props), config(), catalog, edges);
        ResourceServlet servlet = new ResourceServlet(runtime);
        Fakes.Admission admission = new Fakes.Admission();
        runtime.bindAdmission(admission);
        Result created = call(servlet, "POST", "/g01/collector/c01", "application/json; charset=utf-8",
                ResourceApiTest.listing2("0.1"));
        assertEquals(created.body.toString(), 201, created.status);
        assertEquals("/resource/g01/collector/c01", created.headers.get("Location"));
        assertEquals("application/json", created.headers.get("Content-Type"));
        assertEquals("running", created.json().path("status").path("state").asText());
        assertEquals("TLS by default", "wss://127.0.0.1:8123/sensor/s01/", edges.last().uri.toString());
        assertEquals("admit s01 c01", admission.log.get(0));
        assertTrue(Files.exists(data.resolve("resources/g01/c01.json")));

        Result bad = call(servlet, "POST", "/g01/collector/c01", "application/json", "{oops");
        assertEquals(400, bad.status);
        assertEquals("application/problem+json", bad.headers.get("Content-Type"));
        assertTrue(bad.json().toString(), bad.json().path("detail").asText().startsWith("malformed JSON"));
        assertEquals("Bad Request", bad.json().path("title").asText());

        Result put = call(servlet, "PUT", "/g01/collector/c01", "application/json", "{}");
        assertEquals(405, put.status);
        assertEquals("GET, POST, DELETE", put.headers.get("Allow"));
        assertEquals(405, put.json().path("status").asInt());

        Result text = call(servlet, "POST", "/g01/collector/c02", "text/plain", ResourceApiTest.listing2("1"));
        assertEquals(415, text.status);
        assertTrue(text.json().toString(), text.json().path("detail").asText().contains("application/json"));

        runtime.unbindAdmission(admission);
        runtime.deactivate();
        assertTrue(edges.last().closed);

        CollectorRuntime runtime2 = new CollectorRuntime(context(props), config(), catalog, edges);
        ResourceServlet again = new ResourceServlet(runtime2);
        try {
            Result restored = call(again, "GET", "/g01/collector/c01", null, null);
            assertEquals(200, restored.status);
            assertEquals("running", restored.json().path("status").path("state").asText());
            assertEquals(2, edges.opened.size());
            Result list = call(again, "GET", null, null, null);
            assertEquals("g01", list.json().path("resources").get(0).path("id").asText());
        } finally {
            runtime2.deactivate();
        }
    }
}
