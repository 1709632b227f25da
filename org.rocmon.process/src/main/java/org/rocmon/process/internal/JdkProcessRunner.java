package org.rocmon.process.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.rocmon.api.mixin.ProcessResult;

/**
 * The fallback runner where native spawning is unavailable: {@link ProcessBuilder} (standard input from
 * {@code /dev/null}, standard error merged), read and watched by one thread ({@value #THREAD_NAME}) without a
 * thread per program. The JDK offers no readiness for a process pipe, so the thread polls: {@code available()}
 * bytes of every program's output and {@code isAlive()}, every {@value #MIN_TICK_MILLIS} ms after activity, backing
 * off to {@value #MAX_TICK_MILLIS} ms while nothing happens. {@code onExit()} is not used: on machines with fewer
 * than three processors its async stage starts a new thread per program. The JDK's own reaper threads wait for
 * the children. A timeout kills the program's descendants, then the program (no process groups here).
 */
final class JdkProcessRunner extends BoundedRunner<JdkProcessRunner.Proc> {

    static final String MECHANISM = "jdk";
    static final int MIN_TICK_MILLIS = 1;
    static final int MAX_TICK_MILLIS = 20;
    private static final File DEV_NULL = new File("/dev/null");
    private static final int MAX_READS = 16;
    private static final long STUCK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A running program; its mutable state belongs to the I/O thread once published. */
    static final class Proc extends RunningProgram<Proc> {
        final Process process;
        final InputStream in;
        boolean finished;

        Proc(Job<Proc> job, Process process, long startNanos, long startMillis) {
            super(job, startNanos, startMillis);
            this.process = process;
            this.in = process.getInputStream();
        }
    }

    // I/O thread only
    private final List<Proc> running = new ArrayList<>();
    private final byte[] buffer = new byte[64 * 1024];
    private long tickNanos = TimeUnit.MILLISECONDS.toNanos(MIN_TICK_MILLIS);

    JdkProcessRunner(int maxConcurrent, int maxQueued, boolean spawnOnCaller) {
        super(MECHANISM, maxConcurrent, maxQueued, spawnOnCaller);
        startThread();
    }

