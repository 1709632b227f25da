package org.rocmon.mixins.metric.system.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Metric;
import org.rocmon.testkit.MixinContexts;
import org.rocmon.testkit.RecordingOutput;

/** The metrics on this Linux machine's real /proc, file systems and JVM. */
public class SystemLiveTest {

    private static RecordingOutput measure(Metric metric, String term, Map<String, ?> attributes, String... specs)
            throws Exception {
        metric.open(MixinContexts.of(DiskUsage.SCHEME, term, attributes, specs));
        RecordingOutput out = new RecordingOutput();
        try {
            Thread.sleep(100);
            metric.measure(out);
        } finally {
            metric.close();
        }
        return out;
    }

    @Test
    public void diskUsageOfTheRootFileSystem() throws Exception {
        RecordingOutput out = measure(new DiskUsage(), DiskUsage.TERM,
                Map.of("out", "used", "outfree", "free", "outtotal", "total"), DiskUsage.PATH, DiskUsage.OUT,
                DiskUsage.OUTFREE, DiskUsage.OUTTOTAL);
        double used = out.get("used").asDouble();
        assertTrue("used " + used, used > 0 && used <= 100);
        assertTrue(out.get("free").asDouble() >= 0);
        assertTrue(out.get("total").asDouble() > out.get("free").asDouble());
    }

    @Test
    public void loopbackTrafficIsSeen() throws Exception {
        NetInterface metric = new NetInterface();
        metric.open(MixinContexts.of(DiskUsage.SCHEME, NetInterface.TERM,
                Map.of("interface", "lo", "outrx", "rx", "outrxpackets", "rxp", "outerrors", "err"),
                NetInterface.INTERFACE, NetInterface.OUTRX, NetInterface.OUTTX, NetInterface.OUTRXPACKETS,
                NetInterface.OUTTXPACKETS, NetInterface.OUTERRORS));
        // 50 datagrams of 1000 bytes to ourselves on loopback: at least 50 kB cross "lo" between the two samples
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < 50; i++) {
                s.send(new DatagramPacket(new byte[1000], 1000, s.getLocalSocketAddress()));
                s.receive(new DatagramPacket(new byte[1000], 1000));
            }
        }
        Thread.sleep(50);
        RecordingOutput out = new RecordingOutput();
        metric.measure(out);
        metric.close();
        Measurement rx = out.get("rx");
        assertEquals("B/s", rx.unit());
        assertTrue("rx " + rx, rx.asDouble() > 0);
        assertTrue(out.get("rxp").asDouble() >= 50 / 10.0);
        assertEquals(0.0, out.get("err").asDouble(), 0.0);
    }

    @Test
    public void diskIoOfAllDisksWritesRatesOrFailsClearlyInAContainer() throws Exception {
        DiskIO metric = new DiskIO();
        metric.open(MixinContexts.of(DiskUsage.SCHEME, DiskIO.TERM, Map.of("outread", "r", "outwriteops", "wo"),
                DiskIO.DEVICE, DiskIO.OUTREAD, DiskIO.OUTWRITE, DiskIO.OUTREADOPS, DiskIO.OUTWRITEOPS));
        Thread.sleep(50);
        RecordingOutput out = new RecordingOutput();
        try {
            metric.measure(out);
            assertTrue(out.get("r").asDouble() >= 0);
            assertTrue(out.get("wo").asDouble() >= 0);
        } catch (IllegalStateException e) {
            // a container without /proc/diskstats: the refusal must say so
            assertTrue(e.getMessage(), e.getMessage().contains("/proc/diskstats"));
        }
    }

    @Test
    public void processesCountsThisJvmByName() throws Exception {
        String comm = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/self/comm"))).trim();
        RecordingOutput out = measure(new Processes(), Processes.TERM,
                Map.of("out", "total", "outrunning", "run", "name", comm, "outnamed", "me"), Processes.OUT,
                Processes.OUTRUNNING, Processes.NAME, Processes.OUTNAMED);
        assertTrue(out.get("total").asDouble() >= 1);
        assertTrue("this test is running", out.get("run").asDouble() >= 1);
        assertTrue("at least this JVM is named " + comm, out.get("me").asDouble() >= 1);
        assertTrue(out.get("me").asDouble() <= out.get("total").asDouble());
    }

    @Test
    public void processesFallbackWithoutProcSeesThisJvm() throws IOException {
        ProcessTable table = ProcessTable.processHandles();
        assertTrue(table.names().contains("java"));
        assertEquals(-1, table.running());
    }

    @Test
    public void jvmSeesItsOwnGarbageCollection() throws Exception {
        Jvm metric = new Jvm();
        metric.open(MixinContexts.of(DiskUsage.SCHEME, Jvm.TERM,
                Map.of("outheap", "heap", "outheapmax", "max", "outthreads", "t", "outgccount", "gc",
                        "outgctime", "gcms"),
                Jvm.OUTHEAP, Jvm.OUTHEAPMAX, Jvm.OUTTHREADS, Jvm.OUTGCCOUNT, Jvm.OUTGCTIME));
        System.gc();
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            garbage.add(new byte[100_000]);
        }
        assertNotNull(garbage);
        RecordingOutput out = new RecordingOutput();
        metric.measure(out);
        metric.close();
        assertTrue(out.get("heap").asDouble() > 0);
        assertTrue(out.get("max").asDouble() >= out.get("heap").asDouble());
        assertTrue(out.get("t").asDouble() >= 1);
        assertTrue("System.gc() counts: " + out.get("gc"), out.get("gc").asDouble() >= 1);
        assertEquals("ms", out.get("gcms").unit());
    }
}
