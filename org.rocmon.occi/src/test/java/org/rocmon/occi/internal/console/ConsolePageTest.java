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
        assertFalse(html.contains("<script>"));
        assertTrue(html, html.contains("<span class=\"rocmon-state rocmon-suspended\">suspended</span>"));
        assertTrue(html, html.contains("<td>http://e/x#A&amp;B</td>"));
        assertTrue(html, html.contains("<td>installed+repository</td>"));
    }

    @Test
    public void aNodeThatCannotBeReadStillShowsMixins() {
        String html = ConsolePage.render(null, null, List.of(), "node cannot be reached: \"refused\"");
        assertTrue(html, html.contains("node cannot be reached: &quot;refused&quot;"));
        assertTrue(html, html.contains("<h2>Mixins</h2>"));
        assertEquals(2, html.split("<p>unavailable</p>", -1).length - 1);
    }
}
