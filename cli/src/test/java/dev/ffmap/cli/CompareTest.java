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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class CompareTest {
    @TempDir
    Path dir;

    private record Run(int rc, String out, String err) {
    }

    private static Run compare(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "compare";
        System.arraycopy(args, 0, all, 1, args.length);
        int rc = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void comparesOnAFileItCreatesReportsEveryCaseAndDeletesTheFile() throws Exception {
        Run r = compare("--size", String.valueOf(16 << 20), "--dir", dir.toString());
        assertEquals(0, r.rc(), r.out() + r.err());
        for (String row : List.of("Mman open+mmap+munmap+close", "Mapping.map + close", "FileChannel.open+map(Arena)+close",
                "Mapping segment", "FileChannel.map segment", "MappedByteBuffer (chunks < 2 GiB)",
                "Mapping with MAP_POPULATE", "Mapping, default", "FileChannel.map (cannot populate)")) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(row) && l.trim().matches(".*\\d+\\.\\d\\dx$")),
                    "row '" + row + "' with a ratio in:\n" + r.out());
        }
        assertEquals("", r.err(), "no progress bar when stderr is not a terminal");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "compare deleted its file");
        }
    }

    @Test
    void comparesOnAFileTheUserNamesAndLeavesIt() throws Exception {
        Path f = dir.resolve("mine.bin");
        Files.write(f, new byte[3 << 20]);
        Run r = compare(f.toString());
        assertEquals(0, r.rc(), r.out() + r.err());
        assertTrue(r.out().contains("file " + f + ", 3.0 MiB"), r.out());
        assertTrue(Files.exists(f));
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertEquals(2, compare("--bogus").rc());
        assertEquals(2, compare("--size", "1000", "--dir", dir.toString()).rc());
        assertEquals(2, compare("a", "b").rc());
    }
}
