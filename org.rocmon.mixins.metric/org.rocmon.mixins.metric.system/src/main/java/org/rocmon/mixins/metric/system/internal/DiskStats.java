package org.rocmon.mixins.metric.system.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses /proc/diskstats into per-device counters: reads, bytes read, writes, bytes written. */
final class DiskStats {

    static final int READS = 0;
    static final int READ_BYTES = 1;
    static final int WRITES = 2;
    static final int WRITE_BYTES = 3;

    /** The kernel counts diskstats sectors in 512-byte units whatever the device's real sector size. */
    private static final long SECTOR = 512;
    private static final Pattern VIRTUAL = Pattern.compile("(loop|ram|zram|dm-|md|sr|fd)\\d.*");

    private DiskStats() {
    }

    /**
     * @param text of /proc/diskstats
     * @return counters by device name, in file order
     */
    static Map<String, long[]> parse(String text) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                out.put(f[2], new long[] {Long.parseLong(f[3]), Long.parseLong(f[5]) * SECTOR,
                    Long.parseLong(f[7]), Long.parseLong(f[9]) * SECTOR});
            } catch (NumberFormatException e) {
                // not a device line
            }
        }
        return out;
    }

    /**
     * The counters of one device, or without a device the sum over whole physical disks: partitions (sda1, nvme0n1p1,
     * mmcblk0p2) and virtual devices stacked on disks (loop, ram, zram, dm-, md, sr, fd) are left out so that
     * nothing is counted twice.
     *
     * @param devices parsed diskstats
     * @param device a device name, or null for all disks
     * @return the counters, or null when the device is not there
     */
    static long[] select(Map<String, long[]> devices, String device) {
        if (device != null) {
            return devices.get(device);
        }
        long[] sum = new long[4];
        for (Map.Entry<String, long[]> e : devices.entrySet()) {
            if (!VIRTUAL.matcher(e.getKey()).matches() && !isPartition(e.getKey(), devices)) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += e.getValue()[i];
                }
            }
        }
        return sum;
    }

    private static boolean isPartition(String name, Map<String, long[]> devices) {
        for (String parent : devices.keySet()) {
            if (name.length() > parent.length() && name.startsWith(parent)) {
                String rest = name.substring(parent.length());
                if (rest.matches("\\d+") && !Character.isDigit(parent.charAt(parent.length() - 1))
                        || rest.matches("p\\d+") && Character.isDigit(parent.charAt(parent.length() - 1))) {
                    return true;
                }
            }
        }
        return false;
    }
}
