package org.rocmon.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class ProblemTest {

    @Test
    public void bodyHasTheRfc9457MembersInOrder() {
        Problem p = Problem.badRequest("\"gain\" must be a number", "gain").with("available", List.of("EWMA"));
        Map<String, Object> body = p.body();
        assertEquals(List.of("type", "title", "status", "detail", "attribute", "available"),
                List.copyOf(body.keySet()));
        assertEquals("about:blank", body.get("type"));
        assertEquals("Bad Request", body.get("title"));
        assertEquals(400, body.get("status"));
        assertEquals("\"gain\" must be a number", body.get("detail"));
    }

    @Test
    public void extensionsCannotOverwriteTheStandardMembers() {
        Problem p = Problem.of(409, "in use").with("status", 200).with("detail", "x");
        assertEquals(409, p.body().get("status"));
        assertEquals("in use", p.body().get("detail"));
    }

    @Test
    public void methodNotAllowedCarriesAllow() {
        Problem p = Problem.methodNotAllowed("PATCH", List.of("GET", "POST"));
        assertEquals(405, p.status());
        assertEquals("GET, POST", p.headers().get("Allow"));
    }

    @Test
    public void onlyErrorStatuses() {
        assertThrows(IllegalArgumentException.class, () -> Problem.of(200, "fine"));
    }

    @Test
    public void noStackTrace() {
        assertEquals(0, Problem.of(400, "x").getStackTrace().length);
    }

    @Test
    public void malformedJsonNamesWhere() {
        Problem p = assertThrows(Problem.class, () -> HttpIo.parseObject("{\"a\":".getBytes(), "a sensor"));
        assertEquals(400, p.status());
        org.junit.Assert.assertTrue(p.detail(), p.detail().startsWith("malformed JSON"));
        Problem array = assertThrows(Problem.class, () -> HttpIo.parseObject("[1]".getBytes(), "a sensor"));
        assertEquals("a sensor is a JSON object, not array", array.detail());
        Problem empty = assertThrows(Problem.class, () -> HttpIo.parseObject(new byte[0], "a sensor"));
        assertEquals(400, empty.status());
    }

    /**
     * Regression (found by SensorBodyFuzzer after 1,022,277 inputs): bodies beyond Jackson's read limits carry no
     * location; they are a 400, not an NPE (which the servlets answered with a 5xx).
     */
    @Test
    public void jsonBeyondTheParserLimitsIsA400() throws Exception {
        byte[] found;
        try (java.io.InputStream in = getClass().getResourceAsStream("/fuzz-findings/sensor-body-nesting-1005")) {
            found = in.readAllBytes();
        }
        Problem crash = assertThrows(Problem.class, () -> HttpIo.parseObject(found, "a sensor description"));
        assertEquals(400, crash.status());
        org.junit.Assert.assertTrue(crash.detail(), crash.detail().contains("nesting depth (1001)"));
        String deep = "{\"a\":" + "[".repeat(1001);
        Problem nested = assertThrows(Problem.class, () -> HttpIo.parseObject(deep.getBytes(), "a sensor"));
        assertEquals(400, nested.status());
        org.junit.Assert.assertTrue(nested.detail(), nested.detail().contains("nesting depth"));
        String digits = "{\"a\":" + "1".repeat(1001) + "}";
        Problem number = assertThrows(Problem.class, () -> HttpIo.parseObject(digits.getBytes(), "a sensor"));
        assertEquals(400, number.status());
        org.junit.Assert.assertTrue(number.detail(), number.detail().startsWith("malformed JSON"));
    }
}
