package dev.ffmap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SharedLong}'s plain, ordered and atomic accesses (a locked {@code xadd}, {@code xchg} or
 * {@code cmpxchg} once compiled) to a long whose page the file's truncation took: the JVM recovers
 * from each in the interpreter, C1 and C2, and the fault arrives as the JVM's
 * {@link InternalError} at the next poll, never as a crash or a returned value
 * ({@link SharedLongFaultProbe} runs it in a child JVM).
 */
class SharedLongFaultTest {
    private static final List<String> METHODS =
            List.of("get", "set", "getAcquire", "setRelease", "getAndAdd", "getAndSet", "compareAndSet");

    @ParameterizedTest
    @ValueSource(strings = {"-Xint", "-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation"})
    void everyAccessToALostLongFaultsAndTheJvmLives(String mode, @TempDir Path dir) throws Exception {
        ChildJvm.Outcome child = ChildJvm.crashable(List.of(mode), dir.resolve("errors"), 180, SharedLongFaultProbe.class,
                dir.toString(), mode.equals("-Xint") ? "100000" : "1000000");
        String out = child.out();
        assertEquals(List.of(), child.hsErr(), out);
        assertEquals(0, child.exit(), out);
        for (String method : METHODS) {
            assertTrue(out.contains(method + ": faults=8 returned=0"), method + " in " + mode + ":\n" + out);
        }
        assertTrue(out.contains("done"), out);
    }
}
