package dev.ffmap.bench;

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
 * Case 3a: map + first scan + unmap of the 1 GiB file with the page cache warm, so the cost is
 * the page tables: default faults them in page by page, MAP_POPULATE fills them in one call
 * (which FileChannel.map cannot ask for).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class MapScanBench {
    private Path path;
    private long size;
    private FileChannel channel;

    @Setup
    public void open() throws IOException {
        path = BenchFiles.file(BenchFiles.SCAN);
        size = Files.size(path);
        channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    @TearDown
    public void close() throws IOException {
        channel.close();
    }

    @Benchmark
    public long mappingDefault() throws IOException {
        try (Mapping m = Mapping.map(path, MapOptions.readOnly())) {
            return Work.sum(m.segment());
        }
    }

    @Benchmark
    public long mappingPopulate() throws IOException {
        try (Mapping m = Mapping.map(path, MapOptions.readOnly().plus(MapFlag.MAP_POPULATE))) {
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
