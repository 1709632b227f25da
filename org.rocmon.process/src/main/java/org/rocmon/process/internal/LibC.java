package org.rocmon.process.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc functions the native runner calls, bound with JNA direct mapping (no proxy, no reflection per
 * call). Loading this class fails with a {@link LinkageError} when a symbol is missing, e.g. on a glibc older than
 * 2.34 without {@code posix_spawn_file_actions_addclosefrom_np}; {@link NativeSpawner#unavailable()} turns that
 * into the fallback to the JDK. {@code size_t}, {@code ssize_t} and {@code nfds_t} are Java {@code long}s, so the
 * binding is only used on 64-bit Linux (x86-64 and aarch64), whose constants below are the same.
 */
final class LibC {

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    // <spawn.h>
    static final short POSIX_SPAWN_SETPGROUP = 0x02;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    // <fcntl.h> (asm-generic values, shared by x86-64 and aarch64)
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int F_SETFL = 4;

    // <sys/eventfd.h>
    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;

    // <poll.h>
    static final short POLLIN = 0x001;
    static final short POLLERR = 0x008;
    static final short POLLHUP = 0x010;
    static final short POLLNVAL = 0x020;

    // <sys/wait.h>, <signal.h>
    static final int WNOHANG = 1;
    static final int SIGKILL = 9;

    // <errno.h>
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int ECHILD = 10;
    static final int EAGAIN = 11;
    static final int ENOSYS = 38;

    /** {@code __NR_pidfd_open}: 434 on x86-64 and in the generic table aarch64 uses (Linux 5.3). */
    static final long SYS_PIDFD_OPEN = 434;

    static native int posix_spawn(int[] pid, Pointer path, Pointer fileActions, Pointer attr, Pointer argv,
            Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer fileActions);

    static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    static native int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, byte[] path, int flags, int mode);

    static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    static native int posix_spawn_file_actions_addchdir_np(Pointer fileActions, byte[] path);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int pipe2(int[] fds, int flags);

    /** Variadic in C; called with one int argument, which both ABIs pass like a fixed one. */
    static native int fcntl(int fd, int cmd, int arg);

    static native long read(int fd, Pointer buffer, long count);

    static native int close(int fd);

    static native int kill(int pid, int signal);

    static native int waitpid(int pid, Pointer status, int options);

    static native int poll(Pointer fds, long count, int timeoutMillis);

    static native int eventfd(int initial, int flags);

    static native int eventfd_write(int fd, long value);

    /** Variadic in C; called with two integer arguments, which both ABIs pass like fixed ones. */
    static native long syscall(long number, long arg1, long arg2);

    static native String strerror(int errno);

    /** @return errno of the last native call on this thread */
    static int errno() {
        return Native.getLastError();
    }

    /** @return "message (errno n)" for an error number */
    static String describe(int errno) {
        String text;
        try {
            text = strerror(errno);
        } catch (RuntimeException e) {
            text = null;
        }
        return (text == null ? "error" : text) + " (errno " + errno + ")";
    }

    /**
     * @param status a wait status from {@code waitpid}
     * @return the exit code when exited, {@code 128 + n} when killed by signal {@code n}, else -1
     */
    static int exitCode(int status) {
        int signal = status & 0x7f;
        if (signal == 0) {
            return (status >> 8) & 0xff; // WIFEXITED, WEXITSTATUS
        }
        if (signal != 0x7f) {
            return 128 + signal; // WIFSIGNALED, WTERMSIG
        }
        return -1; // stopped: waitpid without WUNTRACED does not report it
    }
}
