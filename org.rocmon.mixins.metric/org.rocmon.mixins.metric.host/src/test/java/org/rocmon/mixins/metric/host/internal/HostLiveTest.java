package org.rocmon.mixins.metric.host.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Metric;
import org.rocmon.api.attributes.AttributeContext;
import org.rocmon.api.mixin.ProcSource;
import org.rocmon.testkit.MixinContexts;

/** The metrics on this Linux machine's real /proc, and on the JVM fallback with /proc taken away. */
public class HostLiveTest {

    private static final ProcSource NO_PROC = name -> {
        throw new NoSuchFileException("/proc/" + name);
    };

    private static Map<String, Measurement> measure(Metric metric, String scheme, String term,
            Map<String, Object> attributes, String... specs) throws Exception {
        String p = MixinContexts.prefix(scheme, term);
        Map<String, Object> flat = new LinkedHashMap<>();
        attributes.forEach((k, v) -> flat.put(p + k, v));
        metric.open(AttributeContext.create(p, MixinContexts.specs(specs), "c01", flat, 200, Map.of()));
        Map<String, Measurement> out = new LinkedHashMap<>();
        try {
            long until = System.nanoTime() + 150_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // let some CPU time pass between baseline and measure
            }
            metric.measure(out::put);
        } finally {
            metric.close();
        }
        return out;
    }

    private static void assertPercent(Measurement m) {
        assertEquals("%", m.unit());
        assertTrue(m.toString(), m.asDouble() >= 0 && m.asDouble() <= 100);
        assertTrue(m.toString(), Math.abs(m.timestamp() - System.currentTimeMillis()) < 10_000);
    }

    @Test
    public void cpuPercentFromProc() throws Exception {
        Map<String, Measurement> out = measure(new CpuPercent(), CpuPercent.SCHEME, CpuPercent.TERM,
                Map.of("out", "a"), CpuPercent.OUT);
        assertEquals(out.keySet().toString(), 1, out.size());
        assertPercent(out.get("a"));
    }

    @Test
    public void cpuPercentFallbackWritesAPercentOrNothing() throws Exception {
        Map<String, Measurement> out = measure(new CpuPercent(NO_PROC, Clock.systemUTC()), CpuPercent.SCHEME,
                CpuPercent.TERM, Map.of("out", "a"), CpuPercent.OUT);
        if (!out.isEmpty()) {
            assertPercent(out.get("a"));
        }
    }

    @Test
    public void memoryFromProcAndFallback() throws Exception {
        for (Metric metric : new Metric[] {new Memory(), new Memory(NO_PROC, Clock.systemUTC())}) {
            Map<String, Measurement> out = measure(metric, Memory.SCHEME, Memory.TERM,
                    Map.of("out", "mem", "outfree", "free"), Memory.OUT, Memory.OUTFREE);
            assertPercent(out.get("mem"));
            assertTrue(out.get("mem").asDouble() > 0);
            assertEquals("B", out.get("free").unit());
            assertTrue(out.get("free").toString(), out.get("free").asDouble() > 0);
        }
    }

    @Test
    public void loadAverageFromProc() throws Exception {
        Map<String, Measurement> out = measure(new LoadAverage(), LoadAverage.SCHEME, LoadAverage.TERM,
                Map.of("out", "l1", "out5", "l5", "out15", "l15"), LoadAverage.OUT, LoadAverage.OUT5,
                LoadAverage.OUT15);
        assertEquals(3, out.size());
        for (Measurement m : out.values()) {
            assertTrue(m.toString(), m.asDouble() >= 0);
        }
    }

    @Test
    public void loadAverageFallbackHasOnlyTheOneMinuteFigure() throws Exception {
        Map<String, Measurement> out = measure(new LoadAverage(NO_PROC, Clock.systemUTC()), LoadAverage.SCHEME,
                LoadAverage.TERM, Map.of("out", "l1", "out5", "l5"), LoadAverage.OUT, LoadAverage.OUT5,
                LoadAverage.OUT15);
        assertEquals(out.keySet().toString(), 1, out.size());
        assertTrue(out.get("l1").asDouble() >= 0);
    }
}
