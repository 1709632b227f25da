package org.rocmon.bench.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One soak sample of the node's JVM: heap in use after a full GC ({@link HeapProbe}), its threads and open file
 * descriptors (from {@code /proc}), and the least-squares slope of each over a run, per minute, which a soak
 * wants flat.
 */
record ProcessSample(long millis, long heapBytes, long threads, long fds) {

    static ProcessSample take(long pid, long startMillis) {
        long heap = HeapProbe.usedAfterGc(pid);
        return new ProcessSample(System.currentTimeMillis() - startMillis, heap, threads(pid), fds(pid));
    }

    private static long threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.substring("Threads:".length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("threads of " + pid + ": " + e);
        }
        return -1;
    }

    private static long fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            System.err.println("file descriptors of " + pid + ": " + e);
            return -1;
        }
    }

    /** @return least-squares slope of y per minute over the samples (0 with fewer than two) */
    static double slopePerMinute(List<ProcessSample> samples, ToLongFunction<ProcessSample> y) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (ProcessSample s : samples) {
            mx += s.millis / 60_000.0;
            my += y.applyAsLong(s);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (ProcessSample s : samples) {
            double dx = s.millis / 60_000.0 - mx;
            sxy += dx * (y.applyAsLong(s) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /** @return the samples and the slopes, as the result's {@code soak} object */
    static ObjectNode report(ObjectMapper mapper, List<ProcessSample> samples) {
        ObjectNode soak = mapper.createObjectNode();
        ArrayNode list = soak.putArray("samples");
        for (ProcessSample s : samples) {
            list.addObject().put("seconds", s.millis / 1000).put("heapBytes", s.heapBytes).put("threads", s.threads)
                    .put("fds", s.fds);
        }
        soak.put("heapSlopeBytesPerMin", Math.round(slopePerMinute(samples, ProcessSample::heapBytes)));
        soak.put("threadsSlopePerMin", Math.round(slopePerMinute(samples, ProcessSample::threads) * 100) / 100.0);
        soak.put("fdsSlopePerMin", Math.round(slopePerMinute(samples, ProcessSample::fds) * 100) / 100.0);
        if (!samples.isEmpty()) {
            long first = samples.get(0).heapBytes;
            soak.put("heapFirstBytes", first);
            soak.put("heapLastBytes", samples.get(samples.size() - 1).heapBytes);
        }
        return soak;
    }
}
