package dev.ffmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/** The other process of the shared memory tests, run by {@link ChildJvm}: {@code main(mode, args…)}. */
public final class SharedPeer {
    private SharedPeer() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "shm-echo" -> shmEcho(args[1]);
            case "path-add" -> pathAdd(Path.of(args[1]), Integer.parseInt(args[2]));
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
}
