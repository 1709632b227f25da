package org.rocmon.collector.internal.resource;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.rocmon.collector.internal.NamedThreads;

/**
 * The threads collectors run on. The scheduler only fires ticks and deadlines, never calls a mixin; metric calls
 * run on a pool that grows on demand (a hung metric holds one thread, and only one, since its slot stays busy), so
 * one stuck probe cannot starve the other collectors.
 */
final class Pools implements AutoCloseable {

    final ScheduledExecutorService scheduler;
    final ExecutorService workers;
    final long maxTimeoutMillis;

    Pools(int maxWorkers, long maxTimeoutMillis) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, new NamedThreads("rocmon-collector-"));
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        s.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.scheduler = s;
        this.workers = new ThreadPoolExecutor(0, Math.max(2, maxWorkers), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new NamedThreads("rocmon-metric-"));
        this.maxTimeoutMillis = maxTimeoutMillis;
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
