package dev.ffmap.bench;

import dev.ffmap.MappedFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Case 6: find a 16-byte needle at the end of 1 GiB of text: MappedFile.find (word at a time,
 * and with the Vector API module) against a naive byte-by-byte Java loop over the same mapping
 * (C memmem and CPython mmap.find in their own runs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FindBench {
    private MappedFile file;
    private long expected;

    @Setup
    public void map() throws IOException {
        file = MappedFile.open(BenchFiles.file(BenchFiles.FIND), MappedFile.Access.READ);
        expected = file.length() - BenchFiles.NEEDLE.length;
    }

    @TearDown
    public void unmap() {
        file.close();
    }

    private long checked(long at) {
        if (at != expected) {
            throw new IllegalStateException("found at " + at + ", expected " + expected);
        }
        return at;
    }

    @Benchmark
    public long ffmap() {
        return checked(file.find(BenchFiles.NEEDLE, 0, Long.MAX_VALUE));
    }

    /** The same call in a JVM started with the Vector API module, which MappedFile then uses. */
    @Benchmark
    @Fork(value = 1, jvmArgsPrepend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
    public long ffmapVector() {
        return checked(file.find(BenchFiles.NEEDLE, 0, Long.MAX_VALUE));
    }

    @Benchmark
    public long naiveLoop() {
        return checked(Work.naiveFind(file.segment(), BenchFiles.NEEDLE));
    }
}
