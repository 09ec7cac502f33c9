package dev.ffmap.bench;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.MsyncFlag;
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
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Case 5: dirty one byte in each page of a 1 MiB range, then write the range back and wait:
 * msync(MS_SYNC) through Mapping vs MemorySegment.force of a FileChannel.map slice vs
 * MappedByteBuffer.force(index, length).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class MsyncBench {
    private static final int RANGE = (int) BenchFiles.MIB;

    private Mapping mapping;
    private FileChannel channel;
    private Arena arena;
    private MemorySegment channelSegment;
    private MappedByteBuffer buffer;
    private int op;

    @Setup
    public void map() throws IOException {
        Path path = BenchFiles.file(BenchFiles.MSYNC);
        mapping = Mapping.map(path, MapOptions.readWrite());
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        arena = Arena.ofShared();
        channelSegment = channel.map(FileChannel.MapMode.READ_WRITE, 0, RANGE, arena);
        buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, RANGE);
    }

    @TearDown
    public void unmap() throws IOException {
        mapping.close();
        arena.close();
        channel.close();
    }

    private static void dirty(MemorySegment s, byte value) {
        for (long at = 0; at < RANGE; at += Work.PAGE) {
            s.set(ValueLayout.JAVA_BYTE, at, value);
        }
    }

    @Benchmark
    public void mapping() throws IOException {
        dirty(mapping.segment(), (byte) op++);
        mapping.sync(0, RANGE, MsyncFlag.MS_SYNC);
    }

    @Benchmark
    public void fileChannel() {
        dirty(channelSegment, (byte) op++);
        channelSegment.force();
    }

    @Benchmark
    public void mappedByteBuffer() {
        dirty(MemorySegment.ofBuffer(buffer), (byte) op++);
        buffer.force(0, RANGE);
    }
}
