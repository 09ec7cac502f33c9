package dev.ffmap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random calls of the public API with arguments drawn near the edges (offsets, lengths,
 * indices, slices, seek positions, flags, advice, prot, file sizes from 0 to just over page
 * multiples), generated and judged by {@link ArgumentFuzz}. Every call returns or throws one of
 * the documented exceptions; a call that throws changes neither the file nor the mapping (bytes,
 * length, position, prot compared before and after); the JVM survives. In this JVM (tiered), and
 * again in child JVMs under {@code -Xint}, C1 only and tiered, which must agree call for call. A
 * failure names the seed and the call, so it can be replayed with
 * {@code -Dffmap.reliability.seed=<seed>}.
 */
@EnabledOnOs(OS.LINUX)
class ArgumentFuzzTest {
    private static final long PAGE = Mman.pageSize();
    private static final long SEED = Long.getLong("ffmap.reliability.seed", 20261125L);
    private static final String LOW_WINDOW_FULL = "-XX:+TieredCompilation, low 2 GiB full";
    /** The children's names and JVM options. */
    private static final Map<String, List<String>> MODES = modes();
    /** Where the children write their outcomes ({@link OutcomeLog}); kept when the modes disagree. */
    private static final Path LOGS = Path.of(System.getProperty("ffmap.fuzz.logs", "target/fuzz-modes"));
    /** Calls made by all tests of the class, for the figures. */
    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();

    /**
     * On tmpfs when there is one: msync there costs no journal commit, so the calls are many and
     * quick; what a sync keeps on a disk file system is {@link DurabilityTest}'s part.
     */
    private Path dir;
    /** Directories to delete after the test: tmpfs ones are outside {@code @TempDir}. */
    private final List<Path> dirs = new ArrayList<>();

