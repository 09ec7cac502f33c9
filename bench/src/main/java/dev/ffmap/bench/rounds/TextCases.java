package dev.ffmap.bench.rounds;

import dev.ffmap.MappedFile;
import dev.ffmap.bench.BenchFiles;
import dev.ffmap.internal.ByteSearch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What Python's mmap users do, against CPython on the same files in the same rounds: find a
 * needle (with and without the Vector API), every line with readline, and read in 1 MiB pieces.
 */
final class TextCases {
    static final String PY_FIND = "CPython mmap.find";
    static final String MEMMEM = "C memmem";
    /** ffmap's own algorithm (ByteSearch's pair probes) in plain C: what the JIT's code costs against gcc's. */
    static final String C_PAIRS = "C, ffmap's pair probes";

    private TextCases() {
    }

    /**
     * find of the 16-byte needle at the very end of 1 GiB of text. With {@code vector}, this JVM
     * must have been started with {@code --add-modules jdk.incubator.vector}; the comparison
     * refuses to run if the search it gets is not the one it is named for.
     */
    static Comparison find(Plan plan, boolean vector) throws IOException {
        String wanted = vector ? "vector" : "scalar";
        if (!ByteSearch.implementation().equals(wanted)) {
            throw new IllegalStateException("this JVM searches with the " + ByteSearch.implementation()
                    + " code; the " + wanted + " comparison needs " + (vector ? "" : "no ")
                    + "--add-modules jdk.incubator.vector");
        }
        Path path = plan.file(BenchFiles.FIND);
        MappedFile file = MappedFile.open(path, MappedFile.Access.READ);
        long expected = file.length() - BenchFiles.NEEDLE.length;
        String ffmap = vector ? "ffmap MappedFile.find, Vector API" : "ffmap MappedFile.find";
        Comparison c = new Comparison(vector ? "find-vector" : "find", "find a 16-byte needle at the end of 1 GiB of"
                + " text" + (vector ? ", JVM with --add-modules jdk.incubator.vector" : ""), file.length(), plan.slowRounds())
                .side(JavaSide.of(ffmap, Family.FFMAP, () -> {
                    long at = file.find(BenchFiles.NEEDLE, 0, Long.MAX_VALUE);
                    if (at != expected) {
                        throw new IllegalStateException("found at " + at + ", expected " + expected);
                    }
                    return at;
                }).holding(file))
                .side(PY_FIND, () -> NativeSide.python(plan, PY_FIND, "find", path))
                .side(MEMMEM, () -> NativeSide.c(plan, MEMMEM, "find", path, null))
                .note("ffmap searched with its " + ByteSearch.implementation() + " code (ByteSearch.implementation()).");
        if (vector) {
            return c.target(Target.atMost(ffmap + " ≤ 1.1× memmem's time", ffmap, MEMMEM, 1.1))
                    .target(Target.info("Speed over CPython's mmap.find (CPython's time ÷ ffmap's)", PY_FIND, ffmap));
        }
        return c.side(C_PAIRS, () -> NativeSide.c(plan, C_PAIRS, "find-pairs", path, null))
                .target(Target.atLeast(ffmap + " without the Vector API ≥ 2× CPython's speed", PY_FIND, ffmap, 2))
                .target(Target.atMost(ffmap + " without the Vector API ≤ 1.5× memmem's time", ffmap, MEMMEM, 1.5))
                .target(Target.info("ffmap's time ÷ C's running the same pair probes", ffmap, C_PAIRS))
                .target(Target.info("C's pair probes: speed over CPython's mmap.find", PY_FIND, C_PAIRS));
    }

    static Comparison readline(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.LINES);
        MappedFile lines = MappedFile.open(path, MappedFile.Access.READ);
        String ffmap = "ffmap MappedFile.readLine()";
        String python = "CPython readline()";
        return new Comparison("readline-1g", "Every line of a 1 GiB file of 100-byte lines", lines.length(), plan.slowRounds())
                .side(JavaSide.of(ffmap, Family.FFMAP, () -> {
                    lines.seek(0);
                    long count = 0;
                    while (lines.readLine().length != 0) {
                        count++;
                    }
                    return count;
                }).holding(lines))
                .side(python, () -> NativeSide.python(plan, python, "readline", path))
                .target(Target.atMost("readLine over 1 GiB faster than CPython's readline() loop", ffmap, python, 1.0));
    }

    static Comparison read(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.SCAN);
        MappedFile data = MappedFile.open(path, MappedFile.Access.READ);
        byte[] buffer = new byte[(int) BenchFiles.MIB];
        String read = "ffmap MappedFile.read(1 MiB)";
        String readInto = "ffmap MappedFile.readInto(1 MiB array)";
        String python = "CPython read(1 MiB)";
        return new Comparison("read-1g", "Sequential read of 1 GiB in 1 MiB pieces", data.length(), plan.slowRounds())
                .side(JavaSide.of(read, Family.FFMAP, () -> {
                    data.seek(0);
                    long total = 0;
                    for (byte[] piece = data.read(BenchFiles.MIB); piece.length != 0; piece = data.read(BenchFiles.MIB)) {
                        total += piece.length;
                    }
                    return total;
                }).holding(data))
                .side(JavaSide.of(readInto, Family.FFMAP, () -> {
                    data.seek(0);
                    long total = 0;
                    for (int n = data.readInto(buffer); n != 0; n = data.readInto(buffer)) {
                        total += n;
                    }
                    return total;
                }))
                .side(python, () -> NativeSide.python(plan, python, "read", path))
                .target(Target.info("CPython's time ÷ readInto's", python, readInto))
                .target(Target.info("CPython's time ÷ read's", python, read));
    }
}
