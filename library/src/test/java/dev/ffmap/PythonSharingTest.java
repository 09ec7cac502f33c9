package dev.ffmap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A CPython process with the standard mmap module and this JVM share live memory both ways: each
 * writes a pattern and then a flag, the other waits for the flag and checks the pattern. No msync,
 * no re-reading of the file: only the shared pages.
 */
@EnabledOnOs(OS.LINUX)
class PythonSharingTest {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    /** Flag words: Python's at 0, Java's at 4. Patterns: Python's at [64, 4064), Java's at [4096, 8096). */
    private static final String PEER = """
            import mmap, struct, sys, time
            with open(sys.argv[1], "r+b") as f, mmap.mmap(f.fileno(), 8192) as m:
                m[64:4064] = bytes((i * 31 + 7) & 0xff for i in range(4000))
                m[0:4] = struct.pack("<i", 1)              # flag: Python's pattern is there
                deadline = time.monotonic() + 60
                while struct.unpack_from("<i", m, 4)[0] != 1:
                    if time.monotonic() > deadline:
                        sys.exit("Java's flag never came")
                    time.sleep(0.0005)
                expected = bytes((i * 17 + 3) & 0xff for i in range(4000))
                sys.exit(0 if m[4096:8096] == expected else "Java's pattern differs")
            """;

    @TempDir
    Path dir;

    @Test
    void sharesAFileWithCpythonBothWays() throws Exception {
        Path file = Files.write(dir.resolve("shared.bin"), new byte[8192]);
        try (Mapping m = Mapping.map(file, MapOptions.readWrite())) {
            exchange(file, m.segment());
        }
    }

    @Test
    void sharesPosixSharedMemoryWithCpythonThroughDevShm() throws Exception {
        String name = "/" + SharedMemoryTest.PREFIX + "python";
        try (SharedMemory shm = SharedMemory.create(name, 8192).unlinkOnClose(); Mapping m = shm.map()) {
            exchange(shm.path(), m.segment());
        }
    }

    private void exchange(Path shared, MemorySegment s) throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 is not on PATH");
        Path script = Files.writeString(dir.resolve("peer.py"), PEER);
        Process p = new ProcessBuilder("python3", script.toString(), shared.toString()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((int) INT.getAcquire(s, 0L) != 1) {
            if (System.nanoTime() > deadline || !p.isAlive() && (int) INT.getAcquire(s, 0L) != 1) {
                p.destroyForcibly();
                fail("Python's flag never came: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            LockSupport.parkNanos(100_000); // CPython needs the CPU more than this loop
        }
        for (int i = 0; i < 4000; i++) {
            assertEquals((byte) (i * 31 + 7), s.get(ValueLayout.JAVA_BYTE, 64 + i), "Python's byte " + i);
        }
        for (int i = 0; i < 4000; i++) {
            s.set(ValueLayout.JAVA_BYTE, 4096 + i, (byte) (i * 17 + 3));
        }
        INT.setRelease(s, 4L, 1);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
    }

    private static boolean hasPython() {
        try {
            return new ProcessBuilder("python3", "-c", "import mmap").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
