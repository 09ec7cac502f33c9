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
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Case 2: warm sequential scan (sum of longs) of the 1 GiB file and of the 5 GiB sparse file:
 * one segment each for Mman, Mapping and FileChannel.map; 1 GiB chunks for MappedByteBuffer.
 * Every file is mapped once per trial; the warm-up faults the pages in.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScanBench {
    @Param({BenchFiles.SCAN, BenchFiles.SPARSE})
    public String file;

    private long size;
    private int fd;
    private MemorySegment raw;
    private Mapping mapping;
    private FileChannel channel;
    private Arena arena;
    private MemorySegment channelSegment;
    private List<MappedByteBuffer> buffers;

    @Setup
    public void map() throws IOException {
        Path path = BenchFiles.file(file);
        size = Files.size(path);
        fd = Mman.open(path, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        raw = Mman.mmap(MemorySegment.NULL, size, Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_SHARED), fd, 0);
        mapping = Mapping.map(path, MapOptions.readOnly());
        channel = FileChannel.open(path, StandardOpenOption.READ);
        arena = Arena.ofShared();
        channelSegment = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        buffers = Work.chunks(channel, size);
    }

    @TearDown
    public void unmap() throws IOException {
        Mman.munmap(raw, size);
        Mman.close(fd);
        mapping.close();
        arena.close();
        channel.close();
    }

    @Benchmark
    public long mman() {
        return Work.sum(raw);
    }

    @Benchmark
    public long mapping() {
        return Work.sum(mapping.segment());
    }

    @Benchmark
    public long fileChannel() {
        return Work.sum(channelSegment);
    }

    @Benchmark
    public long mappedByteBuffer() {
        long sum = 0;
        for (MappedByteBuffer b : buffers) {
            sum += Work.sum(b);
        }
        return sum;
    }
}
