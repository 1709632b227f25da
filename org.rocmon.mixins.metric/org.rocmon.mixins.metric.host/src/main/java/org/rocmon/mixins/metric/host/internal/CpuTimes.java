package org.rocmon.mixins.metric.host.internal;

/** The aggregate {@code cpu} line of /proc/stat: jiffies spent busy and in total since boot. */
final class CpuTimes {

    final long busy;
    final long total;
    /** CPUs counted from the {@code cpuN} lines, at least 1. */
    final int cpus;

    CpuTimes(long busy, long total, int cpus) {
        this.busy = busy;
        this.total = total;
        this.cpus = Math.max(1, cpus);
    }

    /**
     * @param procStat text of /proc/stat
     * @return the totals of its {@code cpu} line
     * @throws IllegalArgumentException when there is no well-formed {@code cpu} line
     */
    static CpuTimes parse(String procStat) {
        int cpus = 0;
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                cpus++;
            }
        }
        for (String line : procStat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (!f[0].equals("cpu")) {
                continue;
            }
            if (f.length < 5) {
                break;
            }
            // user nice system idle iowait irq softirq steal; guest and guest_nice are already inside user/nice.
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new CpuTimes(total - idle, total, cpus);
        }
        throw new IllegalArgumentException("/proc/stat has no 'cpu' line");
    }

    /**
     * @param earlier a previous sample
     * @param minJiffiesPerCpu the shortest interval worth a value, in jiffies of one CPU
     * @return whether this sample is at least that much later than {@code earlier}
     */
    boolean coversAtLeast(CpuTimes earlier, long minJiffiesPerCpu) {
        return total - earlier.total >= minJiffiesPerCpu * cpus;
    }

    /**
     * @param earlier a previous sample
     * @return busy percent between the two samples, or NaN when no time has passed (or the counters went back)
     */
    double percentSince(CpuTimes earlier) {
        long dt = total - earlier.total;
        long db = busy - earlier.busy;
        if (dt <= 0 || db < 0) {
            return Double.NaN;
        }
        return Math.min(100.0, 100.0 * db / dt);
    }
}
