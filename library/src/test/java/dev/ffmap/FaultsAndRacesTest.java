package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Faults and races, each in child JVMs per compilation mode (interpreter, C1 only, tiered) with
 * {@code -XX:ErrorFile} in a temporary directory: a truncated file under a live mapping is a
 * {@link MappingFaultException} from every operation, never a crash or a bare {@link InternalError}; closing under 8 readers ends each with a
 * completed, correct read or {@link IllegalStateException}. Trial counts come from the system
 * properties {@code ffmap.faults.trials} and {@code ffmap.race.rounds} (the
 * {@code reliability-long} profile raises them).
 */
@EnabledOnOs(OS.LINUX)
class FaultsAndRacesTest {
    private static final int TRIALS = Integer.getInteger("ffmap.faults.trials", 36);
    private static final int ROUNDS = Integer.getInteger("ffmap.race.rounds", 30);

    @ParameterizedTest
    @ValueSource(strings = {"-Xint", "-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation"})
    void truncatedFileIsAnExceptionFromEveryOperationNeverACrash(String mode, @TempDir Path dir) throws Exception {
        ChildJvm.Outcome r = child(dir, mode, "truncate", TRIALS);
        assertEquals(0, r.exit(), r.out());
        assertEquals(List.of(), r.hsErr(), r.out());
        assertTrue(r.out().contains("done"), r.out());
        int translated = 0;
        for (String line : r.out().lines().filter(l -> !l.startsWith("done")).toList()) {
            String[] f = line.split(" ");
            int n = Integer.parseInt(f[f.length - 1]);
            if (!f[1].equals("translated")) { // a bare InternalError ("raw") is a failure too
                fail("a trial ended without MappingFaultException: " + line + "\n" + r.out());
            }
            translated += n;
        }
        assertEquals(TRIALS, translated, r.out());
        System.out.printf("faults %s: trials=%d translated=%d crashes=0%n", mode, TRIALS, translated);
    }

    @Test
    void nativeMemchrOverATruncatedMappingKillsTheJvmSoTheHarnessSeesCrashes(@TempDir Path dir) throws Exception {
        ChildJvm.Outcome r = child(dir, "-XX:+TieredCompilation", "control", 1);
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("calling memchr") && !r.out().contains("memchr returned"), r.out());
        assertEquals(1, r.hsErr().size(), "one hs_err file: " + r.out());
        assertTrue(Files.readString(r.hsErr().getFirst()).contains("SIGBUS"), "hs_err names SIGBUS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-Xint", "-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation"})
    void closeUnderEightReadersEndsEachWithACorrectReadOrIllegalState(String mode, @TempDir Path dir) throws Exception {
        ChildJvm.Outcome r = child(dir, mode, "race", ROUNDS);
        assertEquals(0, r.exit(), r.out());
        assertEquals(List.of(), r.hsErr(), r.out());
        assertTrue(r.out().contains("closedEnds=" + ROUNDS * FaultPeer.READERS), "every reader ended with the close: " + r.out());
        System.out.printf("race %s: %s", mode, r.out().lines().filter(l -> l.startsWith("race")).findFirst().orElse(""));
        System.out.println();
    }

    private static ChildJvm.Outcome child(Path dir, String mode, String what, int count) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("work"));
        long limit = 300 + count / 5; // the long profile's 10,000 race rounds take tens of minutes
        return ChildJvm.crashable(List.of(mode), dir.resolve("errors"), limit, FaultPeer.class, what, work.toString(),
                Integer.toString(count), "42");
    }
}