    @Override
    protected Proc spawn(Job<Proc> job) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(job.request.command()).redirectInput(Redirect.from(DEV_NULL))
                .redirectErrorStream(true);
        if (job.request.directory() != null) {
            builder.directory(job.request.directory().toFile());
        }
        try {
            builder.environment().putAll(job.request.environment());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot start: invalid environment variable: " + e.getMessage(), e);
        }
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        Process process = builder.start();
        started();
        return new Proc(job, process, startNanos, startMillis);
    }

    @Override
    protected void wake() {
        LockSupport.unpark(ioThread());
    }

    @Override
    protected void loop() {
        while (true) {
            try {
                if (!iteration()) {
                    return;
                }
            } catch (Throwable t) { // never let the loop die
                log.error("process I/O loop failed; going on", t);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    private boolean iteration() {
        int before = running.size();
        admit(this::adopt, this::killAbandoned);
        if (closed()) {
            shutdown();
            return false;
        }
        boolean active = running.size() != before;
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        int kept = 0;
        for (int i = 0, n = running.size(); i < n; i++) {
            Proc p = running.get(i);
            try {
                active |= readAvailable(p);
                if (!p.process.isAlive()) {
                    readAvailable(p); // what it wrote before exiting, without waiting for end of file
                    finish(p, now);
                    active = true;
                    continue;
                }
                if (now - p.deadline >= 0) {
                    expire(p, now);
                }
            } catch (RuntimeException | Error e) {
                log.error("process {} ({}) failed in the I/O loop", p.process.pid(), p.job.request, e);
                p.job.fail(new IOException("internal error while running " + p.job.request.command().get(0), e));
                if (p.finished) {
                    continue; // finish released it
                }
                kill(p);
            }
            next = Math.min(next, p.deadline);
            running.set(kept++, p);
        }
        boolean freed = kept < running.size();
        running.subList(kept, running.size()).clear();
        if (freed) {
            return true; // admit queued requests into the freed slots before parking
        }
        if (running.isEmpty()) {
            tickNanos = TimeUnit.MILLISECONDS.toNanos(MIN_TICK_MILLIS);
            LockSupport.park(this); // until wake()
            return true;
        }
        tickNanos = active ? TimeUnit.MILLISECONDS.toNanos(MIN_TICK_MILLIS)
                : Math.min(2 * tickNanos, TimeUnit.MILLISECONDS.toNanos(MAX_TICK_MILLIS));
        LockSupport.parkNanos(this, Math.max(0, Math.min(tickNanos, next - System.nanoTime())));
        return true;
    }

    private void adopt(Proc p) {
        running.add(p);
        if (p.job.abandoned()) {
            killAbandoned(p);
        }
    }

    private void killAbandoned(Proc p) {
        if (!p.killed && p.process.isAlive()) {
            kill(p);
            stats.killed.increment();
            p.deadline = System.nanoTime() + KILL_GRACE_NANOS;
        }
    }

    private static void kill(Proc p) {
        // No process group: its descendants as they are now, then the program itself.
        p.process.descendants().forEach(ProcessHandle::destroyForcibly);
        p.process.destroyForcibly();
        p.killed = true;
    }

    private void expire(Proc p, long now) {
        if (!p.killed) {
            kill(p);
            p.expired(now);
            p.deadline = now + KILL_GRACE_NANOS;
        } else {
            if (!p.delivered()) {
                log.warn("process {} ({}) not gone {} ms after being killed; still waiting for it",
                        p.process.pid(), p.job.request, TimeUnit.NANOSECONDS.toMillis(KILL_GRACE_NANOS));
                deliverResult(p, now);
            } else {
                kill(p);
            }
            p.deadline = now + STUCK_RETRY_NANOS;
        }
    }

    /** @return whether anything was read */
    private boolean readAvailable(Proc p) {
        int total = 0;
        try {
            for (int i = 0, available; i < MAX_READS && (available = p.in.available()) > 0; i++) {
                int n = p.in.read(buffer, 0, Math.min(available, buffer.length));
                if (n < 0) {
                    break;
                }
                p.output.append(buffer, 0, n);
                total += n;
            }
        } catch (IOException e) {
            // closed under us by the JDK after exit; what it drained stays readable, nothing more to do
        }
        return total > 0;
    }

    private void finish(Proc p, long now) {
        p.finished = true;
        closeStream(p);
        release();
        deliverResult(p, now);
    }

    private void deliverResult(Proc p, long now) {
        ProcessResult result = p.takeResult(now, p.process.isAlive() ? -1 : p.process.exitValue());
        if (result != null) {
            deliver(p.job, result);
        }
    }

    private static void closeStream(Proc p) {
        try {
            p.in.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private void shutdown() {
        admit(this::adopt, this::killAbandoned);
        failQueued();
        for (Proc p : running) {
            if (!p.killed && p.process.isAlive()) {
                kill(p);
                stats.killed.increment();
            }
            if (!p.job.future.isDone()) {
                p.markDelivered();
                failShutdown(p.job);
            }
            closeStream(p);
        }
        long end = System.nanoTime() + SHUTDOWN_REAP_NANOS;
        while (!running.isEmpty() && end - System.nanoTime() > 0) {
            running.removeIf(p -> {
                if (!p.process.isAlive()) {
                    release();
                    return true;
                }
                return false;
            });
            if (!running.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        for (Proc p : running) {
            log.warn("process {} ({}) still alive at shutdown", p.process.pid(), p.job.request);
            release();
        }
        running.clear();
    }

    @Override
    protected void released(boolean stopped) {
        // the JDK owns the pipes and reaper threads
    }

    @Override
    public String toString() {
        return "jdk ProcessBuilder";
    }
}
