package dev.ffmap.examples;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every file of a directory mapped into one shared arena, and all unmapped by one close. Argument: the directory. */
public final class ManyFiles {
    public static void main(String[] args) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.toFile().length() >= 8).sorted().toList();
        }
        long sum = 0;
        try (Arena arena = Arena.ofShared()) {                        // one lifetime for all of them
            List<MemorySegment> maps = new ArrayList<>();
            for (Path f : files) {
                maps.add(Mapping.map(f, MapOptions.readOnly(), arena)); // open, fstat, mmap, close the fd
            }
            for (MemorySegment m : maps) {
                sum += m.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
            }
        }                                                              // one handshake, then munmap of each
        System.out.println(files.size() + " files mapped in one arena; the sum of their first longs is " + sum);
    }
}
