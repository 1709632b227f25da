package org.rocmon.process.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Memory;

import org.rocmon.api.mixin.ProcessResult;

/**
 * The native runner: programs started with {@link NativeSpawner} (by the I/O thread, or by the caller when so
 * built; see {@link BoundedRunner}), then one thread ({@value #THREAD_NAME}) that
 * {@code poll(2)}s every running program's output pipe and pidfd plus an eventfd for wake-ups. Output is read as
 * it comes (so no program blocks on a full pipe) into a buffer capped at the request's limit. A readable pidfd
 * means the program exited: it is reaped with {@code waitpid(WNOHANG)}, its pipe drained once more without
 * waiting for end of file (a grandchild may hold it), and its future completed. At its deadline a program's whole
 * process group gets SIGKILL. Without pidfds (Linux before 5.3) running programs are swept with
 * {@code waitpid(WNOHANG)} every {@value #SWEEP_MILLIS} ms.
 */
final class ProcessReactor extends BoundedRunner<ProcessReactor.Proc> {

    static final String MECHANISM = "native";
    static final int SWEEP_MILLIS = 5;
    private static final int READ_BYTES = 64 * 1024;
    /** Reads per pipe per wake-up, so one chatty program cannot starve the others. */
    private static final int MAX_READS = 16;
    private static final int POLLFD_BYTES = 8;
    private static final long STUCK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A running program; its mutable state belongs to the I/O thread once published. */
    static final class Proc extends RunningProgram<Proc> {
        final int pid;
        int outFd;
        int pidFd;
        int status;
        boolean reaped;

        Proc(Job<Proc> job, NativeSpawner.Spawned spawned, long startNanos, long startMillis) {
            super(job, startNanos, startMillis);
            this.pid = spawned.pid();
            this.outFd = spawned.outFd();
            this.pidFd = spawned.pidFd();
        }
    }

    private final NativeSpawner spawner;
    private final int eventFd;
    private final AtomicBoolean wakeArmed = new AtomicBoolean();

    // I/O thread only
    private final List<Proc> running = new ArrayList<>();
    static final long PIPE_GRACE_MILLIS = 10;
    private static final long PIPE_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(PIPE_GRACE_MILLIS);
    private final Memory readMemory = new Memory(READ_BYTES);
    private final ByteBuffer readView = readMemory.getByteBuffer(0, READ_BYTES);
    private final Memory status = new Memory(8);
    private Memory pollMemory;
    private ByteBuffer pollView;

    /**
     * @param maxConcurrent programs running at once
     * @param maxQueued requests waiting beyond that
     * @param spawnOnCaller spawn on the calling thread when a slot is free (else on the I/O thread)
     * @param usePidfds false forces the {@code waitpid} sweep
     * @throws IOException when the eventfd or the spawn attributes cannot be created
     */
    ProcessReactor(int maxConcurrent, int maxQueued, boolean spawnOnCaller, boolean usePidfds) throws IOException {
        super(MECHANISM, maxConcurrent, maxQueued, spawnOnCaller);
        spawner = new NativeSpawner(usePidfds);
        eventFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (eventFd < 0) {
            spawner.close();
            throw new IOException("eventfd: " + LibC.describe(LibC.errno()));
        }
        ensurePollCapacity(1 + 2 * Math.min(maxConcurrent, 64));
        startThread();
    }

    /** @return how children are reaped: pidfd or waitpid sweep */
    String reaping() {
        return spawner.toString();
    }

    // ---- any thread ----

    @Override
    protected Proc spawn(Job<Proc> job) throws IOException {
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        NativeSpawner.Spawned spawned = spawner.spawn(job.request);
        started();
        return new Proc(job, spawned, startNanos, startMillis);
    }

    @Override
    protected void wake() {
        // One write per batch of hand-overs: the I/O thread re-arms before it drains the queues.
        if (wakeArmed.compareAndSet(false, true)) {
            LibC.eventfd_write(eventFd, 1);
        }
    }

    // ---- I/O thread ----

