package dev.ffmap.bench.rounds;

import dev.ffmap.bench.BenchFiles;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How long and how large one run measures, by mode: {@code short} (a few minutes, to check the
 * harness and for CI) or {@code full} (about an hour, for the committed figures).
 *
 * @param rounds       rounds per comparison: each side runs one batch per round
 * @param batchNanos   the time one batch should take (a side whose one operation takes longer
 *                     runs one operation per batch)
 * @param warmupNanos  the least time each side runs before the rounds, in interleaved batches
 * @param slowRounds   rounds for the cases whose one operation takes a tenth of a second or more
 * @param anonBytes    the anonymous memory allocated and filled per operation in the huge-page case
 * @param anonRounds   rounds of that case, whose one operation takes seconds
 */
public record Plan(String mode, int rounds, long batchNanos, long warmupNanos, int slowRounds, long anonBytes,
                   int anonRounds, Path data, Path cProgram, String python, Path pythonScript) {

    /** The plan for {@code mode}, with paths from the system properties bench/run sets. */
    public static Plan of(String mode) {
        Path data = BenchFiles.dir();
        Path c = Path.of(System.getProperty("ffmap.bench.c", "bench/target/native/ffmap_bench"));
        String python = System.getProperty("ffmap.bench.python", "python3");
        Path script = Path.of(System.getProperty("ffmap.bench.pyscript", "bench/python/ffmap_bench.py"));
        long anon = Long.getLong("ffmap.bench.anon", 0);
        return switch (mode) {
            case "short" -> new Plan(mode, 9, ms(80), ms(800), 5, anon > 0 ? anon : 256 * BenchFiles.MIB, 5,
                    data, c, python, script);
            case "full" -> new Plan(mode, 31, ms(300), ms(4000), 11, anon > 0 ? anon : 4 * BenchFiles.GIB, 7,
                    data, c, python, script);
            default -> throw new IllegalArgumentException("mode must be short or full: " + mode);
        };
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** The C baseline built as a library ({@code ffmap_bench_run}), beside the program. */
    public Path cLibrary() {
        return cProgram.resolveSibling("libffmap_bench.so");
    }

    public Path file(String name) {
        return BenchFiles.file(name);
    }
}
