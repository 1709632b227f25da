package org.rocmon.occi.internal.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;

import org.rocmon.occi.internal.shell.Overview;

public class ConsolePageTest {

    @Test
    public void showsStatesCountersAndValuesEscaped() throws Exception {
        ObjectMapper m = new ObjectMapper();
        Overview.SensorRow s = new Overview.SensorRow("s01", "degraded", "mixin <b>EWMA</b> is unavailable",
                List.of("EWMA@1.0.0"), 120, 118, 2, 1,
                m.readTree("{\"a\":{\"value\":\"<script>x</script>\",\"ts\":0,\"source\":\"c01\",\"unit\":\"%\"}}"));
        Overview.CollectorRow c = new Overview.CollectorRow("g01", "c01", "suspended", null, "s01", "connected", 12,
                11, 0, 0, m.readTree("{}"));
        Overview.MixinRow x = new Overview.MixinRow("http://e/x#A&B", "aggregator", "1.0.0", "b", true, true);
        String html = ConsolePage.render(List.of(s), List.of(c), List.of(x), null);

        assertTrue(html, html.contains("<tr data-sensor=\"s01\"><td>s01</td><td><span class=\"rocmon-state "
                + "rocmon-degraded\">degraded</span><br><small>mixin &lt;b&gt;EWMA&lt;/b&gt; is unavailable</small>"
                + "</td><td>EWMA@1.0.0</td><td>120</td><td>118</td><td>2</td><td>1</td>"));
        assertTrue(html, html.contains("<li>a = &lt;script&gt;x&lt;/script&gt; % <small>at 1970-01-01T00:00:00Z "
                + "from c01</small></li>"));
        assertFalse("values are escaped", html.contains("<script>x</script>"));
        assertTrue(html, html.contains("<span class=\"rocmon-state rocmon-suspended\">suspended</span>"));
        assertTrue(html, html.contains("<td>http://e/x#A&amp;B</td>"));
        assertTrue(html, html.contains("<td>installed+repository</td>"));
    }

    @Test
    public void valuesAreRoundedToTheirUnit() {
        assertEquals("12.3", ConsolePage.rounded(12.3456789, "%"));
        assertEquals("100.0", ConsolePage.rounded(100, "%"));
        assertEquals("1.5 GiB (1610612736)", ConsolePage.rounded(1610612736, "B"));
        assertEquals("512", ConsolePage.rounded(512, "B"));
        assertEquals("0.1235", ConsolePage.rounded(0.123456789, "ms"));
        assertEquals("42", ConsolePage.rounded(42.0, null));
        assertEquals("NaN", ConsolePage.rounded(Double.NaN, ""));
    }

    @Test
    public void showsLastErrorsDestinationsAndLiveRefresh() throws Exception {
        ObjectMapper m = new ObjectMapper();
        Overview.SensorRow s = Overview.sensor(m.readTree("{\"id\":\"s01\",\"attributes\":{"
                + "\"com.example.occi.monitoring.SendUDP.hostname\":\"127.0.0.1\","
                + "\"com.example.occi.monitoring.SendUDP.port\":\"8888\","
                + "\"com.example.occi.monitoring.SendUDP.input\":\"c\","
                + "\"com.example.occi.monitoring.EWMA.gain\":16},"
                + "\"status\":{\"state\":\"running\",\"counters\":{\"errors\":1}},"
                + "\"stages\":[{\"mixin\":\"http://example.com/occi/monitoring/aggregator#EWMA\",\"kind\":\"aggregator\"},"
                + "{\"mixin\":\"http://example.com/occi/monitoring/publisher#SendUDP\",\"kind\":\"publisher\","
                + "\"lastError\":\"port unreachable\"}],"
                + "\"channels\":{\"c\":{\"value\":99.97979911894335,\"ts\":0,\"unit\":\"%\"}}}"));
        String html = ConsolePage.render(List.of(s), List.of(), List.of(), null);
        assertTrue(html, html.contains("<td>1<br><small class=\"rocmon-problem\">SendUDP: port unreachable</small></td>"));
        assertTrue(html, html.contains("<td>SendUDP: hostname=127.0.0.1 port=8888</td>"));
        assertTrue(html, html.contains("<li>c = 100.0 %"));
        assertTrue(html, html.contains("id=\"rocmon-live\""));
    }

    @Test
    public void aNodeThatCannotBeReadStillShowsMixins() {
        String html = ConsolePage.render(null, null, List.of(), "node cannot be reached: \"refused\"");
        assertTrue(html, html.contains("node cannot be reached: &quot;refused&quot;"));
        assertTrue(html, html.contains("<h2>Mixins</h2>"));
        assertEquals(2, html.split("<p>unavailable</p>", -1).length - 1);
    }
}
