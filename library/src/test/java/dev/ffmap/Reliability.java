package dev.ffmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Sizes and measurements shared by the reliability tests. Sizes come from system properties
 * that the build sets (small in {@code mvn verify}, large with {@code -Preliability-long});
 * each test writes its figures to {@code target/reliability/<name>.txt} for RELIABILITY.md.
 */
final class Reliability {
    private Reliability() {
    }

    /** The integer system property {@code ffmap.reliability.<name>}, or {@code fallback}. */
    static int size(String name, int fallback) {
        return Integer.getInteger("ffmap.reliability." + name, fallback);
    }

    /** Appends {@code line} to this run's figures for {@code name} (target/reliability/name.txt). */
    static void figure(String name, String line) {
        Path dir = Path.of(System.getProperty("ffmap.reliability.out", "target/reliability"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), line + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long mapsLines() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.count();
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** VmRSS of this process in KiB, from /proc/self/status. */
    static long rssKib() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            String line = lines.filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
    }

    /** How many lines of /proc/self/maps name {@code file}. */
    static long mappingsOf(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.endsWith(" " + file)).count();
        }
    }
}
