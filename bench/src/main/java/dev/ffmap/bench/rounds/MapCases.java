package dev.ffmap.bench.rounds;

import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.OpenFlag;
import dev.ffmap.Prot;
import dev.ffmap.bench.BenchFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one mapping costs: open + map + close of a 4 KiB file (confined against confined, shared
 * against shared), mmap + munmap through the C mirror against C, and 10,000 files mapped into
 * one shared arena and released by its one close.
 */
final class MapCases {
    static final String MAPPING = "ffmap Mapping.map + close";
    static final String CHANNEL = "FileChannel.open + map + Arena.close";
    static final String C_OPEN = "C open + fstat + mmap + munmap + close";
    static final String C_OPEN_CLOSE_FIRST = "C open + fstat + mmap + close + munmap";
    static final String MMAN = "ffmap Mman.mmap + munmap";
    static final String C_MAP = "C mmap + munmap";
    static final String C_MAP_JVM = "C mmap + munmap, in this JVM's process";
    static final String MAPPING_ARENA = "ffmap Mapping.map(path, options, arena)";
    static final String MMAN_ARENA = "ffmap Mman.open + mmap(…, arena) + close";
    static final String CHANNEL_ARENA = "FileChannel.open + map(…, arena) + close";
    static final String C_MANY = "C open + fstat + mmap + close, munmap all";
    static final String C_MANY_JVM = "C open + fstat + mmap + close, munmap all, in this JVM's process";
    private static final String IN_JVM_NOTE = "C in this JVM's process is the C program's own code, built as a library"
            + " and called once per batch: beside C in a process of its own it shows what running in the JVM's"
            + " process (its threads, its thousands of mappings) does to the same system calls, with no Java in the loop.";

