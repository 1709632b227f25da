package org.rocmon.history.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * A series: (sensor, channel, source). Its files live at {@code <root>/<sensor>/<channel>/<source>.rrd|.raw}, each
 * name percent-encoded so that any id is a safe file name ({@code ~} stands for "no source").
 */
final class SeriesKey implements Comparable<SeriesKey> {

    static final String NO_SOURCE = "~";

    private static final Comparator<SeriesKey> ORDER = Comparator.comparing((SeriesKey k) -> k.sensor)
            .thenComparing(k -> k.channel).thenComparing(k -> k.source, Comparator.nullsFirst(Comparator.naturalOrder()));

    final String sensor;
    final String channel;
    final String source;

    SeriesKey(String sensor, String channel, String source) {
        this.sensor = Objects.requireNonNull(sensor, "sensor");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.source = source == null || source.isEmpty() ? null : source;
    }

    /** @return the path of the series' files without extension */
    Path base(Path root) {
        return root.resolve(encode(sensor)).resolve(encode(channel)).resolve(source == null ? NO_SOURCE : encode(source));
    }

    /** Keeps letters, digits, '-' and '_'; every other UTF-8 byte becomes %XX. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** @return the name {@link #encode} made, or null for {@link #NO_SOURCE} and names it cannot have made */
    static String decode(String name) {
        if (NO_SOURCE.equals(name)) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 2 >= name.length()) {
                    return null;
                }
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int compareTo(SeriesKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesKey && sensor.equals(((SeriesKey) o).sensor)
                && channel.equals(((SeriesKey) o).channel) && Objects.equals(source, ((SeriesKey) o).source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sensor, channel, source);
    }

    @Override
    public String toString() {
        return sensor + "/" + channel + (source == null ? "" : "@" + source);
    }
}
