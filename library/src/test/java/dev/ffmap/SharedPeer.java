package dev.ffmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/** The other process of the shared memory tests, run by {@link ChildJvm}: {@code main(mode, args…)}. */
public final class SharedPeer {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private SharedPeer() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "shm-echo" -> shmEcho(args[1]);
            case "path-add" -> pathAdd(Path.of(args[1]), Integer.parseInt(args[2]));
            case "ring-produce" -> ringProduce(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "count" -> count(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Opens the named object, checks the parent's pattern in page 0 and writes its own into page 1. */
    private static void shmEcho(String name) throws Exception {
        try (SharedMemory shm = SharedMemory.open(name); Mapping m = shm.map()) {
            MemorySegment s = m.segment();
            for (int i = 0; i < 4096; i++) {
                if (s.get(ValueLayout.JAVA_BYTE, i) != (byte) (i * 7)) {
                    throw new AssertionError("byte " + i + " differs");
                }
            }
            for (int i = 0; i < 4096; i++) {
                s.set(ValueLayout.JAVA_BYTE, 4096 + i, (byte) (i * 13));
            }
        }
        System.out.print("ok");
    }

    /** Opens memory handed over as a path, adds to the long at 0 and prints the seals it sees. */
    private static void pathAdd(Path path, int times) throws Exception {
        try (SharedMemory shm = SharedMemory.open(path); Mapping m = shm.map()) {
            SharedLong counter = SharedLong.at(m.segment(), 0);
            for (int i = 0; i < times; i++) {
                counter.getAndAdd(1);
            }
            System.out.print(shm.size() + " " + shm.seals());
        }
    }

    /**
     * Layout of the counting test's shared page: barrier words and counters, one cache line each.
     * Line 0: arrivals; line 1: the atomic counter; then per plain round a barrier and a counter.
     */
    static long plainBarrier(int round) {
        return 128 + 128L * round;
    }

    static long plainCounter(int round) {
        return plainBarrier(round) + 64;
    }

    /**
     * Adds 1 to a shared long {@code times} times with getAndAdd, then {@code rounds} times adds 1
     * {@code times} times with a separate read and write; every phase starts when both peers arrive.
     */
    private static void count(String name, int times, int rounds) throws Exception {
        try (SharedMemory shm = SharedMemory.open(name); Mapping m = shm.map()) {
            MemorySegment s = m.segment();
            await(SharedLong.at(s, 0));
            SharedLong atomic = SharedLong.at(s, 64);
            for (int i = 0; i < times; i++) {
                atomic.getAndAdd(1);
            }
            for (int r = 0; r < rounds; r++) {
                await(SharedLong.at(s, plainBarrier(r)));
                long at = plainCounter(r);
                for (int i = 0; i < times; i++) {
                    // each access reaches memory (opaque), but read-then-write is not one atomic step
                    long v = (long) LONG.getOpaque(s, at);
                    LONG.setOpaque(s, at, v + 1);
                }
            }
        }
        System.out.print("ok");
    }

    /** Two-party barrier on a shared word. */
    private static void await(SharedLong arrivals) {
        arrivals.getAndAdd(1);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (arrivals.get() < 2) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the other peer did not arrive");
            }
            Thread.onSpinWait();
        }
    }

    /** Most payload bytes in one record of the ring test; with the 4-byte length, under 1/16 of a 1 MiB ring. */
    static final int MAX_RECORD = 65_000;
    private static final long MIX = 0x9E3779B97F4A7C15L;

    /** An order-sensitive checksum of {@code s}, continuing from {@code h}. */
    static long checksum(long h, MemorySegment s) {
        long n = s.byteSize();
        long i = 0;
        for (; i + 8 <= n; i += 8) {
            h = (h ^ s.get(ValueLayout.JAVA_LONG_UNALIGNED, i)) * MIX;
        }
        for (; i < n; i++) {
            h = (h ^ s.get(ValueLayout.JAVA_BYTE, i)) * MIX;
        }
        return h;
    }

    /**
     * Writes records (int length, then that many pseudo-random bytes) of random sizes into the
     * ring until {@code total} payload bytes are written, then a length of -1; prints the
     * checksum of all payload bytes and their count.
     */
    private static void ringProduce(String name, long total, long seed) throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long sum = 0;
        long written = 0;
        try (SharedMemory shm = SharedMemory.open(name); ByteRing ring = ByteRing.attach(shm)) {
            while (written < total) {
                int len = random.nextInt(MAX_RECORD + 1);
                MemorySegment out = claimWaiting(ring, 4 + len);
                out.set(ValueLayout.JAVA_INT_UNALIGNED, 0, len);
                MemorySegment payload = out.asSlice(4, len);
                long i = 0;
                for (; i + 8 <= len; i += 8) {
                    payload.set(ValueLayout.JAVA_LONG_UNALIGNED, i, random.nextLong());
                }
                for (; i < len; i++) {
                    payload.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
                }
                sum = checksum(sum, payload);
                ring.commit(4 + len);
                written += len;
            }
            claimWaiting(ring, 4).set(ValueLayout.JAVA_INT_UNALIGNED, 0, -1);
            ring.commit(4);
        }
        System.out.print(sum + " " + written);
    }

    private static MemorySegment claimWaiting(ByteRing ring, long n) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        MemorySegment out;
        int idle = 0;
        while ((out = ring.claim(n)) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consumer stopped taking bytes");
            }
            backOff(idle++);
        }
        return out;
    }

    /**
     * Waiting without hogging a core: spin briefly, then yield, then sleep a little. On a machine
     * with fewer free cores than spinning peers, pure spinning can cost a whole time slice per turn.
     */
    static void backOff(int idle) {
        if (idle < 100) {
            Thread.onSpinWait();
        } else if (idle < 200) {
            Thread.yield();
        } else {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }
}
