package org.rocmon.bench.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heap in use by another JVM after a full GC, through {@code jcmd <pid> GC.run} then {@code GC.heap_info}. */
final class HeapProbe {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private HeapProbe() {
    }

    /** @return bytes used after GC, or -1 when jcmd failed */
    static long usedAfterGc(long pid) {
        try {
            jcmd(pid, "GC.run");
            return parseUsed(jcmd(pid, "GC.heap_info"));
        } catch (IOException e) {
            System.err.println("heap probe: " + e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** @return bytes of the first "used NK" (the whole heap's line comes first), or -1 */
    static long parseUsed(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out.trim());
        }
        return out;
    }
}
