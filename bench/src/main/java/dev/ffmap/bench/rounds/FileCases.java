package dev.ffmap.bench.rounds;

import dev.ffmap.Advice;
import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.MsyncFlag;
import dev.ffmap.OpenFlag;
import dev.ffmap.Prot;
import dev.ffmap.bench.BenchFiles;
import dev.ffmap.bench.Work;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * Work over mappings that stay: warm sequential scans (1 GiB, and 5 GiB in one segment), random
 * 4 KiB reads over a warm mapping, and msync of a dirty MiB.
 */
final class FileCases {
    static final String MAPPING = "ffmap Mapping";
    static final String MMAN = "ffmap Mman";
    static final String CHANNEL = "FileChannel.map segment";
    static final String BUFFERS = "MappedByteBuffer, 1 GiB buffers";
    static final String C = "C";

    private FileCases() {
    }

    /** The file mapped every way a Java user can, once, for the scans and random reads. */
    private record Maps(MemorySegment raw, Mapping mapping, MemorySegment channel, List<MappedByteBuffer> buffers,
                        AutoCloseable owner) {
        static Maps of(Path path) throws IOException {
            long size = Files.size(path);
            int fd = Mman.open(path, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
            MemorySegment raw = Mman.mmap(MemorySegment.NULL, size, Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_SHARED), fd, 0);
            Mman.close(fd);
            Mapping mapping = Mapping.map(path, MapOptions.readOnly());
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            Arena arena = Arena.ofShared();
            MemorySegment channel = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            List<MappedByteBuffer> buffers = Work.chunks(ch, size);
            return new Maps(raw, mapping, channel, buffers, () -> {
                Mman.munmap(raw, size);
                mapping.close();
                arena.close();
                ch.close();
            });
        }
    }

    private static long sum(List<MappedByteBuffer> buffers) {
        long sum = 0;
        for (MappedByteBuffer b : buffers) {
            sum += Work.sum(b);
        }
        return sum;
    }

