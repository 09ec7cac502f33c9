package dev.ffmap.examples;

import dev.ffmap.Mapping;
import dev.ffmap.MmapException;
import dev.ffmap.SharedLong;
import dev.ffmap.SharedMemory;

import java.lang.foreign.MemorySegment;

/**
 * Two processes, one page of POSIX shared memory: run {@code first} in one terminal, then
 * {@code second} in another. A second argument names the memory instead of /ffmap-demo.
 */
public final class Share {
    public static void main(String[] args) throws Exception {
        String name = args.length > 1 ? args[1] : "/ffmap-demo";
        switch (args.length > 0 ? args[0] : "") {
            case "first" -> first(name);
            case "second" -> second(name);
            default -> System.err.println("usage: Share first|second [name]");
        }
    }

    static void first(String name) throws Exception {
        SharedMemory shm = create(name).unlinkOnClose();
        // Ctrl-C or kill: the try below never ends, so the hook unlinks the name (close is idempotent).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(shm)));
        try (shm; Mapping m = shm.map()) {
            MemorySegment s = m.segment();
            SharedLong turn = SharedLong.at(s, 0);
            s.setString(64, "hello from Java");
            turn.setRelease(1);                                 // publish, then wait for the answer
            System.out.println("waiting for second");
            await(turn, 2);
            System.out.println(s.getString(1024));
        }                                                       // unmap, close, shm_unlink
    }

    static void second(String name) throws Exception {
        try (SharedMemory shm = SharedMemory.open(name); Mapping m = shm.map()) {
            MemorySegment s = m.segment();
            SharedLong turn = SharedLong.at(s, 0);
            await(turn, 1);
            System.out.println(s.getString(64));
            s.setString(1024, "hello back from Java");
            turn.setRelease(2);
        }
    }

    /** New shared memory; what a killed run left behind (its hook never ran) is replaced. */
    static SharedMemory create(String name) throws MmapException {
        try {
            return SharedMemory.create(name, 4096);
        } catch (MmapException e) {
            if (!e.errnoName().equals("EEXIST")) {
                throw e;
            }
            System.out.println(name + " was left by a killed run: replacing it");
            SharedMemory.unlink(name);
            return SharedMemory.create(name, 4096);
        }
    }

    static void await(SharedLong turn, long value) throws InterruptedException {
        while (turn.getAcquire() != value) {
            Thread.sleep(1);
        }
    }

    static void close(SharedMemory shm) {
        try {
            shm.close();
        } catch (MmapException e) {
            System.err.println(e.getMessage());
        }
    }
}
