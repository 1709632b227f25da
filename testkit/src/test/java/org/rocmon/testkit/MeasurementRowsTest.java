package org.rocmon.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.State;

public class MeasurementRowsTest {

    @Test
    public void csvRowRoundTrips() {
        String[] c = MeasurementRows.columns("a, 111, 12.5, c01, %, WARNING", 6);
        Measurement m = MeasurementRows.measurement(c);
        assertEquals(12.5, m.asDouble(), 0);
        assertEquals(111, m.timestamp());
        assertEquals("c01", m.source());
        assertEquals("%", m.unit());
        assertEquals(State.WARNING, m.state());
        assertEquals("a,111,12.5,c01,%,WARNING", MeasurementRows.row("a", m));
    }

    @Test
    public void missingColumnsAreAbsent() {
        String[] c = MeasurementRows.columns("b,5,\"up\"", 6);
        assertEquals(6, c.length);
        Measurement m = MeasurementRows.measurement(c);
        assertEquals("up", m.value());
        assertNull(m.source());
        assertNull(m.unit());
        assertNull(m.state());
        assertEquals("b,5,\"up\",,,", MeasurementRows.row("b", m));
    }

    @Test
    public void cellValuesAreTextBooleanOrNumber() {
        assertEquals("x", MeasurementRows.value("\"x\""));
        assertEquals(Boolean.TRUE, MeasurementRows.value("true"));
        assertEquals(3.0, MeasurementRows.value("3"));
        assertEquals(Boolean.FALSE, MeasurementRows.tsValue("7, false").value());
        assertEquals(7, MeasurementRows.tsValue("7, false").timestamp());
        assertEquals("on", MeasurementRows.tsValue("8,\"on\"").value());
        assertEquals(2.5, MeasurementRows.tsValue("9,2.5").asDouble(), 0);
    }

    @Test
    public void jsonLineKeepsChannelAndFields() throws Exception {
        Map.Entry<String, Measurement> in = MeasurementRows.json(
                "{\"channel\":\"cpu\",\"ts\":42,\"value\":3,\"unit\":\"%\",\"state\":\"CRITICAL\"}");
        assertEquals("cpu", in.getKey());
        assertEquals(3.0, in.getValue().value());
        assertEquals(42, in.getValue().timestamp());
        assertEquals("%", in.getValue().unit());
        assertNull(in.getValue().source());
        assertEquals(State.CRITICAL, in.getValue().state());
        assertEquals(Boolean.TRUE, MeasurementRows.json("{\"channel\":\"u\",\"ts\":1,\"value\":true}").getValue()
                .value());
    }
}