    private static final long SMALL = 4096;
    private static final Set<Prot> READ = Set.of(Prot.PROT_READ);
    private static final Set<MapFlag> SHARED = Set.of(MapFlag.MAP_SHARED);
    private static final Set<OpenFlag> RDONLY = Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC);

    private MapCases() {
    }

    /** open + map + close of a 4 KiB file; {@code confined} picks the arena kind of both Java sides. */
    static Comparison openMapClose(Plan plan, boolean confined) throws IOException {
        Path small = plan.file(BenchFiles.SMALL);
        String kind = confined ? "confined" : "shared";
        MapOptions options = MapOptions.readOnly().withConfined(confined);
        Supplier<Arena> arena = confined ? Arena::ofConfined : Arena::ofShared;
        String mapping = MAPPING + ", " + kind;
        String channel = CHANNEL + " (" + kind + ")";
        return new Comparison("open-map-close-" + kind, "open + map + unmap + close of a 4 KiB file, " + kind
                + " arenas (nothing touched)", 0, plan.rounds())
                .side(JavaSide.of(mapping, Family.FFMAP, () -> {
                    try (Mapping m = Mapping.map(small, options)) {
                        return m.address();
                    }
                }))
                .side(JavaSide.of(channel, Family.JDK, () -> {
                    try (FileChannel ch = FileChannel.open(small, StandardOpenOption.READ); Arena a = arena.get()) {
                        return ch.map(FileChannel.MapMode.READ_ONLY, 0, SMALL, a).address();
                    }
                }))
                .side(C_OPEN, () -> NativeSide.c(plan, C_OPEN, "open-map-close", small, null))
                .side(C_OPEN_CLOSE_FIRST, () -> NativeSide.c(plan, C_OPEN_CLOSE_FIRST, "open-map-close", small,
                        "close-first"))
                .target(Target.atMost(mapping + " ≤ 1.0× " + channel, mapping, channel, 1.0))
                .target(Target.info(mapping + " ÷ C in the same order (" + C_OPEN_CLOSE_FIRST + ")", mapping,
                        C_OPEN_CLOSE_FIRST))
                .target(Target.info(channel + " ÷ C in the same order (" + C_OPEN + ")", channel, C_OPEN))
                .target(Target.info("C alone: the descriptor closed before munmap ÷ after it", C_OPEN_CLOSE_FIRST,
                        C_OPEN))
                .note("Both Java sides learn the file's size with one fstat: Mapping.map inside, FileChannel.map inside"
                        + " its own size check (the 4 KiB length is given, as a caller who knows it would).")
                .note("Mapping.map closes the descriptor before it returns (the mapping keeps none), so its munmap drops"
                        + " the file's last reference; FileChannel here closes the channel after the arena, so its close"
                        + " does. C makes the same calls in both orders: what the order costs the kernel is the"
                        + " \"C alone\" row.")
                .note("alloc is the bytes the measuring thread allocated per op (ThreadMXBean, what JMH -prof gc"
                        + " reports as gc.alloc.rate.norm); the JMH -prof gc figures are in their own table.");
    }

    /** mmap + munmap of a 4 KiB file already open: the C mirror against C (and the JDK, CPython beside). */
    static Comparison mapUnmap(Plan plan) throws IOException {
        Path small = plan.file(BenchFiles.SMALL);
        int fd = Mman.open(small, RDONLY, 0);
        FileChannel channel = FileChannel.open(small, StandardOpenOption.READ);
        String confinedChannel = "FileChannel.map + Arena.close (confined)";
        String python = "CPython mmap.mmap + close";
        return new Comparison("map-unmap-4k", "mmap + munmap of a 4 KiB file already open (nothing touched)", 0,
                plan.rounds())
                .side(JavaSide.of(MMAN, Family.FFMAP, () -> {
                    MemorySegment s = Mman.mmap(MemorySegment.NULL, SMALL, READ, SHARED, fd, 0);
                    Mman.munmap(s, SMALL);
                    return s.address();
                }).holding(() -> Mman.close(fd)))
                .side(JavaSide.of(confinedChannel, Family.JDK, () -> {
                    try (Arena a = Arena.ofConfined()) {
                        return channel.map(FileChannel.MapMode.READ_ONLY, 0, SMALL, a).address();
                    }
                }).holding(channel))
                .side(C_MAP, () -> NativeSide.c(plan, C_MAP, "map-unmap", small, null))
                .side(C_MAP_JVM, () -> CInJvmSide.c(plan, C_MAP_JVM, "map-unmap", small, null))
                .side(python, () -> NativeSide.python(plan, python, "map-unmap", small))
                .target(Target.atMost(MMAN + " ≤ 1.1× C", MMAN, C_MAP, 1.1))
                .target(Target.atMost(MMAN + " ≤ 1.1× C in this JVM's process", MMAN, C_MAP_JVM, 1.1))
                .target(Target.info(C_MAP_JVM + " ÷ C", C_MAP_JVM, C_MAP))
                .target(Target.info(confinedChannel + " ÷ C", confinedChannel, C_MAP))
                .target(Target.info(python + " ÷ C", python, C_MAP))
                .note(IN_JVM_NOTE);
    }

    /**
     * 10,000 files of 4 KiB: each opened, mapped into one shared arena, its descriptor closed and
     * its first byte read; then the arena's one close unmaps them all. One op is the whole set.
     */
    static Comparison manyFiles(Plan plan) throws IOException {
        Path dir = BenchFiles.dir().resolve(BenchFiles.MANY);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < BenchFiles.MANY_COUNT; i++) {
            files.add(plan.file(BenchFiles.MANY + "/" + BenchFiles.manyName(i)));
        }
        MapOptions options = MapOptions.readOnly();
        return new Comparison("many-files", String.format("%,d files of 4 KiB mapped into one shared arena, first byte"
                + " read, all unmapped by its one close (time for all)", files.size()), 0, plan.rounds())
                .side(JavaSide.of(MAPPING_ARENA, Family.FFMAP, () -> {
                    long sum = 0;
                    try (Arena arena = Arena.ofShared()) {
                        for (Path p : files) {
                            sum += Mapping.map(p, options, arena).get(ValueLayout.JAVA_BYTE, 0);
                        }
                    }
                    return sum;
                }))
                .side(JavaSide.of(MMAN_ARENA, Family.FFMAP, () -> {
                    long sum = 0;
                    try (Arena arena = Arena.ofShared()) {
                        for (Path p : files) {
                            int fd = Mman.open(p, RDONLY, 0);
                            try {
                                long size = Mman.fileSize(fd);
                                sum += Mman.mmap(MemorySegment.NULL, size, READ, SHARED, fd, 0, arena)
                                        .get(ValueLayout.JAVA_BYTE, 0);
                            } finally {
                                Mman.close(fd);
                            }
                        }
                    }
                    return sum;
                }))
                .side(JavaSide.of(CHANNEL_ARENA, Family.JDK, () -> {
                    long sum = 0;
                    try (Arena arena = Arena.ofShared()) {
                        for (Path p : files) {
                            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                                sum += ch.map(FileChannel.MapMode.READ_ONLY, 0, SMALL, arena).get(ValueLayout.JAVA_BYTE, 0);
                            }
                        }
                    }
                    return sum;
                }))
                .side(C_MANY, () -> NativeSide.c(plan, C_MANY, "many-files", dir, Integer.toString(files.size())))
                .side(C_MANY_JVM, () -> CInJvmSide.c(plan, C_MANY_JVM, "many-files", dir, Integer.toString(files.size())))
                .target(Target.atMost(MAPPING_ARENA + " ≤ 1.3× C", MAPPING_ARENA, C_MANY, 1.3))
                .target(Target.atMost(MAPPING_ARENA + " ≤ 1.3× C in this JVM's process", MAPPING_ARENA, C_MANY_JVM, 1.3))
                .target(Target.atMost(MAPPING_ARENA + " ≤ 1.0× FileChannel", MAPPING_ARENA, CHANNEL_ARENA, 1.0))
                .target(Target.atMost(MMAN_ARENA + " ≤ 1.3× C", MMAN_ARENA, C_MANY, 1.3))
                .target(Target.atMost(MMAN_ARENA + " ≤ 1.0× FileChannel", MMAN_ARENA, CHANNEL_ARENA, 1.0))
                .target(Target.info(CHANNEL_ARENA + " ÷ C", CHANNEL_ARENA, C_MANY))
                .target(Target.info(C_MANY_JVM + " ÷ C", C_MANY_JVM, C_MANY))
                .note(IN_JVM_NOTE);
    }
}
