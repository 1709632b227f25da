package org.rocmon.mixins.publisher.stream.internal;

import org.rocmon.api.Measurement;

/**
 * Server-sent-events frames. A measurement is {@code event: measurement} with one {@code data:} line holding
 * {@code {"sensor","channel","value","ts","source","unit","state"}} (the contract's measurement JSON plus where it
 * was published; absent fields omitted). JSON never contains a raw newline, so one data line always suffices.
 */
final class SseFormat {

    /** A comment frame: keeps proxies from closing an idle stream and finds readers that went away. */
    static final String KEEPALIVE = ": keepalive\n\n";

    private SseFormat() {
    }

    /** @return the frame of one measurement */
    static String measurement(String sensor, String channel, Measurement m) {
        return "event: measurement\ndata: " + json(sensor, channel, m) + "\n\n";
    }

    /** @return the frame that tells a client that no publisher is left on the stream */
    static String end(String path) {
        return "event: end\ndata: {\"path\":" + quote(path) + "}\n\n";
    }

    static String json(String sensor, String channel, Measurement m) {
        StringBuilder b = new StringBuilder(128);
        b.append("{\"sensor\":").append(quote(sensor)).append(",\"channel\":").append(quote(channel))
                .append(",\"value\":").append(value(m)).append(",\"ts\":").append(m.timestamp());
        if (m.source() != null) {
            b.append(",\"source\":").append(quote(m.source()));
        }
        if (m.unit() != null) {
            b.append(",\"unit\":").append(quote(m.unit()));
        }
        if (m.state() != null) {
            b.append(",\"state\":").append(quote(m.state().name()));
        }
        return b.append('}').toString();
    }

    private static String value(Measurement m) {
        Object v = m.value();
        if (v instanceof Double) {
            double d = (Double) v;
            // JSON has no NaN or infinity: such a value travels as text rather than breaking the frame
            return Double.isFinite(d) ? m.asString() : quote(v.toString());
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        return quote(v.toString());
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
