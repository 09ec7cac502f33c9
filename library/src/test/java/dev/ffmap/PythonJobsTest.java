package dev.ffmap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's three jobs from Python, run as written there, on real files and a real CPython. */
@EnabledOnOs(OS.LINUX)
class PythonJobsTest {
    private static final byte[] ERROR = "ERROR".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void readsALargeFileLineByLineAndFindsWithoutLoadingIt() throws IOException {
        Path log = dir.resolve("big.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append(i % 7 == 0 ? "ERROR " : "INFO ").append("event ").append(i).append('\n');
        }
        text.append("FATAL the end"); // last line without a newline
        Files.writeString(log, text, StandardCharsets.US_ASCII);
        List<String> lines = Files.readAllLines(log, StandardCharsets.US_ASCII);

        long errors = 0;
        long lineCount = 0;
        long firstFatal;
        try (MappedFile m = MappedFile.open(log, MappedFile.Access.READ)) {
            for (byte[] line = m.readLine(); line.length > 0; line = m.readLine()) {
                lineCount++;
                if (Arrays.equals(line, 0, Math.min(5, line.length), ERROR, 0, 5)) {
                    errors++;
                }
            }
            firstFatal = m.find("FATAL".getBytes(StandardCharsets.US_ASCII), 0);
        }
        assertEquals(lines.size(), lineCount);
        assertEquals(lines.stream().filter(l -> l.startsWith("ERROR")).count(), errors);
        assertEquals(text.indexOf("FATAL"), firstFatal);
    }

    @Test
    void changesPartOfAFileInPlaceAndNothingElse() throws IOException {
        Path config = dir.resolve("config.bin");
        byte[] before = new byte[3 * 4096 + 17];
        Arrays.fill(before, (byte) '.');
        byte[] key = "version=1".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(key, 0, before, 4090, key.length); // across a page boundary
        Files.write(config, before);

        try (MappedFile m = MappedFile.open(config, MappedFile.Access.WRITE)) {
            long at = m.find(key, 0);
            m.setSlice(at, at + 9, "version=2".getBytes(StandardCharsets.US_ASCII));
            m.flush();
        }
        byte[] expected = before.clone();
        expected[4098] = '2';
        assertArrayEquals(expected, Files.readAllBytes(config));
    }

    @Test
    void sharesAFileWithACpythonProcessBothWays() throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 is not on PATH");
        Path shared = dir.resolve("shared.bin");
        Files.write(shared, new byte[128]);
        Path script = dir.resolve("peer.py");
        Files.writeString(script, """
                import mmap, sys
                with open(sys.argv[1], "r+b") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_WRITE) as m:
                    sys.stdout.write(m[0:11].decode("ascii"))
                    m[64:75] = b"from python"
                """);
        try (MappedFile m = MappedFile.open(shared, MappedFile.Access.WRITE)) {
            m.setSlice(0, 11, "from java!\n".getBytes(StandardCharsets.US_ASCII)); // no flush: shared pages
            Process p = new ProcessBuilder("python3", script.toString(), shared.toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals(0, p.exitValue(), out);
            assertEquals("from java!\n", out);
            // the same live mapping, never re-read from the file, sees Python's write
            assertEquals("from python", new String(m.slice(64, 75), StandardCharsets.US_ASCII));
        }
    }

    private static boolean hasPython() {
        try {
            return new ProcessBuilder("python3", "-c", "import mmap").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
