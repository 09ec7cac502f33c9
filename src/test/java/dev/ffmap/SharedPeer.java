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
}
