package dev.ffmap.bench;

import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.OpenFlag;
import dev.ffmap.Prot;
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
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Case 7: many small mappings. One op maps a 4 KiB file, reads its first byte and unmaps it;
 * the batch is 100,000 ops, the figure per op. Mapping pays for its open, fstat and close as well.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SmallMapsBench {
    private static final long SIZE = 4096;

    private Path path;
    private int fd;
    private FileChannel channel;

    @Setup
    public void open() throws IOException {
        path = BenchFiles.file(BenchFiles.SMALL);
        fd = Mman.open(path, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    @TearDown
    public void close() throws IOException {
        Mman.close(fd);
        channel.close();
    }

    @Benchmark
    public byte mman() throws IOException {
        MemorySegment s = Mman.mmap(MemorySegment.NULL, SIZE, Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_SHARED), fd, 0);
        byte b = s.get(ValueLayout.JAVA_BYTE, 0);
        Mman.munmap(s, SIZE);
        return b;
    }

    @Benchmark
    public byte mapping() throws IOException {
        try (Mapping m = Mapping.map(path, MapOptions.readOnly())) {
            return m.segment().get(ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Benchmark
    public byte mappingConfined() throws IOException {
        try (Mapping m = Mapping.map(path, MapOptions.readOnly().withConfined(true))) {
            return m.segment().get(ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Benchmark
    public byte fileChannel() throws IOException {
        try (Arena arena = Arena.ofShared()) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, SIZE, arena).get(ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Benchmark
    public byte fileChannelConfined() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, SIZE, arena).get(ValueLayout.JAVA_BYTE, 0);
        }
    }
}
