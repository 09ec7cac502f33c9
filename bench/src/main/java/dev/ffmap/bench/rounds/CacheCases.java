package dev.ffmap.bench.rounds;

import dev.ffmap.Advice;
import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.bench.BenchFiles;
import dev.ffmap.bench.Work;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The first touch of a file's pages, where only native flags help: map + first scan of a file
 * whose pages are in the cache (populate against faulting page by page), the same with the
 * cache emptied before each op, and random reads over an emptied cache (MADV_RANDOM against
 * the kernel's default read-around, which FileChannel.map cannot turn off).
 */
final class CacheCases {
    static final String CHANNEL = "FileChannel.map (shared arena)";
    /**
     * Random reads per batch over the emptied file. With the default read-around (up to the
     * device's read_ahead_kb per fault) a thousand reads bring in most of the 1 GiB file already,
     * so more reads would only make that side's bytes per read look smaller.
     */
    private static final int COLD_READS = 1000;

    private CacheCases() {
    }

    /** Mapping.map with an extra flag and advice, scanned once and closed. */
    private static JavaSide.Op mapScan(Path path, MapFlag flag, Advice advice) {
        MapOptions options = flag == null ? MapOptions.readOnly() : MapOptions.readOnly().plus(flag);
        return () -> {
            try (Mapping m = Mapping.map(path, options)) {
                if (advice != null) {
                    m.advise(advice);
                }
                return Work.sum(m.segment());
            }
        };
    }

    private static JavaSide.Op channelScan(FileChannel ch, long size) {
        return () -> {
            try (Arena arena = Arena.ofShared()) {
                return Work.sum(ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena));
            }
        };
    }

    static Comparison warmMapScan(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.SCAN);
        long size = Files.size(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        String deflt = "ffmap Mapping, default";
        String populate = "ffmap Mapping, MAP_POPULATE";
        String populateRead = "ffmap Mapping, MADV_POPULATE_READ";
        return new Comparison("map-scan-warm", "map + first scan + unmap of a 1 GiB file whose pages are in the cache",
                size, plan.rounds())
                .side(JavaSide.of(deflt, Family.FFMAP, mapScan(path, null, null)))
                .side(JavaSide.of(populate, Family.FFMAP, mapScan(path, MapFlag.MAP_POPULATE, null)))
                .side(JavaSide.of(populateRead, Family.FFMAP, mapScan(path, null, Advice.MADV_POPULATE_READ)))
                .side(JavaSide.of(CHANNEL, Family.JDK, channelScan(ch, size)).holding(ch))
                .side("C, default", () -> NativeSide.c(plan, "C, default", "map-scan", path, "default"))
                .side("C, MAP_POPULATE", () -> NativeSide.c(plan, "C, MAP_POPULATE", "map-scan", path, "populate"))
                .target(Target.atMost("MAP_POPULATE: Mapping within 10% of C with MAP_POPULATE", populate, "C, MAP_POPULATE", 1.1))
                .target(Target.atMost("Mapping with MAP_POPULATE ≤ 0.8× FileChannel.map + first scan", populate, CHANNEL, 0.8))
                .target(Target.info("MADV_POPULATE_READ ÷ FileChannel.map", populateRead, CHANNEL))
                .target(Target.info("Mapping default ÷ FileChannel.map", deflt, CHANNEL))
                .target(Target.info("C: MAP_POPULATE ÷ default", "C, MAP_POPULATE", "C, default"));
    }

    static Comparison coldScan(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.COLD);
        long size = Files.size(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        JavaSide.Prep drop = () -> {
            double left = Kernel.dropCache(path);
            if (left > 0.05) {
                throw new IllegalStateException(path + ": " + left + " of it stayed in the page cache after POSIX_FADV_DONTNEED");
            }
        };
        Comparison c = new Comparison("cold-scan", "map + first scan of a 256 MiB file emptied from the page cache"
                + " before each op", size, plan.slowRounds());
        String[][] ways = {{"default", null}, {"MAP_POPULATE", "populate"}, {"MADV_SEQUENTIAL", "sequential"},
                {"MADV_WILLNEED", "willneed"}};
        for (String[] way : ways) {
            MapFlag flag = way[0].equals("MAP_POPULATE") ? MapFlag.MAP_POPULATE : null;
            Advice advice = way[0].startsWith("MADV_") ? Advice.valueOf(way[0]) : null;
            c.side(JavaSide.of("ffmap Mapping, " + way[0], Family.FFMAP, mapScan(path, flag, advice)).before(drop));
        }
        return c.side(JavaSide.of(CHANNEL, Family.JDK, channelScan(ch, size)).before(drop).holding(ch))
                .side("C, default", () -> NativeSide.c(plan, "C, default", "cold-scan", path, "default"))
                .side("C, MADV_SEQUENTIAL", () -> NativeSide.c(plan, "C, MADV_SEQUENTIAL", "cold-scan", path, "sequential"))
                .target(Target.info("Mapping default ÷ FileChannel.map", "ffmap Mapping, default", CHANNEL))
                .target(Target.info("Mapping MADV_SEQUENTIAL ÷ FileChannel.map", "ffmap Mapping, MADV_SEQUENTIAL", CHANNEL))
                .target(Target.info("Mapping MAP_POPULATE ÷ FileChannel.map", "ffmap Mapping, MAP_POPULATE", CHANNEL))
                .target(Target.info("Mapping default ÷ C default", "ffmap Mapping, default", "C, default"));
    }

    static Comparison coldRandom(Plan plan) throws IOException {
        Path path = plan.file(BenchFiles.SCAN);
        long reads = COLD_READS;
        String random = "ffmap Mapping, MADV_RANDOM";
        String deflt = "ffmap Mapping, default advice";
        String channel = "FileChannel.map (default read-around)";
        String c = "C mmap, MADV_RANDOM";
        Target.Require counted = new Target.Require(channel, "read_bytes", 1,
                "read_bytes in /proc/self/io stayed 0 on this storage; the mincore count below decides");
        return new Comparison("cold-random", String.format("%,d random 4 KiB reads over a 1 GiB file emptied from the"
                + " page cache (time per read)", reads), 0, plan.slowRounds())
                .side(new ColdRandomSide(random, Family.FFMAP, path, reads, p -> {
                    Mapping m = Mapping.map(p, MapOptions.readOnly());
                    m.advise(Advice.MADV_RANDOM);
                    return new AnonSide.Held(m.segment(), m);
                }))
                .side(new ColdRandomSide(deflt, Family.FFMAP, path, reads, p -> {
                    Mapping m = Mapping.map(p, MapOptions.readOnly());
                    return new AnonSide.Held(m.segment(), m);
                }))
                .side(new ColdRandomSide(channel, Family.JDK, path, reads, p -> {
                    Arena arena = Arena.ofConfined();
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                        return new AnonSide.Held(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena), arena);
                    }
                }))
                .side(c, () -> NativeSide.c(plan, c, "cold-random", path, "random", reads))
                .target(Target.atLeast("MADV_RANDOM: ≥ 2× fewer bytes read from storage than FileChannel.map"
                        + " (read_bytes)", channel, random, 2).of("read_bytes").requiring(counted))
                .target(Target.atLeast("MADV_RANDOM: ≥ 2× fewer pages brought into the cache than FileChannel.map"
                        + " (mincore)", channel, random, 2).of("resident_bytes"))
                .target(Target.info("Time per read: FileChannel.map ÷ MADV_RANDOM", channel, random))
                .target(Target.info("Bytes read: Mapping default ÷ MADV_RANDOM", deflt, random).of("read_bytes"))
                .target(Target.info("Bytes read: MADV_RANDOM, Mapping ÷ C", random, c).of("read_bytes"))
                .note("read_bytes: this process's read_bytes in /proc/self/io over the reads, per read;"
                        + " resident_bytes: the file's pages in the page cache after the reads (mincore), per read."
                        + " The file is dropped from the cache (posix_fadvise POSIX_FADV_DONTNEED) before each batch;"
                        + " resident_before is the share left after the drop.");
    }
}