    @BeforeEach
    void setUp(@TempDir Path fallback) throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "ffmap-fuzz-") : fallback;
        dirs.add(dir);
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Path d : dirs) {
            if (d.startsWith("/dev/shm")) {
                try (Stream<Path> files = Files.list(d)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(d);
            }
        }
    }

    private static Map<String, List<String>> modes() {
        Map<String, List<String>> modes = new LinkedHashMap<>();
        for (String mode : List.of("-Xint", "-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation")) {
            modes.put(mode, List.of(mode));
        }
        if (List.of("amd64", "x86_64").contains(System.getProperty("os.arch"))) { // MAP_32BIT exists on x86-64 only
            modes.put(LOW_WINDOW_FULL, List.of("-XX:+TieredCompilation", "-Dffmap.fuzz.fillLowWindow=true"));
        }
        return modes;
    }

    @AfterAll
    static void figures() {
        Reliability.figure("fuzz", String.format(Locale.ROOT, "seed=%d calls=%d, of which threw a documented exception=%d, "
                + "undocumented exceptions=0, state changed by a failed call=0", SEED, CALLS.get(), FAILED.get()));
    }

    @Test
    void mappingMapReturnsTheAskedBytesOrFailsLeavingTheFileAlone() throws IOException {
        long fds = Reliability.openFds();
        fuzz(0);
        assertEquals(fds, Reliability.openFds(), "descriptors left open");
    }

    @Test
    void mappingCallsSucceedOrFailLeavingMappingAndFileAlone() throws IOException {
        fuzz(1);
    }

    @Test
    void mappedFileCallsSucceedOrFailLeavingMapPositionAndFileAlone() throws IOException {
        fuzz(2);
    }

    @Test
    void mmanMmapAndSharedMemoryReturnOrFailAndMapFixedOutsideAReservationIsRefused() throws IOException {
        fuzz(3);
    }

    /** Runs a quarter of the cases of one kind ({@link ArgumentFuzz#run}) from the seed, and counts them. */
    private void fuzz(int kind) throws IOException {
        try (ArgumentFuzz f = new ArgumentFuzz(dir, new SplittableRandom(SEED), "seed " + SEED)) {
            f.run(kind, Reliability.size("cases", 100_000) / 4);
            CALLS.addAndGet(f.calls());
            FAILED.addAndGet(f.failed());
        }
    }

    /**
     * The same seeded calls in child JVMs under the interpreter, C1 only and tiered compilation,
     * and once more tiered with the low 2 GiB filled, where every {@code MAP_32BIT} call finds no
     * room ({@link LowWindow}: the JVM's own random layout does that in about one start in 45),
     * on x86-64: each passes the oracle, and all make the same calls with the same outcomes (the
     * same exceptions and errnos, the same values returned: equal digests). When they differ, the
     * failure quotes the first calls whose outcomes differ, and the children's logs stay in
     * {@code target/fuzz-modes}.
     */
    @Test
    void theInterpreterC1AndTieredGiveTheSameOutcomes(@TempDir Path work) throws Exception {
        int cases = Reliability.size("modeCases", 8_000);
        Files.createDirectories(LOGS);
        Files.deleteIfExists(LOGS.resolve("differences.txt"));
        Map<String, Path> logs = new LinkedHashMap<>();
        Map<String, Process> children = new LinkedHashMap<>();
        for (String mode : MODES.keySet()) {
            logs.put(mode, LOGS.resolve(fileName(mode) + ".log").toAbsolutePath());
            children.put(mode, startChild(mode, work, cases, logs.get(mode)));
        }
        Map<String, String> results = new LinkedHashMap<>();
        Map<String, Long> lowWindowFull = new LinkedHashMap<>();
        for (Map.Entry<String, Process> child : children.entrySet()) {
            String out = ChildJvm.finish(child.getValue(), 1800 + cases / 20);
            results.put(child.getKey(), line(out, "fuzz "));
            Reliability.figure("fuzz-modes", String.format(Locale.ROOT, "%s seed=%d cases=%d: %s, undocumented exceptions=0, "
                    + "state changed by a failed call=0, MAP_32BIT calls with no room below 2 GiB=%s (%s s)", child.getKey(), SEED,
                    cases, results.get(child.getKey()), line(out, "lowWindowFull "), line(out, "seconds ")));
            try (Stream<Path> errors = Files.list(work.resolve(fileName(child.getKey()) + "-errors"))) {
                assertEquals(List.of(), errors.toList(), "hs_err files of " + child.getKey());
            }
            lowWindowFull.put(child.getKey(), Long.parseLong(line(out, "lowWindowFull ")));
        }
        assertSameOutcomes(results, logs);
        assertTrue(!MODES.containsKey(LOW_WINDOW_FULL) || lowWindowFull.get(LOW_WINDOW_FULL) > 0,
                "no MAP_32BIT call met the filled low 2 GiB: " + lowWindowFull);
        for (Path log : logs.values()) {
            Files.delete(log);
        }
    }

    /** {@code ArgumentFuzz.main} in a child JVM with the options of {@code mode}, writing its outcomes to {@code log}. */
    private Process startChild(String mode, Path work, int cases, Path log) throws IOException {
        Path errors = Files.createDirectories(work.resolve(fileName(mode) + "-errors"));
        Path shm = Path.of("/dev/shm");
        Path files = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm : work, "ffmap-fuzz-");
        dirs.add(files);
        List<String> options = new ArrayList<>(MODES.get(mode));
        options.addAll(List.of("-XX:ErrorFile=" + errors.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash",
                "-Dffmap.fuzz.log=" + log));
        return ChildJvm.start(options, ArgumentFuzz.class, files.toString(), Integer.toString(cases), Long.toString(SEED));
    }

    /** Equal result lines, or a failure quoting the first calls whose outcomes differ in the {@code logs}, which stay. */
    private static void assertSameOutcomes(Map<String, String> results, Map<String, Path> logs) throws IOException {
        if (Set.copyOf(results.values()).size() > 1) {
            List<String> differences = OutcomeLog.differences(logs, 10);
            Files.write(LOGS.resolve("differences.txt"), differences);
            fail("outcomes differ between modes: " + results + "; the first calls that differ (all in "
                    + LOGS.toAbsolutePath() + "):" + System.lineSeparator() + String.join(System.lineSeparator(), differences));
        }
    }

    /** {@code mode} as a file name: "-XX:+TieredCompilation, low 2 GiB full" becomes "XX-TieredCompilation-low-2-GiB-full". */
    private static String fileName(String mode) {
        return mode.replaceAll("[^A-Za-z0-9=]+", "-").replaceAll("^-|-$", "");
    }

    /** The rest of the line of {@code out} that starts with {@code prefix}. */
    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(out))
                .substring(prefix.length());
    }

    @Test
    void mapFixedOutsideAReservationAndNoreplaceAtNullAreRefusedBeforeAnySyscall() throws IOException {
        Path f = Files.write(dir.resolve("x"), new byte[10]);
        assertThrows(IllegalArgumentException.class, () -> MapOptions.readWrite().plus(MapFlag.MAP_FIXED));
        // Root may map page 0 with MAP_FIXED_NOREPLACE (found by the fuzzing above): refused too.
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> Mman.mmap(MemorySegment.NULL, PAGE,
                EnumSet.of(Prot.PROT_READ), EnumSet.of(MapFlag.MAP_PRIVATE, MapFlag.MAP_ANONYMOUS, MapFlag.MAP_FIXED_NOREPLACE), -1, 0));
        assertTrue(low.getMessage().contains("NullPointerException"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MappedFile.open(f,
                MappedFile.options().prot(Prot.PROT_READ).flags(MapFlag.MAP_SHARED, MapFlag.MAP_FIXED)));
    }
}
