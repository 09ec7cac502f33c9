package dev.ffmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoMapsAFiveGibSparseFileThreeWaysAndDeletesIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new String[]{"demo", "--dir", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text + err);
        assertTrue(text.contains("Mman.mmap          one segment of 5368709120 bytes"), text);
        assertTrue(text.contains("Mapping.map        one segment of 5368709120 bytes"), text);
        assertTrue(text.contains("FileChannel.map    one segment of 5368709120 bytes"), text);
        assertEquals(4, text.lines().filter(l -> l.endsWith(": ok")).count(), text);
        assertTrue(text.contains("all markers read back as written"), text);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the demo deleted its file");
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, Main.run(new String[]{}, sink, sink));
        assertEquals(2, Main.run(new String[]{"nope"}, sink, sink));
        assertEquals(2, Main.run(new String[]{"demo", "--bogus"}, sink, sink));
        assertEquals(0, Main.run(new String[]{"--help"}, sink, sink));
    }

    @Test
    void markerOffsetsStraddleThe2And4GibLinesWithoutOverlapping() {
        long[] m = Demo.markerOffsets(5L << 30);
        for (int i = 1; i < m.length; i++) {
            assertTrue(m[i] >= m[i - 1] + 8, "markers overlap at " + m[i]);
        }
        assertTrue(m[1] < 1L << 31 && m[1] + 8 > 1L << 31, "one marker crosses the 2 GiB line");
        assertTrue(m[3] < 1L << 32 && m[3] + 8 > 1L << 32, "one marker crosses the 4 GiB line");
    }
}
