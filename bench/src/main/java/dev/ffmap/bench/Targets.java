package dev.ffmap.bench;

import dev.ffmap.bench.Report.Family;
import dev.ffmap.bench.Report.Row;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The suite's targets, each checked against one run's figures: a ratio of two times (or two
 * speeds), the bound it must keep, and whether it did. A figure that is missing says so.
 */
final class Targets {
    private Targets() {
    }

    /** A time ratio a / b that must stay at or below {@code max} (speed targets are turned around). */
    private record Check(String what, String caseA, Predicate<Row> a, String caseB, Predicate<Row> b, double max,
                         boolean speed) {
    }

    private static Predicate<Row> impl(String label) {
        return r -> r.impl().equals(label);
    }

    private static Predicate<Row> implStarts(String prefix) {
        return r -> r.impl().startsWith(prefix);
    }

    private static final Predicate<Row> C = r -> r.family() == Family.C;

    private static Predicate<Row> c(String suffix) {
        return r -> r.family() == Family.C && r.impl().endsWith(suffix);
    }

    private static final List<Check> CHECKS = List.of(
            new Check("Warm scan 1 GiB: Mapping speed ≥ 0.9× best C", "scan-1g", impl("ffmap Mapping"), "scan-1g", C, 1 / 0.9, true),
            new Check("Warm scan 1 GiB: Mapping no slower than the FileChannel.map segment", "scan-1g", impl("ffmap Mapping"),
                    "scan-1g", implStarts("FileChannel"), 1.0, false),
            new Check("5 GiB single segment within 10% of the 1 GiB speed (Mapping)", "scan-5g", impl("ffmap Mapping"),
                    "scan-1g", impl("ffmap Mapping"), 1.1, true),
            new Check("5 GiB: Mapping faster than chunked MappedByteBuffer", "scan-5g", impl("ffmap Mapping"),
                    "scan-5g", implStarts("MappedByteBuffer"), 1.0, false),
            new Check("Mman.mmap + munmap of 4 KiB ≤ 1.1× C's time", "map-unmap-4k", implStarts("ffmap Mman"),
                    "map-unmap-4k", C, 1.1, false),
            new Check("Mapping.map + close (with open/close) ≤ 0.5× FileChannel.open + map + Arena.close, shared arenas",
                    "open-map-close-4k", impl("ffmap Mapping.map + close"), "open-map-close-4k",
                    impl("FileChannel.open + map + close (shared arena)"), 0.5, false),
            new Check("The same, both confined", "open-map-close-4k", impl("ffmap Mapping.map + close, confined"),
                    "open-map-close-4k", impl("FileChannel.open + map + close (confined arena)"), 0.5, false),
            new Check("Map + first scan, MAP_POPULATE: Mapping within 10% of C with MAP_POPULATE", "map-scan-1g",
                    impl("ffmap Mapping, MAP_POPULATE"), "map-scan-1g", c("MAP_POPULATE"), 1.1, false),
            new Check("Map + first scan: Mapping with MAP_POPULATE ≤ 0.8× FileChannel.map + first scan", "map-scan-1g",
                    impl("ffmap Mapping, MAP_POPULATE"), "map-scan-1g", implStarts("FileChannel"), 0.8, false),
            new Check("Random 4 KiB reads: Mapping speed ≥ 0.9× C (default advice)", "random-4k", impl("ffmap Mapping, default"),
                    "random-4k", c("default"), 1 / 0.9, true),
            new Check("msync of 1 MiB: Mapping ≤ 1.1× C's time", "msync-1m", implStarts("ffmap Mapping"), "msync-1m", C, 1.1, false),
            new Check("find: ffmap ≥ 2× CPython's speed", "find-1g", impl("ffmap MappedFile.find"),
                    "find-1g", impl("CPython mmap.find"), 0.5, true),
            new Check("find without the Vector API ≤ 1.5× memmem's time", "find-1g", impl("ffmap MappedFile.find"),
                    "find-1g", c("memmem"), 1.5, false),
            new Check("find with the Vector API ≤ 1.1× memmem's time", "find-1g", impl("ffmap MappedFile.find, Vector API"),
                    "find-1g", c("memmem"), 1.1, false),
            new Check("readLine over 1 GiB faster than CPython's readline() loop", "readline-1g", implStarts("ffmap"),
                    "readline-1g", implStarts("CPython"), 1.0, false));

    static String section(List<Row> rows) {
        StringBuilder md = new StringBuilder("## Targets\n\n| Target | Measured | Met |\n|---|---:|:---:|\n");
        for (Check c : CHECKS) {
            Optional<Double> a = best(rows, c.caseA(), c.a());
            Optional<Double> b = best(rows, c.caseB(), c.b());
            if (a.isEmpty() || b.isEmpty()) {
                md.append("| ").append(c.what()).append(" | not measured in this run | – |\n");
                continue;
            }
            double ratio = perByte(c.caseA(), a.get()) / perByte(c.caseB(), b.get());
            String measured = c.speed()
                    ? String.format(Locale.ROOT, "%.2f× the speed", 1 / ratio)
                    : String.format(Locale.ROOT, "%.2f× the time", ratio);
            md.append("| ").append(c.what()).append(" | ").append(measured).append(" | ")
                    .append(ratio <= c.max() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }

    /** Time per byte where the case moves bytes, so cases of different sizes compare as speeds. */
    private static double perByte(String caseId, double ns) {
        long bytes = Report.bytesOf(caseId);
        return bytes > 0 ? ns / bytes : ns;
    }

    private static Optional<Double> best(List<Row> rows, String caseId, Predicate<Row> which) {
        return Report.rowsOf(rows, caseId).stream().filter(which).map(Row::nsPerOp).min(Double::compare);
    }
}
