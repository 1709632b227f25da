package org.rocmon.mixins.publisher.udp.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;

import org.rocmon.api.Measurement;
import org.rocmon.json.PublishedMeasurement;

/** Keeps every datagram within what IPv4 UDP can carry. */
final class Datagrams {

    /** 65535 minus the IPv4 and UDP headers. */
    static final int MAX_PAYLOAD = 65_507;

    private Datagrams() {
    }

    /**
     * @return the JSON bytes; a long string value is cut to the longest prefix that fits
     * @throws IOException when even without its value the datagram would not fit
     */
    static byte[] encode(ObjectWriter json, String sensor, String channel, Measurement m) throws IOException {
        byte[] bytes = json.writeValueAsBytes(new PublishedMeasurement(sensor, channel, m));
        if (bytes.length <= MAX_PAYLOAD || !(m.value() instanceof String)) {
            return check(bytes);
        }
        String value = (String) m.value();
        // Escapes and multi-byte characters make the size of a prefix hard to predict, so search for the longest
        // prefix that fits; this only runs for the rare oversized value.
        int low = 0;
        int high = value.length();
        byte[] best = format(json, sensor, channel, m, "");
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            byte[] candidate = format(json, sensor, channel, m, prefix(value, mid));
            if (candidate.length <= MAX_PAYLOAD) {
                low = mid;
                best = candidate;
            } else {
                high = mid - 1;
            }
        }
        return check(best);
    }

    /** @return the first {@code length} chars, one less if that would split a surrogate pair */
    private static String prefix(String value, int length) {
        int end = length > 0 && Character.isHighSurrogate(value.charAt(length - 1)) ? length - 1 : length;
        return value.substring(0, end);
    }

    private static byte[] format(ObjectWriter json, String sensor, String channel, Measurement m, String value) {
        Measurement cut = Measurement.of(value, m.timestamp()).withSource(m.source()).withUnit(m.unit())
                .withState(m.state());
        try {
            return json.writeValueAsBytes(new PublishedMeasurement(sensor, channel, cut));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
    }

    private static byte[] check(byte[] bytes) throws IOException {
        if (bytes.length > MAX_PAYLOAD) {
            throw new IOException("datagram of " + bytes.length + " bytes exceeds " + MAX_PAYLOAD
                    + " even with its value cut");
        }
        return bytes;
    }
}
