package org.rocmon.collector.internal.resource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.management.ObjectName;

/**
 * Facts about the host a resource runs on, as shown by GET /resource/{rid}/ and handed to metric mixins as
 * {@code MixinContext.resource()}: {@code cores}, {@code memory} (total physical bytes), {@code os}
 * ({@code name}, {@code version}, {@code arch}) and {@code hostname}.
 */
final class HostFacts {

    private HostFacts() {
    }

    /** @return the facts, immutable */
    static Map<String, Object> collect() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("memory", totalMemory());
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        facts.put("os", Collections.unmodifiableMap(os));
        facts.put("hostname", hostname());
        return Collections.unmodifiableMap(facts);
    }

    // Through the MBean server rather than com.sun.management, which an OSGi framework need not export.
    private static long totalMemory() {
        try {
            Object v = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "TotalMemorySize");
            if (v instanceof Number && ((Number) v).longValue() > 0) {
                return ((Number) v).longValue();
            }
        } catch (Exception | LinkageError e) {
            // older JVM or restricted MBean server: try /proc
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    // Avoids a DNS round trip where the OS already knows its name.
    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            String name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.US_ASCII).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
