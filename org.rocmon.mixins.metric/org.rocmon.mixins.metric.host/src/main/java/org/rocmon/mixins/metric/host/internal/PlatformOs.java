package org.rocmon.mixins.metric.host.internal;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Fallback readings from the JVM's operating system MXBean when /proc is not there. The attributes are read by
 * name through the platform MBean server, so the bundle needs no import of {@code com.sun.management}, which an
 * OSGi framework may not export.
 */
final class PlatformOs {

    private static final String OS = "java.lang:type=OperatingSystem";

    private PlatformOs() {
    }

    /** @return recent CPU load of the whole host in 0..1, or a negative number when unknown */
    static double cpuLoad() {
        Number n = attribute("CpuLoad", "SystemCpuLoad");
        return n == null ? -1 : n.doubleValue();
    }

    /** @return total physical memory in bytes, or a negative number when unknown */
    static long totalMemory() {
        Number n = attribute("TotalMemorySize", "TotalPhysicalMemorySize");
        return n == null ? -1 : n.longValue();
    }

    /** @return free physical memory in bytes, or a negative number when unknown */
    static long freeMemory() {
        Number n = attribute("FreeMemorySize", "FreePhysicalMemorySize");
        return n == null ? -1 : n.longValue();
    }

    /** @return the 1-minute load average, or a negative number when the platform has none */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** @return the first of the named attributes that exists (newer JDKs renamed them), or null */
    private static Number attribute(String... names) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (String name : names) {
            try {
                Object v = server.getAttribute(new ObjectName(OS), name);
                if (v instanceof Number) {
                    return (Number) v;
                }
            } catch (Exception | LinkageError e) {
                // not offered by this JVM: try the older name
            }
        }
        return null;
    }
}
