package org.rocmon.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;

import org.rocmon.api.mixin.ProcessRequest;

/**
 * Starts programs with {@code posix_spawn}: standard input from {@code /dev/null}, standard output and error into
 * one pipe, every other descriptor closed with {@code close_range} in the child (glibc's
 * {@code posix_spawn_file_actions_addclosefrom_np}, instead of the JDK's walk of {@code /proc/self/fd}), its own
 * process group, an empty signal mask and every signal at its default action. Thread-safe: any thread may spawn.
 */
final class NativeSpawner implements AutoCloseable {

    /** glibc's structures are 80 (file actions), 336 (attributes) and 128 (sigset) bytes; room to spare. */
    private static final int STRUCT_BYTES = 512;
    private static final String ENCODING = StandardCharsets.UTF_8.name();
    private static final byte[] DEV_NULL = "/dev/null\0".getBytes(StandardCharsets.US_ASCII);

    /** A started program: its pid (and process group), the parent's read end of its output, its pidfd or -1. */
    record Spawned(int pid, int outFd, int pidFd) {
    }

    /** Most programs are started again and again with the same words: keep their native copies (bounded). */
    private static final int CACHED = 4096;
    /** File actions are set up and destroyed within one spawn, so one block per spawning thread suffices. */
    private static final ThreadLocal<Memory> ACTIONS = ThreadLocal.withInitial(() -> new Memory(STRUCT_BYTES));

    private final Map<List<String>, StringArray> argvs = new ConcurrentHashMap<>();
    private final Map<Map<String, String>, StringArray> envps = new ConcurrentHashMap<>();
    private final Memory attr = new Memory(STRUCT_BYTES);
    private final Memory emptySet = new Memory(STRUCT_BYTES);
    private final Memory fullSet = new Memory(STRUCT_BYTES);
    private final Map<String, String> nodeEnvironment;
    /** The node's environment as {@code envp}, shared by every request that adds no variable. */
    private final StringArray nodeEnvp;
    private volatile boolean pidfds;

    /**
     * @param usePidfds open a pidfd for each child (false forces the {@code waitpid} sweep, as on kernels before
     *        5.3)
     * @throws IOException when the spawn attributes cannot be set up
     */
    NativeSpawner(boolean usePidfds) throws IOException {
        check("posix_spawnattr_init", LibC.posix_spawnattr_init(attr));
        check("sigemptyset", LibC.sigemptyset(emptySet) == 0 ? 0 : LibC.errno());
        check("sigfillset", LibC.sigfillset(fullSet) == 0 ? 0 : LibC.errno());
        check("posix_spawnattr_setsigmask", LibC.posix_spawnattr_setsigmask(attr, emptySet));
        check("posix_spawnattr_setsigdefault", LibC.posix_spawnattr_setsigdefault(attr, fullSet));
        check("posix_spawnattr_setpgroup", LibC.posix_spawnattr_setpgroup(attr, 0));
        check("posix_spawnattr_setflags", LibC.posix_spawnattr_setflags(attr,
                (short) (LibC.POSIX_SPAWN_SETPGROUP | LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF)));
        nodeEnvironment = Map.copyOf(System.getenv());
        nodeEnvp = envp(nodeEnvironment);
        pidfds = usePidfds && probePidfd();
    }

    /**
     * @return why native spawning cannot be used here, or null when it can (Linux on x86-64 or aarch64 with a
     *         glibc that has every function {@link LibC} binds)
     */
    static String unavailable() {
        String arch = Platform.ARCH;
        if (!Platform.isLinux() || Native.POINTER_SIZE != 8 || !(arch.equals("x86-64") || arch.equals("aarch64"))) {
            return "not 64-bit Linux on x86-64 or aarch64 (" + System.getProperty("os.name") + "/" + arch + ")";
        }
        try {
            LibC.errno(); // initialises LibC: registers every symbol or fails
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "libc binding failed: " + e;
        }
    }

    /** @return whether children get a pidfd (false: the reactor sweeps with {@code waitpid}) */
    boolean pidfds() {
        return pidfds;
    }

