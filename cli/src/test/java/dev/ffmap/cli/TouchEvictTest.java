package dev.ffmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code ffmap touch} and {@code ffmap evict} as commands: what mincore says before and after, and nothing else changed. */
@EnabledOnOs(OS.LINUX)
class TouchEvictTest {
    @TempDir
    Path dir;

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"populate-read", "populate", "willneed"})
    void eachTouchMethodMakesEveryPageResidentAndChangesNothing(String method) throws Exception {
        Path f = CacheFiles.write(dir.resolve("data.bin"), (70L << 20) + 123); // more than one 64 MiB window
        String digest = sha256(f);
        FileTime modified = Files.getLastModifiedTime(f);
        assertEquals(0, Ffmap.run("evict", "-q", f.toString()).exit());
        assertEquals(0, CacheFiles.resident(f));
        Ffmap.Result r = Ffmap.run("touch", "--method", method, "--json", f.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(CacheFiles.pages(f), CacheFiles.resident(f), "every page resident after " + method);
        assertEquals(String.valueOf(CacheFiles.pages(f)), Ffmap.python(r.out(), "d['files'][0]['residentPages']"));
        assertEquals("0", Ffmap.python(r.out(), "d['files'][0]['residentPagesBefore']"));
        assertEquals(String.valueOf(Files.size(f)), Ffmap.python(r.out(), "d['total']['movedBytes']"));
        assertEquals(digest, sha256(f));
        assertEquals(modified, Files.getLastModifiedTime(f));
    }

    @Test
    void evictReportsWhatItFreedAndChangesNothing() throws Exception {
        Path f = CacheFiles.write(dir.resolve("data.bin"), 6 << 20);
        String digest = sha256(f);
        assertEquals(0, Ffmap.run("touch", "-q", f.toString()).exit());
        Ffmap.Result r = Ffmap.run("evict", f.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(0, CacheFiles.resident(f));
        assertTrue(r.out().startsWith("evicted " + f + ": 6.0 MiB, 1536 pages; resident before 6.0 MiB, now 0 B (0.0%);"
                + " freed 6.0 MiB in "), r.out());
        assertTrue(r.out().contains("total: 1 file, 6.0 MiB; freed 6.0 MiB in "), r.out());
        assertEquals(digest, sha256(f));
    }

    /** tmpfs keeps files in memory: nothing can leave, and the report says why pages stayed. */
    @Test
    void evictOnTmpfsFreesNothingAndSaysWhy() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"), "/dev/shm is tmpfs");
        Path f = Files.createTempFile(shm, "ffmap-evict-", ".bin");
        try {
            Files.write(f, new byte[1 << 20]);
            Ffmap.Result r = Ffmap.run("evict", f.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("now 1.0 MiB (100.0%); freed 0 B in "), r.out());
            assertTrue(r.out().contains("; what stays is dirty, mapped by a process, or on a file system that keeps files"
                    + " in memory (tmpfs)"), r.out());
            assertEquals(256, CacheFiles.resident(f));
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void pagesAProcessKeepsMappedAndTouchedStayAfterEvict() throws Exception {
        Path f = CacheFiles.write(dir.resolve("held.bin"), 4 << 20);
        try (dev.ffmap.Mapping m = dev.ffmap.Mapping.map(f, dev.ffmap.MapOptions.readOnly())) {
            long sum = 0;
            for (long i = 0; i < m.byteSize(); i += 4096) {
                sum += m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, i);
            }
            Ffmap.Result r = Ffmap.run("evict", "--json", f.toString());
            assertEquals(0, r.exit(), r.toString() + sum);
            assertEquals("1024", Ffmap.python(r.out(), "d['files'][0]['residentPages']"), "mapped pages stay");
        }
    }

    /** On a terminal (a pseudo-terminal from util-linux's script) touch redraws one line with bar, bytes and rate. */
    @Test
    void touchDrawsAProgressBarOnlyOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) gives the command a terminal");
        Path f = CacheFiles.write(dir.resolve("big.bin"), 200 << 20);
        assertEquals(0, Ffmap.run("evict", "-q", f.toString()).exit());
        String command = String.join(" ", Ffmap.command("touch", "--method", "willneed", f.toString()).stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        Ffmap.Result r = Ffmap.finish(p);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("(?s)\\r\\[#+\\.+\\]\\s+\\d+%  64\\.0 MiB / 200\\.0 MiB  [\\d.]+ [KMG]iB/s.*"), r.out());
        assertTrue(r.out().contains("\r" + " ".repeat(20)), "the bar is cleared before the report: " + r.out());
        assertTrue(r.out().contains("touched " + f + ": 200.0 MiB"), r.out());
        Ffmap.Result piped = Ffmap.run("touch", f.toString());
        assertEquals("", piped.err(), "no bar into a pipe");
    }

    @Test
    void filesVanishingDuringTouchAreReportedAndSkipped() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            files.add(CacheFiles.write(dir.resolve(String.format("f%03d.bin", i)), 256 << 10));
        }
        Process p = Ffmap.start(List.of(), "touch", "--method", "willneed", dir.toString());
        Thread deleter = Thread.ofPlatform().start(() -> {
            for (Path f : files.reversed()) {
                try {
                    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
                        ch.truncate(0); // first shorter, then gone
                    }
                    Files.delete(f);
                    Thread.sleep(2);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        });
        Ffmap.Result r = Ffmap.finish(p);
        deleter.join();
        assertTrue(r.exit() == 0 || r.exit() == 1, r.toString());
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("ffmap touch: " + dir)), r.toString());
        long touched = r.out().lines().filter(l -> l.startsWith("touched ")).count();
        long reported = r.err().lines().count();
        String total = r.out().lines().filter(l -> l.startsWith("total: ")).findFirst().orElseThrow();
        assertTrue(total.startsWith("total: " + Units.files((int) touched) + ","), r.toString());
        assertEquals(r.exit() == 0, reported == 0, r.toString());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }
}
