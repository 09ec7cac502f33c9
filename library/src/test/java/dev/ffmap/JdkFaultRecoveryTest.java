package dev.ffmap;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK defect behind the x86-64 crash that ffmap's aligned reads avoid (RELIABILITY.md, "The
 * movsxd crash"), shown with the JDK alone: a {@code long} read of a truncated page, from interpreted code that calls a
 * C2-compiled {@code Unsafe.getLongUnaligned}, is recovered as {@link InternalError} at an
 * address that is 0 or 2 mod 8, and crashes the JVM at 4 mod 8, where that method loads with
 * {@code movsxd}, an instruction the fault handler's decoder ({@code Assembler::locate_operand})
 * does not know. If a JDK fixes the decoder, the crash case fails here and says so.
 */
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
class JdkFaultRecoveryTest {
    /**
     * C2 only, and the two callers between a segment's {@code get} and the two-argument
     * {@code Unsafe.getLongUnaligned} kept in the interpreter: every {@code long} read of a segment
     * then calls that method's own C2 compilation, as interpreted and C1-compiled code does.
     */
    static final List<String> GET_LONG_UNALIGNED_ALONE = List.of("-XX:-TieredCompilation",
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=exclude,jdk.internal.misc.ScopedMemoryAccess::getLongUnalignedInternal",
            "-XX:CompileCommand=exclude,jdk.internal.misc.Unsafe::getLongUnaligned(Ljava/lang/Object;JZ)J");
    private static final List<String> FORCE_THE_CALL = java.util.stream.Stream.concat(GET_LONG_UNALIGNED_ALONE.stream(),
            java.util.stream.Stream.of("-XX:CompileCommand=exclude,dev.ffmap.JdkMovsxdProbe::read")).toList();

    @ParameterizedTest
    @ValueSource(longs = {0, 2, 4})
    void aLongReadOfALostPageIsRecoveredExceptAtFourModEight(long offset, @TempDir Path dir) throws Exception {
        ChildJvm.Outcome child = ChildJvm.crashable(FORCE_THE_CALL, dir.resolve("errors"), 120, JdkMovsxdProbe.class,
                dir.toString(), Long.toString(offset));
        String out = child.out();
        List<Path> hsErr = child.hsErr();
        if (offset == 4) {
            assertNotEquals(0, child.exit(), "this JDK recovers the fault at 4 mod 8 now:\n" + out);
            assertEquals(1, hsErr.size(), out);
            String report = Files.readString(hsErr.getFirst());
            assertTrue(report.contains("Assembler::locate_operand") && report.contains("Unsafe::getLongUnaligned"),
                    "another crash than the known one:\n" + report.lines().limit(60).toList());
        } else {
            assertEquals(List.of(), hsErr, out);
            assertEquals(0, child.exit(), out);
            assertTrue(out.contains("threw java.lang.InternalError"), out);
        }
    }
}
