package org.rocmon.process.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A program's output: the first {@code limit} bytes kept, the rest only counted. Used by the I/O thread only. */
final class OutputBuffer {

    /** Most plugins print one line; start small and grow up to the limit. */
    private static final int INITIAL = 256;

    private final int limit;
    private byte[] bytes;
    private int size;
    private long discarded;

    OutputBuffer(int limit) {
        this.limit = limit;
        this.bytes = new byte[Math.min(limit, INITIAL)];
    }

    /** Appends {@code length} bytes of {@code source} from index 0. */
    void append(ByteBuffer source, int length) {
        int kept = Math.min(length, limit - size);
        if (kept > 0) {
            ensure(size + kept);
            source.get(0, bytes, size, kept);
            size += kept;
        }
        discarded += length - kept;
    }

    /** Appends {@code length} bytes of {@code source} from {@code offset}. */
    void append(byte[] source, int offset, int length) {
        int kept = Math.min(length, limit - size);
        if (kept > 0) {
            ensure(size + kept);
            System.arraycopy(source, offset, bytes, size, kept);
            size += kept;
        }
        discarded += length - kept;
    }

    /** @return room the buffer still has before it discards */
    int room() {
        return limit - size;
    }

    private void ensure(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(needed, 2L * bytes.length)));
        }
    }

    /** @return the kept bytes, decoded as UTF-8 (a sequence cut by the limit becomes U+FFFD) */
    String text() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    long discarded() {
        return discarded;
    }
}
