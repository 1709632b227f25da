package org.rocmon.collector.internal.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.rocmon.collector.internal.NamedThreads;

/**
 * The threads collectors run on, and the node-wide schedule facts. The scheduler only fires ticks and deadlines,
 * never calls a mixin. Metric calls run on a fixed-size pool with a bounded queue: when more calls come due than
 * threads are free they wait and start late (the lateness histogram shows it) instead of being refused, and a
 * metric that hangs holds one thread, and only one, since its slot stays busy and later rounds skip it.
 */
final class Pools implements AutoCloseable {

    /** 1 / golden ratio: consecutive multiples spread evenly over [0, 1) whatever their count. */
    private static final double SPREAD = 0.6180339887498949;

    final ScheduledExecutorService scheduler;
    final ThreadPoolExecutor workers;
    final long maxTimeoutMillis;
    final LatenessHistogram lateness = new LatenessHistogram();
    private final AtomicLong phases = new AtomicLong();
    private final AtomicLong queueRejections = new AtomicLong();

    Pools(int maxWorkers, int maxQueued, long maxTimeoutMillis) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, new NamedThreads("rocmon-collector-"));
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        s.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.scheduler = s;
        int threads = Math.max(2, maxWorkers);
        CallQueue queue = new CallQueue(Math.max(16, maxQueued));
        ThreadPoolExecutor w = new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, queue,
                new NamedThreads("rocmon-metric-"), (call, pool) -> {
                    if (pool.isShutdown() || !queue.force(call)) {
                        throw new RejectedExecutionException("metric call queue is full");
                    }
                });
        queue.pool = w;
        this.workers = w;
        this.maxTimeoutMillis = maxTimeoutMillis;
    }

    /**
     * Grows the pool before queueing: a call is queued only when no thread is idle and the pool is at its maximum
     * (a plain executor either never grows past its core size with an unbounded queue, or keeps every core thread
     * it ever started). Idle threads end after 30 s.
     */
    private static final class CallQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        private transient volatile ThreadPoolExecutor pool;

        CallQueue(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(Runnable call) {
            ThreadPoolExecutor p = pool;
            if (p != null && p.getPoolSize() < p.getMaximumPoolSize()
                    && p.getActiveCount() + size() >= p.getPoolSize()) {
                return false; // no idle thread: the executor starts one
            }
            return super.offer(call);
        }

        boolean force(Runnable call) {
            return super.offer(call);
        }
    }

    /**
     * @param periodMillis a collector's period
     * @return the offset within the period (from the epoch-aligned grid) at which the next collector's rounds
     *         fall; consecutive collectors get offsets spread evenly over the period, as Nagios' inter-check delay
     *         spreads services
     */
    long nextPhase(long periodMillis) {
        double f = (phases.getAndIncrement() * SPREAD) % 1.0;
        return (long) (f * periodMillis);
    }

    void rejectedCall() {
        queueRejections.incrementAndGet();
    }

    /** @return what {@code GET /resource/} shows under {@code scheduler} */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metricThreads", workers.getMaximumPoolSize());
        m.put("busyThreads", workers.getActiveCount());
        m.put("queuedCalls", workers.getQueue().size());
        m.put("queueCapacity", workers.getQueue().size() + workers.getQueue().remainingCapacity());
        m.put("rejectedCalls", queueRejections.get());
        m.put("lateness", lateness.describe());
        return m;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
