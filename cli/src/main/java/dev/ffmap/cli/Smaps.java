package dev.ffmap.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What Linux says about this process's memory and the machine's huge pages: the AnonHugePages of
 * a region in /proc/self/smaps, MemAvailable in /proc/meminfo, and the transparent huge page
 * mode in /sys/kernel/mm/transparent_hugepage.
 */
final class Smaps {
    private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage");

    private Smaps() {
    }

    /**
     * Kilobytes of huge pages backing {@code [address, address + length)}: the sum of
     * AnonHugePages over the entries of /proc/self/smaps the range overlaps (an entry is a VMA,
     * which may start before the range, e.g. malloc's header; 0 where smaps cannot be read).
     */
    static long anonHugePagesKib(long address, long length) {
        long total = 0;
        boolean inside = false;
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/smaps"))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                // an entry's first line starts "7f06e5800000-7f06e5a00000 rw-p"; its fields "Size:"
                if (dash > 0 && space > dash && line.lastIndexOf(':', space) < 0) {
                    long from = Long.parseUnsignedLong(line.substring(0, dash), 16);
                    long to = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                    inside = from < address + length && to > address;
                } else if (inside && line.startsWith("AnonHugePages:")) {
                    total += Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return total;
    }

    /** MemAvailable from /proc/meminfo, in bytes; empty where it cannot be read. */
    static OptionalLong memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) << 10);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: no bound known
        }
        return OptionalLong.empty();
    }

    /**
     * The transparent huge page mode for anonymous memory: the global one in {@code enabled},
     * unless the PMD size's own {@code hugepages-<size>kB/enabled} (Linux 6.8+) overrides it.
     *
     * @param mode    always, madvise, never, or null where the kernel has no THP
     * @param where   the file the mode was read from
     */
    record Thp(String mode, Path where) {
        static Thp read() {
            Path global = THP.resolve("enabled");
            String mode = chosen(global);
            try {
                long pmd = Long.parseLong(Files.readString(THP.resolve("hpage_pmd_size")).trim());
                Path own = THP.resolve("hugepages-" + (pmd >> 10) + "kB/enabled");
                String ownMode = chosen(own);
                if (ownMode != null && !ownMode.equals("inherit")) {
                    return new Thp(ownMode, own);
                }
            } catch (IOException | RuntimeException e) {
                // an older kernel: the global mode alone
            }
            return new Thp(mode, global);
        }

        /** The [bracketed] choice of a sysfs mode file, or null. */
        private static String chosen(Path file) {
            try {
                String text = Files.readString(file);
                int open = text.indexOf('[');
                int close = text.indexOf(']');
                return open >= 0 && close > open ? text.substring(open + 1, close) : null;
            } catch (IOException e) {
                return null;
            }
        }

        boolean available() {
            return mode != null && !mode.equals("never");
        }

        String describe() {
            return mode == null ? "transparent huge pages: none (no " + where + ")"
                    : "transparent huge pages: " + mode + " (" + where + ")";
        }
    }
}
