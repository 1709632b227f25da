package org.rocmon.sensor.internal.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of a node's sensors: one pool sized to the cores that runs every stage actor, one scheduler for
 * ticks and housekeeping, and a watchdog that marks stages whose call exceeds the timeout as hung. A hung call
 * keeps its thread, so the watchdog grows the pool by one thread per hung call and shrinks it back when the
 * call returns: one stuck mixin can never starve the others.
 */
public final class StageHost implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StageHost.class);

    private final int baseThreads;
    private final long timeoutNanos;
    private final int inboxCapacity;
    private final int highWater;
    private final int lowWater;
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Set<Stage> stages = ConcurrentHashMap.newKeySet();
    private final RateLimitedLog errorLog = new RateLimitedLog(LOG, 10_000);
    private final ScheduledFuture<?> watchdog;
    private int extraThreads;

    /**
     * @param threads pool threads, 0 for the number of cores
     * @param timeoutMillis how long one mixin call may take before its stage is hung
     * @param inboxCapacity bound of each stage's inbox
     */
    public StageHost(int threads, long timeoutMillis, int inboxCapacity) {
        this(threads, timeoutMillis, inboxCapacity, 50, 25);
    }

    /**
     * @param highPercent inbox fill (percent of capacity) at which a stage is congested and acks are withheld
     * @param lowPercent inbox fill at which a congested stage is clear again and withheld acks go out
     */
    public StageHost(int threads, long timeoutMillis, int inboxCapacity, int highPercent, int lowPercent) {
        this.baseThreads = threads > 0 ? threads : Math.max(2, Runtime.getRuntime().availableProcessors());
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMillis));
        this.inboxCapacity = Math.max(1, inboxCapacity);
        int high = Math.min(100, Math.max(1, highPercent));
        int low = Math.min(high, Math.max(0, lowPercent));
        this.highWater = Math.max(1, (int) ((long) this.inboxCapacity * high / 100));
        this.lowWater = Math.min(highWater - 1, (int) ((long) this.inboxCapacity * low / 100));
        this.pool = new ThreadPoolExecutor(baseThreads, baseThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("rocmon-sensor-stage"));
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("rocmon-sensor-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long every = Math.max(10, Math.min(250, timeoutMillis / 4));
        this.watchdog = scheduler.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // only after close: the node is going away, the work is moot
        }
    }

    /** @return the shared scheduler for ticks and housekeeping */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public int inboxCapacity() {
        return inboxCapacity;
    }

    /** @return inbox level at or above which a stage is congested */
    public int highWater() {
        return highWater;
    }

    /** @return inbox level at or below which a congested stage is clear again */
    public int lowWater() {
        return lowWater;
    }

    /** @return current pool size limit, for tests and status */
    public int poolSize() {
        return pool.getCorePoolSize();
    }

    void register(Stage stage) {
        stages.add(stage);
    }

    void unregister(Stage stage) {
        stages.remove(stage);
    }

    void logError(Stage stage, String what, Throwable t) {
        errorLog.warn(stage.owner() + "/" + stage.mixinId() + "/" + what,
                "sensor " + stage.owner() + ": mixin " + stage.mixinId() + " failed in " + what, t);
    }

    void logHang(Stage stage) {
        LOG.warn("sensor {}: mixin {} has been in one call for more than {} ms; stage marked hung, its inbox drops",
                stage.owner(), stage.mixinId(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
    }

    void logRecovered(Stage stage) {
        LOG.info("sensor {}: mixin {} returned from its hung call; stage running again", stage.owner(),
                stage.mixinId());
    }

    /** Called by the watchdog and by a stage whose hung call returned. */
    synchronized void compensate(int delta) {
        extraThreads = Math.max(0, extraThreads + delta);
        int size = baseThreads + extraThreads;
        if (size > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(size);
            pool.setCorePoolSize(size);
        } else {
            pool.setCorePoolSize(size);
            pool.setMaximumPoolSize(size);
        }
    }

    private void watch() {
        long now = System.nanoTime();
        for (Stage s : stages) {
            try {
                s.checkHung(now, timeoutNanos);
            } catch (RuntimeException e) {
                LOG.warn("watchdog failed on a stage", e);
            }
        }
    }

    @Override
    public void close() {
        watchdog.cancel(false);
        scheduler.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
