package io.modelfn.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's {@code /proc} says about a process: its state, CPU time and resident memory. */
final class ProcessProbe {

    private ProcessProbe() {
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name: index 0 is the state (field 3). */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException("no process " + pid, e);
        }
    }

    /** The state letter: {@code R} running, {@code S} sleeping, {@code T} stopped (SIGSTOP). */
    static char state(long pid) {
        return statFields(pid)[0].charAt(0);
    }

    /** User plus system CPU time, in clock ticks (fields 14 and 15 of {@code /proc/<pid>/stat}). */
    static long cpuTicks(long pid) {
        String[] fields = statFields(pid);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** {@code VmRSS} of {@code /proc/<pid>/status}, in kB. */
    static long residentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS for process " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException("no process " + pid, e);
        }
    }
}
