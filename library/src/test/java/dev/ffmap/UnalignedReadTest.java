package dev.ffmap;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MappedFile's reads of a truncated file never take the path that crashes x86-64 JVMs
 * (RELIABILITY.md, "The movsxd crash"): {@link UnalignedReadProbe} runs each reading method from
 * every start offset over lost pages, with every word read forced through a C2 compilation of
 * {@code Unsafe.getLongUnaligned} that holds the crashing {@code movsxd} at 4 mod 8. The JVM
 * must survive with a {@link MappingFaultException} from every call, and the compilation log must
 * show that compiled method made before the truncation and never left after it: a read at
 * 2 mod 8 or an odd address would have left it, and one at 4 mod 8 would have crashed. With the
 * word reads of the code before aligned reads (at the offsets a search starts from), this child
 * crashed in {@code Assembler::locate_operand} every time.
 */
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
class UnalignedReadTest {
    private static final List<String> FORCE_THE_CALL = java.util.stream.Stream.concat(
            JdkFaultRecoveryTest.GET_LONG_UNALIGNED_ALONE.stream(),
            java.util.stream.Stream.of("-XX:+PrintCompilation", "-XX:CompileCommand=exclude,dev.ffmap.UnalignedReadProbe::read"))
            .toList();
    private static final Pattern COMPILED = Pattern.compile("jdk\\.internal\\.misc\\.Unsafe::getLongUnaligned \\(\\d+ bytes\\)");

    /**
     * Without the vector module the searches read the file a word at a time; with it, searches of
     * a window (32 KiB) or more copy the file to the heap and search the copies.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyReadOfALostPageIsAlignedAndRecovered(boolean vector, @TempDir Path dir) throws Exception {
        List<String> options = new ArrayList<>(FORCE_THE_CALL);
        if (vector) {
            options.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        ChildJvm.Outcome child = ChildJvm.crashable(options, dir.resolve("errors"), 120, UnalignedReadProbe.class,
                dir.toString(), vector ? "96" : "16");
        String out = child.out();
        assertTrue(out.contains("search: " + (vector ? "vector" : "scalar")), out);
        assertEquals(List.of(), child.hsErr(), out);
        assertEquals(0, child.exit(), out);
        assertTrue(out.contains("done: 72 faults of 72 calls"), out);
        assertTrue(out.contains("ring: 8 faults of 8 offers, 0 bytes published"), out);
        List<String> lines = out.lines().toList();
        int truncated = lines.indexOf("truncating");
        List<String> before = lines.subList(0, truncated).stream().filter(l -> COMPILED.matcher(l).find()).toList();
        assertFalse(before.isEmpty() || before.getLast().contains("made not entrant"),
                "Unsafe.getLongUnaligned was not compiled and entrant when the file was truncated: " + before);
        List<String> after = lines.subList(truncated, lines.size()).stream()
                .filter(l -> COMPILED.matcher(l).find() && l.contains("made not entrant")).toList();
        assertEquals(List.of(), after, "a read after the truncation left the compiled Unsafe.getLongUnaligned");
    }
}
