package dev.ffmap.bench;

import dev.ffmap.ByteRing;
import dev.ffmap.SharedMemory;
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
import java.util.concurrent.TimeUnit;

/**
 * The shared-memory ring: a producer thread offers 4 KiB records into a 1 MiB double-mapped
 * {@link ByteRing} as fast as it can; one op is the consumer taking one record (as one segment,
 * wrap or not) and copying it out. Between processes the memory and the code are the same.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingBench {
    static final int RECORD = 4096;
    private static final long CAPACITY = BenchFiles.MIB;

    private SharedMemory shm;
    private ByteRing consumer;
    private Thread producer;
    private volatile boolean stop;
    private final byte[] into = new byte[RECORD];

    @Setup
    public void start() throws IOException {
        shm = SharedMemory.anonymous("ffmap-bench-ring", ByteRing.bytesNeeded(CAPACITY));
        consumer = ByteRing.create(shm, CAPACITY);
        ByteRing out = ByteRing.attach(shm);
        producer = Thread.ofPlatform().name("ring-producer").start(() -> produce(out));
    }

    private void produce(ByteRing out) {
        try (out; Arena arena = Arena.ofConfined()) {
            MemorySegment record = arena.allocate(RECORD);
            for (long n = 0; !stop; n++) {
                record.set(ValueLayout.JAVA_LONG, 0, n);
                while (!out.offer(record) && !stop) {
                    Thread.onSpinWait();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown
    public void stop() throws Exception {
        stop = true;
        producer.join();
        consumer.close();
        shm.close();
    }

    @Benchmark
    public byte[] takeRecord() {
        MemorySegment in = consumer.readable();
        while (in.byteSize() < RECORD) {
            Thread.onSpinWait();
            in = consumer.readable();
        }
        MemorySegment.copy(in, ValueLayout.JAVA_BYTE, 0, into, 0, RECORD);
        consumer.release(RECORD);
        return into;
    }
}
