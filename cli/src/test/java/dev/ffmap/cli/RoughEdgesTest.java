package dev.ffmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command's errors, as a user meets them, each in a child JVM: every message names the path
 * and the errno, files that are not regular are said to be so, nothing is overwritten unasked,
 * and arguments the command does not take are usage errors.
 */
@EnabledOnOs(OS.LINUX)
class RoughEdgesTest {
    @TempDir
    Path dir;

    private static void assertNoTrace(Ffmap.Result r) {
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r);
        assertFalse(r.err().contains("Exception"), "no exception class names:\n" + r);
    }

    @Test
    void demoInAMissingDirectoryNamesItAndTheErrno() throws Exception {
        Path missing = dir.resolve("nonexistent");
        Ffmap.Result r = Ffmap.run("demo", "--dir", missing.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("ffmap demo: " + missing + ": No such file or directory (ENOENT); --dir must name an existing"
                + " directory\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void compareOnAMissingFileNamesItAndTheErrno() throws Exception {
        Path missing = dir.resolve("nonexistent");
        Ffmap.Result r = Ffmap.run("compare", missing.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("ffmap compare: " + missing + ": No such file or directory (ENOENT)\n", r.err());
    }

    /** 100 PiB is past what ext4 holds (EFBIG) and, where a file system holds it, past what one mmap can map (ENOMEM). */
    @Test
    void demoOfMoreThanTheFileSystemOrAddressSpaceHoldsSaysSoAndCleansUp() throws Exception {
        Ffmap.Result r = Ffmap.run("demo", "--size", "100P", "--dir", dir.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("ffmap demo: " + dir.resolve("ffmap-demo-")), r.toString());
        assertTrue(r.err().contains("its file system cannot hold a file of 100.0 PiB (ftruncate(")
                && r.err().contains("EFBIG (File too large)); give a smaller --size")
                || r.err().contains("cannot map 100.0 PiB at once (mmap(") && r.err().contains("ENOMEM"), r.toString());
        assertNoTrace(r);
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the demo deleted its file");
        }
    }

    @Test
    void pngRefusesToReplaceAFileUnlessForced() throws Exception {
        Path f = CacheFiles.write(dir.resolve("f.bin"), 4096);
        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me\n");
        Ffmap.Result r = Ffmap.run("residency", "--png", notes.toString(), f.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("ffmap residency: " + notes + ": File exists (EEXIST); --png replaces a file only with --force\n",
                r.err());
        assertEquals("", r.out(), "nothing is measured when the picture cannot be written");
        assertEquals("keep me\n", Files.readString(notes));
        Ffmap.Result forced = Ffmap.run("residency", "-q", "--force", "--png", notes.toString(), f.toString());
        assertEquals(0, forced.exit(), forced.toString());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(Files.readAllBytes(notes), 4));
    }

    @Test
    void compareOnAFifoSaysItIsNoRegularFile() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Ffmap.Result r = Ffmap.run("compare", fifo.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("ffmap compare: " + fifo + ": not a regular file (a FIFO); compare maps a regular file\n", r.err());
    }

    /** /proc files say they have 0 bytes whatever they hold, and have no pages in the page cache. */
    @Test
    void procFilesAreReportedAsNotMeasurable() throws Exception {
        for (String command : List.of("residency", "touch", "evict")) {
            Ffmap.Result r = Ffmap.run(command, "/proc/self/maps");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().startsWith("ffmap " + command + ": /proc/self/maps: a file the kernel makes up when it is"
                    + " read (proc file system): it has no pages in the page cache"), r.toString());
            assertTrue(r.out().contains("total: 0 files"), r.toString());
        }
        Ffmap.Result compare = Ffmap.run("compare", "/proc/self/maps");
        assertEquals(1, compare.exit(), compare.toString());
        assertTrue(compare.err().contains("/proc/self/maps: a file the kernel makes up"), compare.toString());
    }

    @Test
    void lockOnAnEmptyFileSaysWhyNothingIsLocked() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.bin"));
        Ffmap.Result r = Ffmap.run("lock", empty.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("ffmap lock: " + empty + ": empty (0 bytes): it has no page to lock; skipped\n"
                + "ffmap lock: nothing locked\n", r.err());
    }

    @Test
    void unexpectedArgumentsAreUsageErrors() throws Exception {
        for (List<String> args : List.of(List.of("info", "extra"), List.of("demo", "extra"),
                List.of("compare", "a", "b"), List.of("info", "--quiet"))) {
            Ffmap.Result r = Ffmap.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), args + "\n" + r);
            assertTrue(r.err().startsWith("ffmap " + args.get(0) + ": "), r.toString());
            assertTrue(r.err().contains("usage: ffmap " + args.get(0) + " "), r.toString());
            assertEquals("", r.out(), args.toString());
        }
    }

    /** With --quiet, --json gives the total alone, as the text does. */
    @Test
    void quietJsonHasTheTotalOnly() throws Exception {
        Path a = CacheFiles.write(dir.resolve("a.bin"), 8192);
        CacheFiles.write(dir.resolve("b.bin"), 4096);
        for (String command : List.of("residency", "touch", "evict")) {
            Ffmap.Result r = Ffmap.run(command, "-q", "--json", dir.toString());
            assertEquals(0, r.exit(), r.toString());
            assertEquals("['total']", Ffmap.python(r.out(), "list(d)"), command);
            assertEquals("2 12288", Ffmap.python(r.out(), "d['total']['files'], d['total']['size']").replaceAll("[(),]", ""));
            Ffmap.Result loud = Ffmap.run(command, "--json", a.toString());
            assertEquals("['files', 'total']", Ffmap.python(loud.out(), "list(d)"), command);
        }
    }

    @Test
    void versionIsTheBuildsOnTheModulePathAndTheClassPath() throws Exception {
        Ffmap.Result r = Ffmap.run("--version");
        assertEquals(0, r.exit(), r.toString());
        String first = r.out().lines().findFirst().orElseThrow();
        assertTrue(first.matches("ffmap \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), first);
        String classPath = System.getProperty("jdk.module.path");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "dev.ffmap.cli.Main", "info", "--version").start();
        Ffmap.Result onClassPath = Ffmap.finish(p);
        assertEquals(0, onClassPath.exit(), onClassPath.toString());
        assertEquals(first, onClassPath.out().lines().findFirst().orElseThrow());
    }
}
