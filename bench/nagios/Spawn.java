// Cost of starting one plugin from a JVM, by launch mechanism (see bench/README.md):
//   java -Djdk.lang.Process.launchMechanism=VFORK bench/nagios/Spawn.java 1000
import java.util.concurrent.TimeUnit;

/** Starts check_dummy N times in a row and waits for each: wall and CPU (own + reaped children) per start. */
public class Spawn {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        for (int i = 0; i < 200; i++) run(); // warm-up
        long cpu0 = cpu(), t0 = System.nanoTime();
        for (int i = 0; i < n; i++) run();
        long t1 = System.nanoTime(), cpu1 = cpu();
        System.out.printf("%s: %.3f ms wall, %.3f ms CPU per start%n",
                System.getProperty("jdk.lang.Process.launchMechanism", "default(POSIX_SPAWN)"),
                (t1 - t0) / 1e6 / n, (cpu1 - cpu0) * 10.0 / n);
    }
    static void run() throws Exception {
        Process p = new ProcessBuilder("/usr/lib/nagios/plugins/check_dummy", "0", "ok").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
    }
    static long cpu() throws Exception { // clock ticks: utime+stime+cutime+cstime of this JVM
        String s = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/stat")));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        long t = 0; for (int i = 11; i < 15; i++) t += Long.parseLong(f[i]); return t;
    }
}
