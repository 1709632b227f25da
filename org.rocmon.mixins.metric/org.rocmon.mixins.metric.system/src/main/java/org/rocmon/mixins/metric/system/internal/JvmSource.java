package org.rocmon.mixins.metric.system.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** One reading of the runtime's own JVM; a seam so that the deltas can be tested. */
@FunctionalInterface
interface JvmSource {

    /** The figures, -1 where the JVM does not know them. */
    final class Sample {
        final long heapUsed;
        final long heapMax;
        final long threads;
        final long gcCount;
        final long gcMillis;

        Sample(long heapUsed, long heapMax, long threads, long gcCount, long gcMillis) {
            this.heapUsed = heapUsed;
            this.heapMax = heapMax;
            this.threads = threads;
            this.gcCount = gcCount;
            this.gcMillis = gcMillis;
        }
    }

    /** @return the figures now */
    Sample sample();

    /** @return java.lang.management's view of this JVM */
    static JvmSource platform() {
        return () -> {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                // -1 means this collector does not count; the others still do
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new Sample(heap.getUsed(), heap.getMax(), ManagementFactory.getThreadMXBean().getThreadCount(),
                    count, millis);
        };
    }
}
