package org.rocmon.mixins.metric.system.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The host's processes: their command names and how many tasks are runnable. A seam for fixtures. */
interface ProcessTable {

    /**
     * @return the command name of every process (the kernel's {@code comm}: at most 15 characters)
     * @throws IOException when the table cannot be read
     */
    List<String> names() throws IOException;

    /**
     * @return runnable tasks now (threads included, as the kernel counts them), or -1 when unknown
     * @throws IOException when the figure cannot be read
     */
    int running() throws IOException;

    /** @return /proc when it is there, else the JVM's ProcessHandle (which knows no runnable count) */
    static ProcessTable system() {
        Path proc = Paths.get("/proc");
        if (Files.isReadable(proc.resolve("stat"))) {
            return new ProcessTable() {
                @Override
                public List<String> names() throws IOException {
                    List<String> names = new ArrayList<>();
                    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
                        for (Path pid : pids) {
                            try {
                                names.add(Files.readString(pid.resolve("comm"), StandardCharsets.UTF_8).trim());
                            } catch (IOException e) {
                                // the process ended between the listing and the read
                            }
                        }
                    }
                    return names;
                }

                @Override
                public int running() throws IOException {
                    return procsRunning(Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII));
                }
            };
        }
        return processHandles();
    }

    /** @return the processes as the JVM's ProcessHandle sees them: names from the executable's file name */
    static ProcessTable processHandles() {
        return new ProcessTable() {
            @Override
            public List<String> names() {
                return ProcessHandle.allProcesses().map(p -> p.info().command()
                        .map(c -> Paths.get(c).getFileName().toString()).orElse(""))
                        .collect(Collectors.toList());
            }

            @Override
            public int running() {
                return -1;
            }
        };
    }

    /** @return the {@code procs_running} figure of /proc/stat text, or -1 when absent */
    static int procsRunning(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("procs_running ")) {
                return Integer.parseInt(line.substring("procs_running ".length()).trim());
            }
        }
        return -1;
    }
}
