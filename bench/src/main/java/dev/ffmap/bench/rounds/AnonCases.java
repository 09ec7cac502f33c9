package dev.ffmap.bench.rounds;

import dev.ffmap.Advice;
import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Prot;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.EnumSet;
import java.util.Locale;

/**
 * Anonymous memory allocated and filled, the way a Java user does it today
 * ({@code Arena.allocate}, which can ask for no huge pages and zeroes every page by touching it)
 * against {@code Mapping.anonymous} with the flags only a native call can give: 4 KiB pages
 * faulted in one by one, MAP_POPULATE, MADV_HUGEPAGE, and MADV_HUGEPAGE with MADV_POPULATE_WRITE.
 * C does the same with memset, with no advice, MADV_HUGEPAGE, and both, so each advice's gain is
 * also measured with no JVM in the way.
 */
final class AnonCases {
    static final String ARENA = "Arena.ofShared().allocate + fill";
    static final String DEFAULT = "ffmap Mapping.anonymous + fill (4 KiB pages)";
    static final String POPULATE = "ffmap Mapping.anonymous, MAP_POPULATE + fill";
    static final String HUGE = "ffmap Mapping.anonymous, MADV_HUGEPAGE + fill";
    static final String HUGE_POPULATE = "ffmap Mapping.anonymous, MADV_HUGEPAGE + MADV_POPULATE_WRITE + fill";
    static final String C_HUGE = "C mmap, MADV_HUGEPAGE + MADV_POPULATE_WRITE + memset";
    static final String C_HUGE_FAULT = "C mmap, MADV_HUGEPAGE + memset";
    static final String C_4K = "C mmap + memset (4 KiB pages)";

    private static final MapOptions PRIVATE = new MapOptions(0, 0, EnumSet.of(Prot.PROT_READ, Prot.PROT_WRITE),
            EnumSet.of(MapFlag.MAP_PRIVATE), false);

    private AnonCases() {
    }

    static Comparison fill(Plan plan) {
        long size = plan.anonBytes();
        String thp = Kernel.thpMode();
        Target.Require hugeGranted = new Target.Require(HUGE_POPULATE, "huge", 0.5,
                "the kernel backed less than half of the memory with huge pages (transparent huge pages: " + thp + ")");
        Comparison c = new Comparison("anon-fill", String.format(Locale.ROOT,
                "Allocate and fill %s of anonymous memory, then free it", size(size)), size, plan.anonRounds())
                .side(new AnonSide(ARENA, Family.JDK, size, bytes -> {
                    Arena arena = Arena.ofShared();
                    return new AnonSide.Held(arena.allocate(bytes), arena);
                }))
                .side(mapping(DEFAULT, size, null))
                .side(mapping(POPULATE, size, MapFlag.MAP_POPULATE))
                .side(mapping(HUGE, size, null, Advice.MADV_HUGEPAGE))
                .side(mapping(HUGE_POPULATE, size, null, Advice.MADV_HUGEPAGE, Advice.MADV_POPULATE_WRITE))
                .side(C_4K, () -> NativeSide.c(plan, C_4K, "anon-4k", plan.data(), Long.toString(size), 1))
                .side(C_HUGE_FAULT, () -> NativeSide.c(plan, C_HUGE_FAULT, "anon-huge-fault", plan.data(),
                        Long.toString(size), 1))
                .side(C_HUGE, () -> NativeSide.c(plan, C_HUGE, "anon-huge", plan.data(), Long.toString(size), 1))
                .target(Target.atLeast(HUGE_POPULATE + ": ≥ 4× faster than Arena.allocate", ARENA, HUGE_POPULATE, 4)
                        .requiring(hugeGranted))
                .target(Target.atLeast(HUGE + ": ≥ 4× faster than Arena.allocate", ARENA, HUGE, 4)
                        .requiring(new Target.Require(HUGE, "huge", 0.5, hugeGranted.unmet())))
                .target(Target.info("Arena.allocate's time ÷ 4 KiB pages faulted in (no advice)", ARENA, DEFAULT))
                .target(Target.info("4 KiB pages faulted in ÷ MAP_POPULATE (speed-up of populate)", DEFAULT, POPULATE))
                .target(Target.info(HUGE_POPULATE + " ÷ C", HUGE_POPULATE, C_HUGE))
                .target(Target.info(HUGE + " ÷ C", HUGE, C_HUGE_FAULT))
                .target(Target.info("C alone: 4 KiB pages' time ÷ MADV_HUGEPAGE + MADV_POPULATE_WRITE's", C_4K, C_HUGE))
                .target(Target.info("C alone: 4 KiB pages' time ÷ MADV_HUGEPAGE's (huge pages faulted in by memset)",
                        C_4K, C_HUGE_FAULT))
                .target(Target.info("Random 8-byte reads: Arena memory's time ÷ huge pages' time", ARENA, HUGE_POPULATE)
                        .of("read_ns"));
        c.note("Transparent huge pages: " + thp + " (/sys/kernel/mm/transparent_hugepage/enabled). huge is the share of"
                + " the memory that AnonHugePages in /proc/self/smaps showed after the fill; read_ns is the time of one"
                + " of " + AnonSide.READS + " random 8-byte reads over the filled memory (not part of the op's time).");
        if (thp.equals("never") || thp.equals("unknown")) {
            c.note("No transparent huge pages here: MADV_HUGEPAGE changes nothing, the huge-page sides run on 4 KiB"
                    + " pages, and their targets stay undecided.");
        }
        return c;
    }

    private static Side mapping(String label, long size, MapFlag flag, Advice... advice) {
        MapOptions options = flag == null ? PRIVATE : PRIVATE.plus(flag);
        return new AnonSide(label, Family.FFMAP, size, bytes -> {
            Mapping m = Mapping.anonymous(bytes, options);
            try {
                for (Advice a : advice) {
                    m.advise(a);
                }
            } catch (RuntimeException | IOException e) {
                m.close();
                throw e;
            }
            return new AnonSide.Held(m.segment(), m);
        });
    }

    static String size(long bytes) {
        return bytes >= (1L << 30) && bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }
}
