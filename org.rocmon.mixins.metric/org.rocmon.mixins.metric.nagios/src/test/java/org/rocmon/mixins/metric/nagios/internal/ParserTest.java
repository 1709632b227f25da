package org.rocmon.mixins.metric.nagios.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

import org.rocmon.api.State;

/** Ranges, perf data, plugin output layout and argument splitting, against the Monitoring Plugins guidelines. */
public class ParserTest {

    @Test
    public void rangeForms() {
        Range r = Range.parse("10");
        assertEquals(0, r.start(), 0);
        assertEquals(10, r.end(), 0);
        assertFalse(r.alerts(0));
        assertFalse(r.alerts(10));
        assertTrue(r.alerts(-1));
        assertTrue(r.alerts(10.5));

        r = Range.parse("10:");
        assertTrue(r.alerts(9.9));
        assertFalse(r.alerts(1e9));

        r = Range.parse("~:10");
        assertEquals(Double.NEGATIVE_INFINITY, r.start(), 0);
        assertFalse(r.alerts(-1e9));
        assertTrue(r.alerts(11));

        r = Range.parse("10:20");
        assertTrue(r.alerts(9));
        assertFalse(r.alerts(15));
        assertTrue(r.alerts(21));

        r = Range.parse("@10:20");
        assertTrue(r.inside());
        assertTrue(r.alerts(10));
        assertTrue(r.alerts(20));
        assertFalse(r.alerts(9.99));
        assertFalse(r.alerts(20.01));

        r = Range.parse("@~:0");
        assertTrue(r.alerts(-3));
        assertFalse(r.alerts(1));

        assertNull(Range.parse(""));
        assertNull(Range.parse("abc"));
        assertNull(Range.parse("20:10"));
        assertNull(Range.parse("0x10"));
    }

    @Test
    public void perfDataOfCheckLoad() {
        PerfDataParser.Result r = PerfDataParser.parse(
                "load1=0.460;5.000;10.000;0; load5=0.190;5.000;10.000;0; load15=0.070;5.000;10.000;0;");
        assertEquals(0, r.malformed);
        assertEquals(3, r.items.size());
        PerfItem i = r.items.get(0);
        assertEquals("load1", i.label);
        assertEquals(0.46, i.value, 1e-9);
        assertNull(i.unit);
        assertEquals(5, i.warn.end(), 0);
        assertEquals(10, i.crit.end(), 0);
        assertEquals(0, i.min, 0);
        assertNull(i.max);
        assertEquals(State.OK, i.state());
    }

    @Test
    public void quotedLabelsUnitsUnknownAndMalformed() {
        PerfDataParser.Result r = PerfDataParser.parse("'disk /var'=12MB;;;0;100 'it''s=odd'=3c bare=U "
                + "rta=0.05ms;100.000000;200.000000;0.000000 pl=0%;20;50;0; junk 'open=1 x=");
        assertEquals(r.items.toString(), 5, r.items.size());
        assertEquals("disk /var", r.items.get(0).label);
        assertEquals("MB", r.items.get(0).unit);
        assertEquals(100, r.items.get(0).max, 0);
        assertNull(r.items.get(0).state());
        assertEquals("it's=odd", r.items.get(1).label);
        assertEquals("c", r.items.get(1).unit);
        assertTrue(r.items.get(2).unknown());
        assertEquals("ms", r.items.get(3).unit);
        assertEquals("%", r.items.get(4).unit);
        // 'junk' has no '=', the quote of 'open=1 x= never closes
        assertEquals(2, r.malformed);
    }

    @Test
    public void statesFromRanges() {
        PerfDataParser.Result r = PerfDataParser.parse("a=5;@4:6;~:10 b=15;~:10;@20:30 c=25;;@20:30 d=1;2;3 e=-1;0:;");
        assertEquals(State.WARNING, r.items.get(0).state());
        assertEquals(State.WARNING, r.items.get(1).state());
        assertEquals(State.CRITICAL, r.items.get(2).state());
        assertEquals(State.OK, r.items.get(3).state());
        assertEquals(State.WARNING, r.items.get(4).state());
    }

    @Test
    public void outputLayoutWithPerfDataOnLaterLines() {
        PluginOutput o = PluginOutput.parse(State.WARNING, "DISK WARNING - free space: / 3326 MB | /=2643MB;5948;5958;0;5968\n"
                + "/ 15272 MB (77%);\n/boot 68 MB (69%);\n/home 69357 MB (27%);\n/var/log 819 MB (84%); | /boot=68MB;88;93;0;98\n"
                + "/home=69357MB;253404;253409;0;253414\n/var/log=818MB;970;975;0;980\n");
        assertEquals(State.WARNING, o.state);
        assertEquals("DISK WARNING - free space: / 3326 MB", o.text);
        assertEquals("/ 15272 MB (77%);\n/boot 68 MB (69%);\n/home 69357 MB (27%);\n/var/log 819 MB (84%); ", o.longText);
        PerfDataParser.Result perf = PerfDataParser.parse(o.perfData);
        assertEquals(4, perf.items.size());
        assertEquals("/var/log", perf.items.get(3).label);
        assertEquals(818, perf.items.get(3).value, 0);
    }

    @Test
    public void outputWithoutPerfData() {
        PluginOutput o = PluginOutput.parse(State.CRITICAL, "connect to address 127.0.0.1 and port 1: Connection refused\n");
        assertEquals("connect to address 127.0.0.1 and port 1: Connection refused", o.text);
        assertEquals("", o.longText);
        assertEquals("", o.perfData);
    }

    @Test
    public void argumentSplitting() {
        assertEquals(List.of("-w", "100,20%", "-c", "200,50%"), ArgSplitter.split("  -w 100,20%   -c\t200,50% "));
        assertEquals(List.of("0", "it's fine", "a b", "x\"y", "$HOME", "`id`", "a;b"),
                ArgSplitter.split("0 'it'\\''s fine' \"a b\" \"x\\\"y\" '$HOME' '`id`' a\\;b"));
        assertEquals(List.of(""), ArgSplitter.split("''"));
        assertEquals(List.of(), ArgSplitter.split("   "));
        for (String bad : new String[] {"'open", "\"open", "end\\", "nul\0"}) {
            try {
                ArgSplitter.split(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }
}