    @Override
    protected void loop() {
        while (true) {
            try {
                if (!iteration()) {
                    return;
                }
            } catch (Throwable t) { // never let the loop die; an Error here is logged and the loop goes on
                log.error("process I/O loop failed; going on", t);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    private boolean iteration() {
        wakeArmed.set(false);
        admit(this::adopt, this::killAbandoned);
        if (closed()) {
            shutdown();
            return false;
        }
        int count = fillPollSet();
        int rc = LibC.poll(pollMemory, count, timeoutMillis(System.nanoTime()));
        if (rc < 0) {
            int errno = LibC.errno();
            if (errno != LibC.EINTR) {
                log.warn("poll failed: {}", LibC.describe(errno));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            return true;
        }
        if (revents(0) != 0) {
            LibC.read(eventFd, readMemory, 8); // reset the counter
        }
        long now = System.nanoTime();
        int kept = 0;
        for (int i = 0, n = running.size(); i < n; i++) {
            Proc p = running.get(i);
            if (!step(p, revents(1 + 2 * i), revents(2 + 2 * i), now)) {
                running.set(kept++, p);
            }
        }
        running.subList(kept, running.size()).clear();
        return true;
    }

    /** @return whether the program is done (reaped) and leaves the set */
    private boolean step(Proc p, short outEvents, short pidEvents, long now) {
        try {
            if (outEvents != 0 && p.outFd >= 0) {
                readOutput(p, false);
            }
            if ((p.pidFd < 0 || pidEvents != 0) && reap(p)) {
                finish(p, now);
                return true;
            }
            if (now - p.deadline >= 0) {
                expire(p, now);
            }
            return false;
        } catch (RuntimeException | Error e) {
            log.error("process {} ({}) failed in the I/O loop", p.pid, p.job.request, e);
            p.job.fail(new IOException("internal error while running " + p.job.request.command().get(0), e));
            if (p.reaped) {
                return true; // finish released it
            }
            if (!p.killed) {
                killGroup(p);
                p.deadline = now + KILL_GRACE_NANOS;
            }
            return false; // reaped later
        }
    }

    private void adopt(Proc p) {
        running.add(p);
        if (p.job.abandoned()) {
            killAbandoned(p);
        }
    }

    private void killAbandoned(Proc p) {
        if (!p.reaped && !p.killed) {
            killGroup(p);
            stats.killed.increment();
            p.deadline = System.nanoTime() + KILL_GRACE_NANOS;
        }
    }

    private void killGroup(Proc p) {
        // The child leads its group (pgid == pid); the pid too, in case it left the group. Only before reaping,
        // so neither number can have been reused.
        LibC.kill(-p.pid, LibC.SIGKILL);
        LibC.kill(p.pid, LibC.SIGKILL);
        p.killed = true;
    }

    private void expire(Proc p, long now) {
        if (!p.killed) {
            killGroup(p);
            p.expired(now);
            p.deadline = now + KILL_GRACE_NANOS;
        } else if (!p.delivered()) {
            // Not reaped within the grace after SIGKILL (stuck in the kernel): deliver now, keep the slot.
            log.warn("process {} ({}) not gone {} ms after SIGKILL; still waiting to reap it", p.pid,
                    p.job.request, TimeUnit.NANOSECONDS.toMillis(KILL_GRACE_NANOS));
            readOutput(p, true);
            deliverResult(p, now);
            p.deadline = now + STUCK_RETRY_NANOS;
        } else {
            killGroup(p);
            p.deadline = now + STUCK_RETRY_NANOS;
        }
    }

    /** @return whether the program was reaped now */
    private boolean reap(Proc p) {
        int rc = LibC.waitpid(p.pid, status, LibC.WNOHANG);
        if (rc == p.pid) {
            p.status = status.getInt(0);
            p.reaped = true;
            return true;
        }
        if (rc == 0) {
            return false;
        }
        int errno = LibC.errno();
        if (errno == LibC.ECHILD) {
            // Someone else reaped it (SIGCHLD ignored, or a waitpid(-1) elsewhere in the JVM): status lost.
            p.reaped = true;
            p.job.fail(new IOException("exit status of " + p.job.request.command().get(0) + " (pid " + p.pid
                    + ") was lost: reaped outside the process runner"));
            return true;
        }
        if (errno != LibC.EINTR) {
            log.warn("waitpid({}) failed: {}", p.pid, LibC.describe(errno));
        }
        return false;
    }

    private void finish(Proc p, long now) {
        try {
            if (p.outFd >= 0) {
                readOutput(p, true);
            }
        } finally {
            closeFds(p);
            release();
        }
        deliverResult(p, now);
    }

    private void deliverResult(Proc p, long now) {
        ProcessResult result = p.takeResult(now, LibC.exitCode(p.status));
        if (result != null) {
            deliver(p.job, result);
        }
    }

    /**
     * Reads what the pipe holds. Outside the final drain, a short read ends the turn (poll reports the rest);
     * the final drain reads until the pipe is empty, at end of file or after {@value #MAX_READS} reads.
     */
    private void readOutput(Proc p, boolean drain) {
        for (int i = 0; i < MAX_READS && p.outFd >= 0; i++) {
            long n = LibC.read(p.outFd, readMemory, READ_BYTES);
            if (n > 0) {
                p.output.append(readView, (int) n);
                if (!drain && n < READ_BYTES) {
                    return;
                }
            } else if (n == 0) {
                closeOut(p);
            } else {
                int errno = LibC.errno();
                if (errno == LibC.EINTR) {
                    continue;
                }
                if (errno != LibC.EAGAIN) {
                    log.warn("reading output of process {} failed: {}", p.pid, LibC.describe(errno));
                    closeOut(p);
                }
                return;
            }
        }
    }

    private static void closeOut(Proc p) {
        if (p.outFd >= 0) {
            LibC.close(p.outFd);
            p.outFd = -1;
        }
    }

    private static void closeFds(Proc p) {
        closeOut(p);
        if (p.pidFd >= 0) {
            LibC.close(p.pidFd);
            p.pidFd = -1;
        }
    }

    private int fillPollSet() {
        int count = 1 + 2 * running.size();
        ensurePollCapacity(count);
        ByteBuffer v = pollView;
        setPollFd(v, 0, eventFd);
        long now = System.nanoTime();
        for (int i = 0, n = running.size(); i < n; i++) {
            Proc p = running.get(i);
            setPollFd(v, 1 + 2 * i, quiet(p, now) ? -1 : p.outFd);
            setPollFd(v, 2 + 2 * i, p.pidFd);
        }
        return count;
    }

    /**
     * Most plugins print a line and exit within milliseconds, and the pipe holds 64 KiB: watching only the pidfd for
     * the first {@value #PIPE_GRACE_MILLIS} ms saves a wake-up per check, and the output is drained at exit. A
     * program still running after that has its pipe watched too, so one that writes more than the pipe holds waits
     * at most that long.
     */
    private static boolean quiet(Proc p, long now) {
        return p.pidFd >= 0 && now - p.startNanos < PIPE_GRACE_NANOS;
    }

    private static void setPollFd(ByteBuffer v, int index, int fd) {
        int off = index * POLLFD_BYTES;
        v.putInt(off, fd); // a negative fd is ignored by poll
        v.putShort(off + 4, LibC.POLLIN);
        v.putShort(off + 6, (short) 0);
    }

    private short revents(int index) {
        return pollView.getShort(index * POLLFD_BYTES + 6);
    }

    private void ensurePollCapacity(int entries) {
        long bytes = (long) entries * POLLFD_BYTES;
        if (pollMemory == null || pollMemory.size() < bytes) {
            long size = Math.max(bytes, pollMemory == null ? 0 : 2 * pollMemory.size());
            pollMemory = new Memory(size);
            pollView = pollMemory.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        }
    }

    private int timeoutMillis(long now) {
        long next = Long.MAX_VALUE;
        boolean sweep = false;
        for (int i = 0, n = running.size(); i < n; i++) {
            Proc p = running.get(i);
            next = Math.min(next, p.deadline);
            if (quiet(p, now)) {
                next = Math.min(next, p.startNanos + PIPE_GRACE_NANOS);
            }
            sweep |= p.pidFd < 0;
        }
        if (next == Long.MAX_VALUE && !sweep) {
            return -1;
        }
        long millis = next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, (next - now + 999_999) / 1_000_000);
        if (sweep) {
            millis = Math.min(millis, SWEEP_MILLIS);
        }
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    private void shutdown() {
        admit(this::adopt, this::killAbandoned); // programs spawned by callers just before close
        failQueued();
        for (Proc p : running) {
            if (!p.killed) {
                killGroup(p);
                stats.killed.increment();
            }
            if (!p.job.future.isDone()) {
                p.markDelivered();
                failShutdown(p.job);
            }
        }
        for (Proc p : running) {
            closeOut(p); // output is no longer wanted, and an open pipe would keep poll from waiting
        }
        long end = System.nanoTime() + SHUTDOWN_REAP_NANOS;
        while (!running.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            int count = fillPollSet();
            LibC.poll(pollMemory, count, (int) Math.min(SWEEP_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            running.removeIf(p -> {
                if (reap(p)) {
                    closeFds(p);
                    release();
                    return true;
                }
                return false;
            });
        }
        for (Proc p : running) {
            log.warn("process {} ({}) not reaped at shutdown", p.pid, p.job.request);
            closeFds(p);
            release();
        }
        running.clear();
    }

    @Override
    protected void released(boolean stopped) {
        if (stopped) { // else the thread may still poll the eventfd: leak it rather than close it under its feet
            LibC.close(eventFd);
            spawner.close();
        }
    }

    @Override
    public String toString() {
        return "native " + spawner;
    }
}