    /**
     * Starts a program; returns once it has exec'ed (or failed to).
     *
     * @throws IOException when the program cannot be started; nothing is left open and no child is left behind
     *         (glibc reaps a child whose exec failed)
     */
    Spawned spawn(ProcessRequest request) throws IOException {
        List<String> command = request.command();
        StringArray argv = cached(argvs, command, () -> new StringArray(command.toArray(new String[0]), ENCODING));
        StringArray envp = request.environment().isEmpty() ? nodeEnvp
                : cached(envps, request.environment(), () -> envp(merged(request.environment())));
        byte[] directory = directory(request.directory());
        int[] pipe = new int[2];
        if (LibC.pipe2(pipe, LibC.O_CLOEXEC) != 0) {
            throw new IOException("cannot start " + command.get(0) + ": pipe2: " + LibC.describe(LibC.errno()));
        }
        // Only the parent's end is non-blocking: O_NONBLOCK belongs to the open file, and the child's stdout must
        // block when the pipe is full, not fail with EAGAIN.
        if (LibC.fcntl(pipe[0], LibC.F_SETFL, LibC.O_NONBLOCK) != 0) {
            int errno = LibC.errno();
            LibC.close(pipe[0]);
            LibC.close(pipe[1]);
            throw new IOException("cannot start " + command.get(0) + ": fcntl: " + LibC.describe(errno));
        }
        int pid;
        Memory actions = ACTIONS.get();
        boolean started = false;
        try {
            check("posix_spawn_file_actions_init", LibC.posix_spawn_file_actions_init(actions));
            try {
                check("addopen", LibC.posix_spawn_file_actions_addopen(actions, 0, DEV_NULL, LibC.O_RDONLY, 0));
                check("adddup2", LibC.posix_spawn_file_actions_adddup2(actions, pipe[1], 1));
                check("adddup2", LibC.posix_spawn_file_actions_adddup2(actions, pipe[1], 2));
                if (directory != null) {
                    check("addchdir_np", LibC.posix_spawn_file_actions_addchdir_np(actions, directory));
                }
                check("addclosefrom_np", LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3));
                int[] out = new int[1];
                int rc = LibC.posix_spawn(out, argv.getPointer(0), actions, attr, argv, envp);
                if (rc != 0) {
                    throw new IOException("cannot start " + command.get(0)
                            + (directory == null ? "" : " in " + request.directory()) + ": " + LibC.describe(rc));
                }
                pid = out[0];
                started = true;
            } finally {
                LibC.posix_spawn_file_actions_destroy(actions);
            }
        } finally {
            LibC.close(pipe[1]);
            if (!started) {
                LibC.close(pipe[0]);
            }
        }
        return new Spawned(pid, pipe[0], pidfds ? pidfdOpen(pid) : -1);
    }

    /** @return a pidfd, or -1 when the kernel has none (the reactor then sweeps) or the process table is full */
    private int pidfdOpen(int pid) {
        long fd = LibC.syscall(LibC.SYS_PIDFD_OPEN, pid, 0);
        if (fd < 0 && LibC.errno() == LibC.ENOSYS) {
            pidfds = false;
        }
        return (int) fd;
    }

    private static boolean probePidfd() {
        long fd = LibC.syscall(LibC.SYS_PIDFD_OPEN, ProcessHandle.current().pid(), 0);
        if (fd < 0) {
            return false; // ENOSYS before Linux 5.3; anything else: do not rely on it either
        }
        LibC.close((int) fd);
        return true;
    }

    private Map<String, String> merged(Map<String, String> variables) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(nodeEnvironment);
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0) {
                throw new IOException("cannot start: invalid environment variable name or value: " + name);
            }
            all.put(name, e.getValue());
        }
        return all;
    }

    private interface NativeCopy {
        StringArray make() throws IOException;
    }

    private static <K> StringArray cached(Map<K, StringArray> cache, K key, NativeCopy make) throws IOException {
        StringArray found = cache.get(key);
        if (found != null) {
            return found;
        }
        StringArray made = make.make();
        if (cache.size() >= CACHED) {
            cache.clear(); // a node that runs thousands of distinct command lines pays a copy now and then
        }
        cache.put(key, made);
        return made;
    }

    private static StringArray envp(Map<String, String> variables) {
        String[] pairs = new String[variables.size()];
        int i = 0;
        for (Map.Entry<String, String> e : variables.entrySet()) {
            pairs[i++] = e.getKey() + "=" + e.getValue();
        }
        return new StringArray(pairs, ENCODING);
    }

    private static byte[] directory(Path folder) throws IOException {
        if (folder == null) {
            return null;
        }
        String path = folder.toString();
        if (path.indexOf('\0') >= 0) {
            throw new IOException("cannot start: the working directory holds a NUL character");
        }
        return (path + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static void check(String what, int rc) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: " + LibC.describe(rc));
        }
    }

    @Override
    public void close() {
        LibC.posix_spawnattr_destroy(attr);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "posix_spawn (%s)", pidfds ? "pidfd" : "waitpid sweep");
    }
}
