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
 * The jobs Python's mmap users do, against CPython's figures: every line of the 1 GiB text file
 * with readLine(), and the 1 GiB file read sequentially in 1 MiB pieces with read(n).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PythonJobsBench {
    private MappedFile lines;
    private MappedFile data;
    private final byte[] buffer = new byte[(int) BenchFiles.MIB];

    @Setup
    public void map() throws IOException {
        lines = MappedFile.open(BenchFiles.file(BenchFiles.LINES), MappedFile.Access.READ);
        data = MappedFile.open(BenchFiles.file(BenchFiles.SCAN), MappedFile.Access.READ);
    }

    @TearDown
    public void unmap() {
        lines.close();
        data.close();
    }

    @Benchmark
    public long readLine() {
        lines.seek(0);
        long count = 0;
        while (lines.readLine().length != 0) {
            count++;
        }
        return count;
    }

    @Benchmark
    public long read() {
        data.seek(0);
        long total = 0;
        for (byte[] piece = data.read(BenchFiles.MIB); piece.length != 0; piece = data.read(BenchFiles.MIB)) {
            total += piece.length;
        }
        return total;
    }

    /** The same pieces into one reused array: no 1 MiB allocation (and zeroing) per piece. */
    @Benchmark
    public long readInto() {
        data.seek(0);
        long total = 0;
        for (int n = data.readInto(buffer); n != 0; n = data.readInto(buffer)) {
            total += n;
        }
        return total;
    }
}
