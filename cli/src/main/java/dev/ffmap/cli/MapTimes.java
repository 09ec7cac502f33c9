package dev.ffmap.cli;

import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.OpenFlag;
import dev.ffmap.Prot;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * One open + map + unmap + close of a whole file, timed in nanoseconds, three ways: the C
 * mirror, an owned {@link Mapping}, and {@code FileChannel.map} into a shared arena.
 */
final class MapTimes {
    private MapTimes() {
    }

    static long mman(Path file, long size, boolean write) throws IOException {
        long t0 = System.nanoTime();
        int fd = Mman.open(file, Set.of(write ? OpenFlag.O_RDWR : OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        Set<Prot> prot = write ? EnumSet.of(Prot.PROT_READ, Prot.PROT_WRITE) : EnumSet.of(Prot.PROT_READ);
        MemorySegment s = Mman.mmap(MemorySegment.NULL, size, prot, Set.of(MapFlag.MAP_SHARED), fd, 0);
        Mman.munmap(s, size);
        Mman.close(fd);
        return System.nanoTime() - t0;
    }

    static long mapping(Path file, boolean write) throws IOException {
        long t0 = System.nanoTime();
        try (Mapping m = Mapping.map(file, write ? MapOptions.readWrite() : MapOptions.readOnly())) {
            m.segment();
        }
        return System.nanoTime() - t0;
    }

    static long channel(Path file, long size, boolean write) throws IOException {
        long t0 = System.nanoTime();
        Set<StandardOpenOption> open = write ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                : Set.of(StandardOpenOption.READ);
        try (FileChannel ch = FileChannel.open(file, open); Arena arena = Arena.ofShared()) {
            ch.map(write ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
        return System.nanoTime() - t0;
    }
}
