package org.rocmon.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

/** Wait status decoding, the output buffer, and which reaping the native runner uses here. */
public class NativeBitsTest {

    @Test
    public void waitStatusDecoding() {
        assertEquals(0, LibC.exitCode(0));
        assertEquals(3, LibC.exitCode(3 << 8));
        assertEquals(255, LibC.exitCode(255 << 8));
        assertEquals(128 + 9, LibC.exitCode(9));
        assertEquals(128 + 15, LibC.exitCode(15 | 0x80)); // core dump flag
        assertEquals(-1, LibC.exitCode(0x7f | (19 << 8))); // stopped
    }

    @Test
    public void outputBufferKeepsTheLimitAndCountsTheRest() {
        OutputBuffer b = new OutputBuffer(1000);
        byte[] chunk = "0123456789".repeat(70).getBytes(StandardCharsets.US_ASCII);
        b.append(ByteBuffer.wrap(chunk), chunk.length);
        b.append(chunk, 0, chunk.length);
        assertEquals(1000, b.text().length());
        assertEquals(400, b.discarded());
        assertEquals(0, b.room());

        OutputBuffer cut = new OutputBuffer(1);
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
        cut.append(euro, 0, euro.length);
        assertEquals("\ufffd", cut.text());
        assertEquals(2, cut.discarded());
    }

    @Test
    public void pidfdsAreUsedOnThisKernel() throws Exception {
        assumeTrue(NativeSpawner.unavailable() == null);
        ProcessReactor r = new ProcessReactor(1, 0, true, true);
        try {
            assertTrue(r.toString(), r.reaping().contains("pidfd"));
        } finally {
            r.close();
        }
        ProcessReactor sweep = new ProcessReactor(1, 0, true, false);
        try {
            assertTrue(sweep.toString(), sweep.reaping().contains("sweep"));
        } finally {
            sweep.close();
        }
    }
}
