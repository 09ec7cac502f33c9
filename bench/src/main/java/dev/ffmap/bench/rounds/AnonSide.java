package dev.ffmap.bench.rounds;

import dev.ffmap.bench.BenchFiles;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * Anonymous memory allocated and filled: one operation gets {@code size} bytes, writes every
 * byte (MemorySegment.fill, the JDK's memset) and frees them; that is what is timed. Untimed,
 * it then reads how much of the memory the kernel backed with huge pages (AnonHugePages in
 * /proc/self/smaps) and times {@value #READS} random 8-byte reads over it.
 */
final class AnonSide extends AbstractSide {
    static final int READS = 1 << 20;

    /** Memory and what frees it. */
    record Held(MemorySegment segment, AutoCloseable owner) {
    }

    /** Gets {@code size} bytes the way one side does. */
    @FunctionalInterface
    interface Allocator {
        Held allocate(long size) throws Exception;
    }

    private final long size;
    private final Allocator allocator;
    private long x = 42;

    AnonSide(String label, Family family, long size, Allocator allocator) {
        super(label, family, 1);
        this.size = size;
        this.allocator = allocator;
    }

    /** The warm-up runs the same code on 64 MiB: the JIT needs the calls, not the gigabytes. */
    @Override
    public void warmUp() throws Exception {
        once(Math.min(size, 64 * BenchFiles.MIB));
    }

    @Override
    public Sample run(long ops) throws Exception {
        long ns = 0;
        double huge = 0;
        double readNs = 0;
        for (long i = 0; i < ops; i++) {
            double[] r = once(size);
            ns += (long) r[0];
            huge += r[1];
            readNs += r[2];
        }
        return new Sample((double) ns / ops, ops, Map.of("huge", huge / ops, "read_ns", readNs / ops));
    }

    /** One allocate + fill + free, timed: {nanoseconds, huge share, nanoseconds per random read}. */
    private double[] once(long bytes) throws Exception {
        long t0 = System.nanoTime();
        Held held = allocator.allocate(bytes);
        long filled;
        double huge;
        double readNs;
        long freed;
        try {
            held.segment().fill((byte) 1);
            filled = System.nanoTime() - t0;
            huge = Kernel.hugeShare(held.segment().address(), bytes); // untimed, as are the reads
            long r0 = System.nanoTime();
            JavaSide.sink += randomReads(held.segment());
            readNs = (double) (System.nanoTime() - r0) / READS;
        } finally {
            long f0 = System.nanoTime();
            held.owner().close();
            freed = System.nanoTime() - f0;
        }
        return new double[]{filled + freed, huge, readNs};
    }

    private long randomReads(MemorySegment s) {
        long words = s.byteSize() / 8;
        long sum = 0;
        for (int i = 0; i < READS; i++) {
            x = BenchFiles.xorshift(x);
            sum += s.getAtIndex(ValueLayout.JAVA_LONG, Long.remainderUnsigned(x, words));
        }
        return sum;
    }
}
