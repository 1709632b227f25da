package org.rocmon.sensor.internal.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;
import org.rocmon.http.Problem;

public class SensorParserTest {

    private static final org.rocmon.api.runtime.NodeUrl PLAIN_8181 = org.rocmon.api.runtime.NodeUrl.of(java.util.Map.of(
            org.rocmon.api.runtime.NodeProperties.HTTP_PORT, "8181", org.rocmon.api.runtime.NodeProperties.TLS, "off")::get);
    private static final org.rocmon.api.runtime.NodeUrl TLS_8181 = org.rocmon.api.runtime.NodeUrl.of(java.util.Map.of(
            org.rocmon.api.runtime.NodeProperties.HTTP_PORT, "8181")::get);

    /** Listing 1 of the paper, verbatim. */
    static final String LISTING_1 = "{\n"
            + "\"id\": \"s01\",\n"
            + "\"kind\": \"http://schemas.ogf.org/occi/monitoring#sensor\",\n"
            + "\"mixins\": [\n"
            + "  \"http://example.com/occi/monitoring/publisher#SendUDP\",\n"
            + "  \"http://example.com/occi/monitoring/aggregator#EWMA\",\n"
            + "  \"http://example.com/occi/monitoring/publisher#Log\"\n"
            + "],\n"
            + "\"attributes\": {\n"
            + " \"occi\": { \"sensor\": { \"period\": 3 } },\n"
            + " \"com\": { \"example\": { \"occi\": { \"monitoring\": {\n"
            + "   \"SendUDP\" : { \"hostname\": \"localhost\", \"port\": \"8888\", \"input\": \"c\"},\n"
            + "   \"EWMA\" : { \"gain\": 16, \"instream\": \"a\", \"outstream\": \"c\"},\n"
            + "   \"Log\" : { \"filename\": \"/tmp/s01.log\", \"in_msg\": \"b\" }\n"
            + " } } } } },\n"
            + " \"links\": []\n"
            + "}";

    private final ObjectMapper mapper = new ObjectMapper();
    private final SensorParser parser = new SensorParser(mapper);

    private JsonNode json(String s) throws Exception {
        return mapper.readTree(s.replace('\'', '"'));
    }

    @Test
    public void listing1ParsesToTheFlatForm() throws Exception {
        SensorSpec s = parser.parse("s01", mapper.readTree(LISTING_1));
        assertEquals("s01", s.id);
        assertEquals(3000L, s.periodMillis);
        assertEquals(3, s.mixins.size());
        assertEquals("http://example.com/occi/monitoring/aggregator#EWMA", s.mixins.get(1));
        assertEquals("8888", s.attributes.get("com.example.occi.monitoring.SendUDP.port"));
        assertEquals(16, s.attributes.get("com.example.occi.monitoring.EWMA.gain"));
        assertEquals("b", s.attributes.get("com.example.occi.monitoring.Log.in_msg"));
        assertTrue(s.links.isEmpty());
        assertNull(s.window.suspension(System.currentTimeMillis(), 0));
        SensorSpec again = parser.parse("s01", s.toJson(mapper));
        assertEquals(s.attributes, again.attributes);
        assertEquals(s.mixins, again.mixins);
    }

    @Test
    public void theFlatFormAndStringNumbersAndLinksAreAccepted() throws Exception {
        SensorSpec s = parser.parse("s02", json("{'attributes':{'occi.sensor.period':'0.2',"
                + "'com.example.occi.monitoring.EWMA.gain':16},'links':['c01',{'id':'c02','target':'s02'}]}"));
        assertEquals(200L, s.periodMillis);
        assertEquals(List.of("c01", "c02"), s.links);
        assertEquals(16, s.attributes.get("com.example.occi.monitoring.EWMA.gain"));
    }

    private void bad(String body, String attribute) throws Exception {
        try {
            parser.parse("s01", json(body));
            fail("accepted " + body);
        } catch (Problem e) {
            assertEquals(400, e.status());
            assertEquals(body, attribute, e.attribute());
        }
    }

