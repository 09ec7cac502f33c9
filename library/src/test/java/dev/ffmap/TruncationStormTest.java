package dev.ffmap;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hostile forms of {@link TruncationStorm} in child JVMs with {@code -XX:ErrorFile}, under
 * the interpreter, C1 only and tiered compilation, each with and without
 * {@code jdk.incubator.vector}: every call gives the intact file's value or
 * {@link MappingFaultException}; never a crash, a bare {@link InternalError} or a wrong value.
 * How long each form runs comes from {@code ffmap.storm.millis} (a few seconds in
 * {@code mvn verify}, far longer with {@code -Preliability-long}).
 */
@EnabledOnOs(OS.LINUX)
class TruncationStormTest {
    private static final long MILLIS = Long.getLong("ffmap.storm.millis", 3000);
    private static final long WARMUP_MILLIS = Long.getLong("ffmap.storm.warmupMillis", 160);

    static Stream<Arguments> modes() {
        List<Arguments> all = new ArrayList<>();
        for (String mode : List.of("-Xint", "-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation")) {
            all.add(Arguments.of(mode, false));
            all.add(Arguments.of(mode, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} vector={1}")
    @MethodSource("modes")
    void everyCallUnderFastTruncationIsTheFilesValueOrAFaultException(String mode, boolean vector, @TempDir Path dir)
            throws Exception {
        check("storm", mode, vector, MILLIS, dir);
    }

    @ParameterizedTest(name = "{0} vector={1}")
    @MethodSource("modes")
    void truncationRightAfterTheJitCompilesEachOperationIsAFaultException(String mode, boolean vector, @TempDir Path dir)
            throws Exception {
        check("warmup", mode, vector, WARMUP_MILLIS, dir);
    }

    @ParameterizedTest(name = "{0} vector={1}")
    @MethodSource("modes")
    void accessBodiesRacingProtectAndRemapSeeOneLiveViewNeverAFault(String mode, boolean vector, @TempDir Path dir)
            throws Exception {
        check("protect", mode, vector, MILLIS / 2, dir);
    }

    /**
     * Where the storm's file lives: tmpfs ({@code /dev/shm}) when there is one, else {@code dir}.
     * On ext4 (Linux 6.18) the kernel itself lets a reader of the mapping see a page of zeros now
     * and then while stores through another mapping race the truncation and the rewrite: a C
     * program with the same threads shows it (see RELIABILITY.md), so there the oracle would
     * judge the file system, not ffmap. {@code -Dffmap.storm.dir} chooses another directory.
     */
    private static Path stormDirectory(Path dir) throws java.io.IOException {
        String chosen = System.getProperty("ffmap.storm.dir");
        Path shm = Path.of(chosen != null ? chosen : "/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "ffmap-storm-");
        }
        return Files.createDirectories(dir.resolve("work"));
    }

    private static void check(String form, String mode, boolean vector, long millis, Path dir) throws Exception {
        Path errors = dir.resolve("errors");
        Path work = stormDirectory(dir);
        List<String> options = new ArrayList<>(List.of(mode));
        if (vector) {
            options.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        try {
            run(form, mode, vector, millis, options, work, errors);
        } finally {
            if (!work.startsWith(dir)) {
                Files.deleteIfExists(work.resolve("storm.bin"));
                Files.deleteIfExists(work);
            }
        }
    }

    /**
     * Copies crash reports out of the test's temporary directory, which JUnit deletes, into
     * {@code target/storm-crashes} beside the surefire reports; returns that directory.
     */
    private static Path keep(List<Path> hsErr, String label) throws java.io.IOException {
        Path kept = Files.createDirectories(Path.of("target", "storm-crashes"));
        for (Path f : hsErr) {
            Files.copy(f, kept.resolve(label.replaceAll("[^A-Za-z0-9+=.-]+", "_") + "-" + f.getFileName()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return kept.toAbsolutePath();
    }

    private static void run(String form, String mode, boolean vector, long millis, List<String> options, Path work,
                            Path errors) throws Exception {
        long limit = 120 + millis / 1000 * 4; // the interpreter is slow to finish its last calls
        ChildJvm.Outcome child = ChildJvm.crashable(options, errors, limit, TruncationStorm.class, form, work.toString(),
                Long.toString(millis), "42");
        String out = child.out();
        List<Path> hsErr = child.hsErr();
        String label = form + " " + mode + (vector ? " +vector" : "");
        if (!hsErr.isEmpty()) {
            fail(label + ": the JVM crashed (the whole hs_err files are kept in " + keep(hsErr, label) + ")\n" + out
                    + Files.readString(hsErr.getFirst()).lines().limit(60).toList());
        }
        assertEquals(0, child.exit(), label + "\n" + out);
        assertTrue(out.contains("\ndone"), label + "\n" + out);
        assertTrue(out.contains("\nfailures 0\n"), label + ": calls failed\n" + out);
        long events = out.lines().filter(l -> l.startsWith("events ")).mapToLong(l -> Long.parseLong(l.substring(7)))
                .findFirst().orElse(0);
        long calls = 0;
        long faults = 0;
        for (String line : out.lines().filter(l -> l.startsWith("op ")).toList()) {
            String[] f = line.split(" ");
            calls += Long.parseLong(f[f.length - 3]) + Long.parseLong(f[f.length - 2]);
            faults += Long.parseLong(f[f.length - 2]);
        }
        assertTrue(events > 0 && calls > 0, label + ": nothing happened\n" + out);
        if (!form.equals("protect")) {
            assertTrue(faults > 0, label + ": no call met a truncated page\n" + out);
        }
        String figure = String.format(java.util.Locale.ROOT, "%s: events=%d calls=%d faults=%d failures=0 hs_err=0 (%s)",
                label, events, calls, faults, Files.getFileStore(work).type());
        System.out.println(figure);
        Reliability.figure("storm", figure);
    }
}
