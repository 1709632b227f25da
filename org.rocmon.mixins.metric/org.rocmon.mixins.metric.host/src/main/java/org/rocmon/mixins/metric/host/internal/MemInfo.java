package org.rocmon.mixins.metric.host.internal;

import java.util.HashMap;
import java.util.Map;

/** Total and available memory of the host from /proc/meminfo, in bytes. */
final class MemInfo {

    final long total;
    final long available;

    MemInfo(long total, long available) {
        this.total = total;
        this.available = available;
    }

    /**
     * @param procMeminfo text of /proc/meminfo
     * @return the totals
     * @throws IllegalArgumentException when MemTotal is missing
     */
    static MemInfo parse(String procMeminfo) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : procMeminfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            try {
                kb.put(line.substring(0, colon).trim(), Long.parseLong(f[0]));
            } catch (NumberFormatException e) {
                // a line we do not need
            }
        }
        Long total = kb.get("MemTotal");
        if (total == null || total <= 0) {
            throw new IllegalArgumentException("/proc/meminfo has no MemTotal");
        }
        Long available = kb.get("MemAvailable");
        if (available == null) {
            // kernels before 3.14 lack MemAvailable; free + page cache is the usual estimate
            available = kb.getOrDefault("MemFree", 0L) + kb.getOrDefault("Buffers", 0L) + kb.getOrDefault("Cached", 0L);
        }
        return new MemInfo(total * 1024, Math.min(available, total) * 1024);
    }

    /** @return used memory in percent of the total */
    double usedPercent() {
        return 100.0 * (total - available) / total;
    }
}
