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
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Case 1: map + unmap of a 4 KiB and a 1 GiB file, nothing touched. The file is open already
 * ({@code mman}, {@code fileChannel*}), or its open and close are counted ({@code *OpenMapClose}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MapUnmapBench {
    private static final Set<Prot> READ = Set.of(Prot.PROT_READ);
    private static final Set<MapFlag> SHARED = Set.of(MapFlag.MAP_SHARED);

    @Param({BenchFiles.SMALL, BenchFiles.SCAN})
    public String file;

    private Path path;
    private long size;
    private int fd;
    private FileChannel channel;

    @Setup
    public void open() throws IOException {
        path = BenchFiles.file(file);
        size = Files.size(path);
        fd = Mman.open(path, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    @TearDown
    public void close() throws IOException {
        Mman.close(fd);
        channel.close();
    }

    /** mmap + munmap through the C mirror: the floor for Java. */
    @Benchmark
    public long mman() throws IOException {
        MemorySegment s = Mman.mmap(MemorySegment.NULL, size, READ, SHARED, fd, 0);
        Mman.munmap(s, size);
        return s.address();
    }

    /** FileChannel.map into a shared arena (what sharing a segment between threads needs) + close. */
    @Benchmark
    public long fileChannel() throws IOException {
        try (Arena arena = Arena.ofShared()) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).address();
        }
    }

    /** FileChannel.map into a confined arena + close: cheaper to close, one thread only. */
    @Benchmark
    public long fileChannelConfined() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).address();
        }
    }

    /** A classic buffer: mapped, never unmapped by the caller (the GC does it, some day). */
    @Benchmark
    public MappedByteBuffer mappedByteBuffer() throws IOException {
        return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }

    /** Mapping.map (open, fstat, mmap, close of the fd) + close (munmap, arena). */
    @Benchmark
    public long mappingOpenMapClose() throws IOException {
        try (Mapping m = Mapping.map(path, MapOptions.readOnly())) {
            return m.address();
        }
    }

    /** Mapping confined to this thread: no handshake with other threads at close. */
    @Benchmark
    public long mappingConfinedOpenMapClose() throws IOException {
        try (Mapping m = Mapping.map(path, MapOptions.readOnly().withConfined(true))) {
            return m.address();
        }
    }

    /** FileChannel with a confined arena: open + map + Arena.close + channel close. */
    @Benchmark
    public long fileChannelConfinedOpenMapClose() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).address();
        }
    }

    /** The same with FileChannel: open + map into a shared arena + Arena.close + channel close. */
    @Benchmark
    public long fileChannelOpenMapClose() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofShared()) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).address();
        }
    }
}