    static Comparison scan1g(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.SCAN);
        Maps m = Maps.of(path);
        return new Comparison("scan-1g", "Warm sequential scan (sum of longs) of a 1 GiB file mapped once",
                BenchFiles.GIB, plan.rounds())
                .side(JavaSide.of(MAPPING, Family.FFMAP, () -> Work.sum(m.mapping().segment())).holding(m.owner()))
                .side(JavaSide.of(MMAN, Family.FFMAP, () -> Work.sum(m.raw())))
                .side(JavaSide.of(CHANNEL, Family.JDK, () -> Work.sum(m.channel())))
                .side(JavaSide.of(BUFFERS, Family.JDK, () -> sum(m.buffers())))
                .side(C, () -> NativeSide.c(plan, C, "scan", path, null))
                .target(Target.atLeast("Mapping speed ≥ 0.9× C's", C, MAPPING, 0.9))
                .target(Target.atMost("Mapping ≤ 1.0× the FileChannel.map segment's time", MAPPING, CHANNEL, 1.0))
                .target(Target.info(BUFFERS + " ÷ Mapping", BUFFERS, MAPPING));
    }

    static Comparison scan5g(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.SPARSE);
        Path one = plan.file(BenchFiles.SCAN);
        Maps m = Maps.of(path);
        Mapping small = Mapping.map(one, MapOptions.readOnly());
        String mapping = MAPPING + ", one 5 GiB segment";
        String buffers = "MappedByteBuffer, five 1 GiB buffers";
        String mapping1g = MAPPING + ", the 1 GiB file scanned 5 times";
        return new Comparison("scan-5g", "Warm sequential scan of a 5 GiB sparse file: one segment against 1 GiB buffers",
                5 * BenchFiles.GIB, plan.slowRounds())
                .side(JavaSide.of(mapping, Family.FFMAP, () -> Work.sum(m.mapping().segment())).holding(m.owner()))
                .side(JavaSide.of(CHANNEL + ", one 5 GiB segment", Family.JDK, () -> Work.sum(m.channel())))
                .side(JavaSide.of(buffers, Family.JDK, () -> sum(m.buffers())))
                .side(JavaSide.of(mapping1g, Family.FFMAP, () -> {
                    long sum = 0;
                    for (int i = 0; i < 5; i++) {
                        sum += Work.sum(small.segment());
                    }
                    return sum;
                }).holding(small))
                .side(C, () -> NativeSide.c(plan, C, "scan", path, null))
                .target(Target.atMost("5 GiB: one Mapping segment ≤ 1.0× the time of 1 GiB MappedByteBuffers", mapping,
                        buffers, 1.0))
                .target(Target.atMost("5 GiB in one segment within 10% of the 1 GiB speed (Mapping)", mapping, mapping1g, 1.1))
                .target(Target.info("Mapping ÷ C", mapping, C));
    }

    /** One 4 KiB page read at a pseudo-random page, the same sequence on every side. */
    private static final class Pages {
        private final long pages;
        private long x = 42;

        Pages(long size) {
            this.pages = size / Work.PAGE;
        }

        long next() {
            x = BenchFiles.xorshift(x);
            return Long.remainderUnsigned(x, pages);
        }
    }

    static Comparison random4k(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.SCAN);
        Maps m = Maps.of(path);
        Mapping advised = Mapping.map(path, MapOptions.readOnly());
        advised.advise(Advice.MADV_RANDOM);
        long size = m.channel().byteSize();
        long touched = 0;
        for (long at = 0; at < size; at += Work.PAGE) { // warm mappings: every page table entry filled
            touched += m.mapping().segment().get(ValueLayout.JAVA_BYTE, at) + advised.segment().get(ValueLayout.JAVA_BYTE, at)
                    + m.channel().get(ValueLayout.JAVA_BYTE, at) + m.buffers().getFirst().get((int) at);
        }
        JavaSide.sink += touched;
        String mapping = MAPPING + ", default";
        String random = MAPPING + ", MADV_RANDOM";
        Pages a = new Pages(size);
        Pages b = new Pages(size);
        Pages c = new Pages(size);
        Pages d = new Pages(size);
        return new Comparison("random-4k", "Random 4 KiB page reads (sum of the page's longs) over a warm 1 GiB mapping",
                Work.PAGE, plan.rounds())
                .side(JavaSide.of(mapping, Family.FFMAP, () -> Work.sumPage(m.mapping().segment(), a.next())).holding(m.owner()))
                .side(JavaSide.of(random, Family.FFMAP, () -> Work.sumPage(advised.segment(), b.next())).holding(advised))
                .side(JavaSide.of(CHANNEL, Family.JDK, () -> Work.sumPage(m.channel(), c.next())))
                .side(JavaSide.of("MappedByteBuffer", Family.JDK, () -> Work.sumPage(m.buffers().getFirst(), d.next())))
                .side("C, default", () -> NativeSide.c(plan, "C, default", "random", path, "default"))
                .target(Target.atLeast("Mapping (default advice) speed ≥ 0.9× C's", "C, default", mapping, 0.9))
                .target(Target.info(CHANNEL + " ÷ Mapping", CHANNEL, mapping));
    }

    static Comparison msync(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.MSYNC);
        long range = BenchFiles.MIB;
        Mapping mapping = Mapping.map(path, MapOptions.readWrite());
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Arena arena = Arena.ofShared();
        MemorySegment segment = ch.map(FileChannel.MapMode.READ_WRITE, 0, range, arena);
        MappedByteBuffer buffer = ch.map(FileChannel.MapMode.READ_WRITE, 0, range);
        String sync = "ffmap Mapping.sync(MS_SYNC)";
        String force = "FileChannel.map segment force()";
        String bufferForce = "MappedByteBuffer.force(0, 1 MiB)";
        String c = "C msync(MS_SYNC)";
        int[] op = new int[1];
        return new Comparison("msync-1m", "Dirty one byte in each of 256 pages, then write the MiB back and wait",
                range, plan.rounds())
                .side(JavaSide.of(sync, Family.FFMAP, () -> {
                    dirty(mapping.segment(), op[0]++, range);
                    mapping.sync(0, range, MsyncFlag.MS_SYNC);
                    return 1;
                }).holding(mapping))
                .side(JavaSide.of(force, Family.JDK, () -> {
                    dirty(segment, op[0]++, range);
                    segment.force();
                    return 1;
                }).holding(ch).holding(arena))
                .side(JavaSide.of(bufferForce, Family.JDK, () -> {
                    dirty(MemorySegment.ofBuffer(buffer), op[0]++, range);
                    buffer.force(0, (int) range);
                    return 1;
                }))
                .side(c, () -> NativeSide.c(plan, c, "msync", path, null))
                .target(Target.atMost(sync + " ≤ 1.1× C's time", sync, c, 1.1))
                .target(Target.info(force + " ÷ Mapping.sync", force, sync));
    }

    private static void dirty(MemorySegment s, int value, long range) {
        for (long at = 0; at < range; at += Work.PAGE) {
            s.set(ValueLayout.JAVA_BYTE, at, (byte) value);
        }
    }
}
