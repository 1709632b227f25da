package org.rocmon.mixins.metric.nagios.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * NRPE packets, big-endian as on the wire.
 *
 * <p>Version 2 is a fixed 1036-byte struct: int16 version, int16 type (1 query, 2 response), uint32 CRC-32 of the
 * whole packet with this field zeroed, int16 result code, char[1024] NUL-terminated buffer, 2 bytes of padding.
 *
 * <p>Version 4 (NRPE 4; version 3 of NRPE 3 had the same layout but counted 3 bytes of C struct padding in its
 * CRC, and NRPE 4 refuses it) has a variable buffer: the same 10 bytes, then int16 alignment (0), int32 buffer
 * length, then the NUL-terminated buffer; the CRC covers exactly those bytes. A query is never shorter than a v2
 * packet, so a v2-only agent reads a whole packet, sees the version and hangs up; the caller then falls back to
 * v2, as check_nrpe does. Responses of version 3 are read too, with either CRC reading.
 */
final class NrpePacket {

    static final int QUERY = 1;
    static final int RESPONSE = 2;
    static final int V2_BUFFER = 1024;
    static final int V2_SIZE = 1036;
    static final int V4_HEADER = 16;
    /** The C struct padding NRPE 3 counted in its CRC. */
    static final int V3_TRAILER = 3;
    /** NRPE 3+ answers at most 64 KiB of output; a little more is tolerated, anything larger is refused. */
    static final int V4_MAX_BUFFER = 64 * 1024 + 1024;

    /** A decoded response. */
    static final class Response {
        final int version;
        final int resultCode;
        final String text;

        Response(int version, int resultCode, String text) {
            this.version = version;
            this.resultCode = resultCode;
            this.text = text;
        }
    }

    private NrpePacket() {
    }

    /**
     * @param version 2 or 4
     * @param query the command name, then '!' and each argument
     * @param random fills the unused v2 buffer, as check_nrpe does, so packets carry no long known plaintext
     * @return the bytes to send
     */
    static byte[] query(int version, String query, Random random) {
        byte[] text = query.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b;
        if (version == 2) {
            if (text.length >= V2_BUFFER) {
                throw new IllegalArgumentException("an NRPE v2 query holds at most " + (V2_BUFFER - 1) + " bytes");
            }
            byte[] packet = new byte[V2_SIZE];
            random.nextBytes(packet);
            b = ByteBuffer.wrap(packet);
            b.putShort((short) 2).putShort((short) QUERY).putInt(0).putShort((short) 3);
            b.put(text).put((byte) 0);
            // The 2 padding bytes are zero in check_nrpe's struct.
            packet[V2_SIZE - 2] = 0;
            packet[V2_SIZE - 1] = 0;
            putCrc(packet, packet.length);
            return packet;
        }
        if (version != 4) {
            throw new IllegalArgumentException("NRPE packet version " + version + " is not spoken here");
        }
        if (text.length >= V4_MAX_BUFFER) {
            throw new IllegalArgumentException("an NRPE query holds at most " + (V4_MAX_BUFFER - 1) + " bytes");
        }
        int total = Math.max(V4_HEADER + text.length + 1, V2_SIZE);
        int bufferLength = total - V4_HEADER;
        byte[] packet = new byte[total];
        b = ByteBuffer.wrap(packet);
        b.putShort((short) version).putShort((short) QUERY).putInt(0).putShort((short) 3).putShort((short) 0)
                .putInt(bufferLength).put(text);
        putCrc(packet, packet.length);
        return packet;
    }

    private static void putCrc(byte[] packet, int length) {
        CRC32 crc = new CRC32();
        crc.update(packet, 0, length);
        ByteBuffer.wrap(packet).putInt(4, (int) crc.getValue());
    }

    /**
     * Reads one response.
     *
     * @throws EOFException when the server hangs up before a whole packet (refused query, version or host)
     * @throws IOException on a bad CRC, type or length
     */
    static Response read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] head = new byte[10];
        in.readFully(head);
        ByteBuffer h = ByteBuffer.wrap(head);
        int version = h.getShort(0);
        int type = h.getShort(2);
        long crc = h.getInt(4) & 0xFFFFFFFFL;
        int result = h.getShort(8);
        byte[] packet;
        int textStart;
        int textEnd;
        if (version == 2) {
            packet = new byte[V2_SIZE];
            System.arraycopy(head, 0, packet, 0, head.length);
            in.readFully(packet, head.length, V2_SIZE - head.length);
            textStart = 10;
            textEnd = 10 + V2_BUFFER;
        } else if (version == 3 || version == 4) {
            byte[] more = new byte[6];
            in.readFully(more);
            int length = ByteBuffer.wrap(more).getInt(2);
            if (length < 0 || length > V4_MAX_BUFFER) {
                throw new IOException("NRPE response announces " + length + " bytes; at most " + V4_MAX_BUFFER);
            }
            // Room for NRPE 3's padding, zero as in its struct; whether it counts is decided by the CRC.
            packet = new byte[V4_HEADER + length + V3_TRAILER];
            System.arraycopy(head, 0, packet, 0, head.length);
            System.arraycopy(more, 0, packet, head.length, more.length);
            in.readFully(packet, V4_HEADER, length);
            textStart = V4_HEADER;
            textEnd = V4_HEADER + length;
        } else {
            throw new IOException("unknown NRPE packet version " + version);
        }
        if (type != RESPONSE) {
            throw new IOException("NRPE packet of type " + type + " where a response (2) was expected");
        }
        ByteBuffer.wrap(packet).putInt(4, 0);
        if (!crcMatches(packet, version, crc)) {
            throw new IOException("NRPE response has a bad CRC-32");
        }
        int end = textStart;
        while (end < textEnd && packet[end] != 0) {
            end++;
        }
        return new Response(version, result, new String(packet, textStart, end - textStart, StandardCharsets.UTF_8));
    }

    private static boolean crcMatches(byte[] packet, int version, long expected) {
        CRC32 crc = new CRC32();
        if (version == 2) {
            crc.update(packet, 0, packet.length);
            return crc.getValue() == expected;
        }
        crc.update(packet, 0, packet.length - V3_TRAILER);
        if (crc.getValue() == expected) {
            return true;
        }
        crc.update(packet, packet.length - V3_TRAILER, V3_TRAILER); // NRPE 3 counted its struct padding
        return crc.getValue() == expected;
    }
}