    @Test
    public void badInputsNameTheAttribute() throws Exception {
        bad("{'attributes':{}}", "occi.sensor.period");
        bad("{'attributes':{'occi.sensor.period':0}}", "occi.sensor.period");
        bad("{'attributes':{'occi.sensor.period':-3}}", "occi.sensor.period");
        bad("{'attributes':{'occi.sensor.period':'fast'}}", "occi.sensor.period");
        bad("{'attributes':{'occi.sensor.period':true}}", "occi.sensor.period");
        bad("{'id':'s02','attributes':{'occi.sensor.period':1}}", "id");
        bad("{'kind':'http://schemas.ogf.org/occi/monitoring#collector','attributes':{'occi.sensor.period':1}}",
                "kind");
        bad("{'mixins':'x','attributes':{'occi.sensor.period':1}}", "mixins");
        bad("{'mixins':[1],'attributes':{'occi.sensor.period':1}}", "mixins");
        bad("{'mixins':['a#b','a#b'],'attributes':{'occi.sensor.period':1}}", "mixins");
        bad("{'attributes':{'occi.sensor.period':1},'links':[{'target':'x'}]}", "links");
        bad("{'attributes':{'occi.sensor.period':1},'links':['bad id']}", "links");
        bad("{'attributes':{'occi.sensor.period':1,'occi.sensor.timestart':10,'occi.sensor.timestop':5}}",
                "occi.sensor.timestop");
        bad("{'attributes':{'occi.sensor.period':1,'occi.sensor.timebase':'soon'}}", "occi.sensor.timebase");
        bad("{'attributes':[1]}", "attributes");
    }

    @Test
    public void badIdsAreRefused() throws Exception {
        for (String id : new String[] {"..", "a/b", "", "x".repeat(129), "s 1"}) {
            try {
                parser.parse(id, json("{'attributes':{'occi.sensor.period':1}}"));
                fail(id);
            } catch (Problem e) {
                assertEquals("id", e.attribute());
            }
        }
    }

    @Test
    public void windowsSuspend() {
        long now = 1_000_000_000_000L;
        assertEquals("suspended: negative timebase", new TimeWindow(-1.0, null, null).suspension(now, 0));
        assertEquals("suspended: before timestart", new TimeWindow(now / 1000.0, 10.0, null).suspension(now, 0));
        assertNull(new TimeWindow(now / 1000.0 - 5, 1.0, 10.0).suspension(now, 0));
        assertEquals("suspended: after timestop", new TimeWindow(now / 1000.0 - 20, 1.0, 10.0).suspension(now, 0));
        assertNull(new TimeWindow(null, 1.0, null).suspension(now, now - 2000));
    }

    @Test
    public void edgeSpecTargets() throws Exception {
        EdgeSpec local = EdgeSpec.parse("s01", "e01", json("{'kind':'http://schemas.ogf.org/occi/monitoring#collector',"
                + "'attributes':{'occi':{'collector':{'period':0.5}},'rocmon.collector.channels':'c, d'},"
                + "'target':'s02','source':'s01'}"), PLAIN_8181, mapper);
        assertEquals("ws://127.0.0.1:8181/sensor/s02/", local.uri.toString());
        assertEquals("wss://127.0.0.1:8181/sensor/s02/", EdgeSpec.parse("s01", "e01",
                json("{'attributes':{'occi.collector.period':1},'target':'s02'}"), TLS_8181, mapper).uri.toString());
        assertEquals("s02", local.localTarget);
        assertEquals(List.of("c", "d"), local.channels);
        assertEquals(500L, local.periodMillis);
        EdgeSpec remote = EdgeSpec.parse("s01", "e01", json("{'attributes':{'occi.collector.period':1},"
                + "'target':'http://127.0.0.1:9000/sensor/s09/'}"), PLAIN_8181, mapper);
        assertEquals("ws://127.0.0.1:9000/sensor/s09/", remote.uri.toString());
        assertNull(remote.localTarget);
        assertTrue(remote.channels.isEmpty());
        for (String[] b : new String[][] {
                {"{'attributes':{'occi.collector.period':1}}", "target"},
                {"{'attributes':{'occi.collector.period':1},'target':'s01'}", "target"},
                {"{'attributes':{'occi.collector.period':1},'target':'ftp://x/'}", "target"},
                {"{'attributes':{},'target':'s02'}", "occi.collector.period"},
                {"{'kind':'http://schemas.ogf.org/occi/monitoring#sensor','attributes':{'occi.collector.period':1},"
                        + "'target':'s02'}", "kind"}}) {
            try {
                EdgeSpec.parse("s01", "e01", json(b[0]), PLAIN_8181, mapper);
                fail(b[0]);
            } catch (Problem e) {
                assertEquals(b[0], b[1], e.attribute());
            }
        }
    }
}
