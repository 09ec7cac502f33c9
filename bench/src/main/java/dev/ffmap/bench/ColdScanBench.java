package dev.ffmap.bench;

import dev.ffmap.Advice;
import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
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
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Case 3b: first scan of a 256 MiB file whose pages were dropped from the page cache before
 * each op (posix_fadvise DONTNEED, checked with mincore: the highest resident fraction seen is
 * printed at the end of each trial). Mapping with default, MAP_POPULATE, MADV_SEQUENTIAL and
 * MADV_WILLNEED against FileChannel.map. MappedByteBuffer is left out: it cannot be unmapped,
 * so the pages of earlier ops stay mapped and posix_fadvise cannot drop them (measured: the
 * whole file stayed resident), and its figure would be a warm one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
public class ColdScanBench {
    private Path path;
    private long size;
    private FileChannel channel;
    private double maxResident;

    /** How the Mapping asks for the pages. */
    @State(Scope.Thread)
    public static class Way {
        @Param({"default", "populate", "sequential", "willneed"})
        public String way;
    }

    @Setup
    public void open() throws IOException {
        path = BenchFiles.file(BenchFiles.COLD);
        size = Files.size(path);
        channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    @Setup(Level.Invocation)
    public void evict() throws IOException {
        maxResident = Math.max(maxResident, Work.evict(path));
    }

    @TearDown
    public void close() throws IOException {
        channel.close();
        System.out.printf("%nresident before ops: at most %.4f of the file%n", maxResident);
    }

    @Benchmark
    public long mapping(Way way) throws IOException {
        MapOptions options = way.way.equals("populate") ? MapOptions.readOnly().plus(MapFlag.MAP_POPULATE)
                : MapOptions.readOnly();
        try (Mapping m = Mapping.map(path, options)) {
            switch (way.way) {
                case "sequential" -> m.advise(Advice.MADV_SEQUENTIAL);
                case "willneed" -> m.advise(Advice.MADV_WILLNEED);
                default -> {
                }
            }
            return Work.sum(m.segment());
        }
    }

    @Benchmark
    public long fileChannel() throws IOException {
        try (Arena arena = Arena.ofShared()) {
            return Work.sum(channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena));
        }
    }
}
