package org.rocmon.mixins.metric.system.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses /proc/net/dev into per-interface counters. */
final class NetDev {

    static final int RX_BYTES = 0;
    static final int RX_PACKETS = 1;
    static final int RX_ERRORS = 2;
    static final int TX_BYTES = 3;
    static final int TX_PACKETS = 4;
    static final int TX_ERRORS = 5;

    private NetDev() {
    }

    /**
     * @param text of /proc/net/dev (two header lines, then {@code name: 8 receive and 8 transmit counters})
     * @return counters by interface name, in file order
     */
    static Map<String, long[]> parse(String text) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            // Old kernels glue large counters to the colon ("eth0:123"), so split there, not on blanks.
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 11) {
                continue;
            }
            try {
                out.put(line.substring(0, colon).trim(), new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]),
                    Long.parseLong(f[2]), Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10])});
            } catch (NumberFormatException e) {
                // the header lines
            }
        }
        return out;
    }
}
