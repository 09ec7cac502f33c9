package dev.ffmap.bench;

import dev.ffmap.Advice;
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
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Case 4: one 4 KiB page read (sum of its longs) at a pseudo-random page of the warm 1 GiB
 * file, every page touched once before (a warm mapping), the same xorshift sequence as the C
 * baseline. Mman and Mapping with and without MADV_RANDOM; FileChannel.map has no way to give
 * advice, so its figures under "random" are its default ones again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RandomReadBench {
    private long pages;
    private long x = 42;
    private long touched;
    private int fd;
    private long size;
    private MemorySegment raw;
    private Mapping mapping;
    private FileChannel channel;
    private Arena arena;
    private MemorySegment channelSegment;
    private MappedByteBuffer buffer;

    /** The advice the Mman and Mapping maps get. */
    @State(Scope.Thread)
    public static class Way {
        @Param({"default", "random"})
        public String advice;
    }

    @Setup
    public void map(Way way) throws IOException {
        Path path = BenchFiles.file(BenchFiles.SCAN);
        size = Files.size(path);
        pages = size / Work.PAGE;
        fd = Mman.open(path, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        raw = Mman.mmap(MemorySegment.NULL, size, Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_SHARED), fd, 0);
        mapping = Mapping.map(path, MapOptions.readOnly());
        if (way.advice.equals("random")) {
            Mman.madvise(raw, size, Advice.MADV_RANDOM);
            mapping.advise(Advice.MADV_RANDOM);
        }
        channel = FileChannel.open(path, StandardOpenOption.READ);
        arena = Arena.ofShared();
        channelSegment = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        buffer = Work.chunks(channel, size).getFirst();
        for (long page = 0; page < pages; page++) { // a warm mapping: every page table entry filled
            touched += raw.get(Work.LONG, page * Work.PAGE) + mapping.segment().get(Work.LONG, page * Work.PAGE)
                    + channelSegment.get(Work.LONG, page * Work.PAGE) + buffer.getLong((int) (page * Work.PAGE));
        }
    }

    @TearDown
    public void unmap() throws IOException {
        Mman.munmap(raw, size);
        Mman.close(fd);
        mapping.close();
        arena.close();
        channel.close();
    }

    private long nextPage() {
        x = BenchFiles.xorshift(x);
        return Long.remainderUnsigned(x, pages);
    }

    @Benchmark
    public long mman() {
        return Work.sumPage(raw, nextPage());
    }

    @Benchmark
    public long mapping() {
        return Work.sumPage(mapping.segment(), nextPage());
    }

    @Benchmark
    public long fileChannel() {
        return Work.sumPage(channelSegment, nextPage());
    }

    @Benchmark
    public long mappedByteBuffer() {
        return Work.sumPage(buffer, nextPage());
    }
}
