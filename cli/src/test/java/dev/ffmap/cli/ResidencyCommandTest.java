package dev.ffmap.cli;

import dev.ffmap.FileAdvice;
import dev.ffmap.Mman;
import dev.ffmap.OpenFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ffmap residency}, run as a command on real files, checked against mincore in this JVM. */
@EnabledOnOs(OS.LINUX)
class ResidencyCommandTest {
    @TempDir
    Path dir;

    @Test
    void residencyAgreesWithMincoreBeforeAndAfterTouchAndEvict() throws Exception {
        Path a = CacheFiles.write(dir.resolve("a.bin"), 8 << 20);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Path b = CacheFiles.write(dir.resolve("sub/deeper/b.bin"), (3 << 20) + 100);
        Path empty = Files.createFile(dir.resolve("sub/empty.bin"));
        for (String step : List.of("evict", "touch", "evict")) {
            // The kernel may reclaim a page between touch and the two counts on a busy machine:
            // a step is tried again (at most three times) only when the counts disagree.
            AssertionError last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    residencyAfter(step, List.of(a, b, empty));
                    last = null;
                    break;
                } catch (AssertionError e) {
                    last = e;
                }
            }
            if (last != null) {
                throw last;
            }
        }
    }

    /** Runs {@code step} on the directory, then checks residency --json against mincore and the step. */
    private void residencyAfter(String step, List<Path> files) throws Exception {
        Ffmap.Result r = Ffmap.run(step, "-q", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        Ffmap.Result json = Ffmap.run("residency", "--json", dir.toString());
        assertEquals(0, json.exit(), json.toString());
        for (Path f : files) {
            long pages = Long.parseLong(Ffmap.python(json.out(),
                    "[f['residentPages'] for f in d['files'] if f['path'] == '" + f + "'][0]"));
            assertEquals(CacheFiles.resident(f), pages, step + ": " + f);
            assertEquals(step.equals("touch") ? CacheFiles.pages(f) : 0, pages, step + ": " + f);
        }
        assertEquals("3", Ffmap.python(json.out(), "d['total']['files']"));
    }

    @Test
    void textShowsEachFileItsBarAndTheTotal() throws Exception {
        Path hot = CacheFiles.write(dir.resolve("hot.bin"), 4 << 20);
        Path cold = CacheFiles.write(dir.resolve("cold.bin"), 4 << 20);
        assertEquals(0, Ffmap.run("touch", "-q", hot.toString()).exit());
        assertEquals(0, Ffmap.run("evict", "-q", cold.toString()).exit());
        Ffmap.Result r = Ffmap.run("residency", "--map", "--width", "8", hot.toString(), cold.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("\\s+RESIDENT\\s+SIZE\\s+PAGES\\s+%\\s+FILE"), lines.get(0));
        assertTrue(lines.get(1).matches("\\s+4\\.0 MiB\\s+4\\.0 MiB\\s+1024/1024\\s+100\\.0%\\s+" + hot), lines.get(1));
        assertEquals("  [OOOOOOOO]", lines.get(2));
        assertTrue(lines.get(3).matches("\\s+0 B\\s+4\\.0 MiB\\s+0/1024\\s+0\\.0%\\s+" + cold), lines.get(3));
        assertEquals("  [        ]", lines.get(4));
        assertEquals("total: 2 files, 4.0 MiB of 8.0 MiB resident (50.0%), 1024 of 2048 pages", lines.get(5));
    }

    @Test
    void halfResidentFileShowsInTheCells() throws Exception {
        Path f = CacheFiles.write(dir.resolve("half.bin"), 8 << 20);
        assertEquals(0, Ffmap.run("touch", "-q", f.toString()).exit());
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        try {
            Mman.posix_fadvise(fd, 4 << 20, 0, FileAdvice.POSIX_FADV_DONTNEED); // the second half leaves
        } finally {
            Mman.close(fd);
        }
        Ffmap.Result r = Ffmap.run("residency", "--json", "--map", "--width", "4", f.toString());
        assertEquals("[1.0, 1.0, 0.0, 0.0]", Ffmap.python(r.out(), "d['files'][0]['cells']"));
        assertEquals("1024", Ffmap.python(r.out(), "d['files'][0]['residentPages']"));
        Ffmap.Result text = Ffmap.run("residency", "--map", "--width", "4", f.toString());
        assertEquals("  [OO  ]", text.out().lines().toList().get(2));
    }

    @Test
    void pngHasARowPerFile() throws Exception {
        Path one = CacheFiles.write(dir.resolve("one.bin"), 1 << 20);
        Path png1 = dir.resolve("one.png");
        Path png3 = dir.resolve("three.png");
        assertEquals(0, Ffmap.run("residency", "-q", "--png", png1.toString(), one.toString()).exit());
        CacheFiles.write(dir.resolve("two.bin"), 1 << 20);
        CacheFiles.write(dir.resolve("three.bin"), 1 << 20);
        Ffmap.Result r = Ffmap.run("residency", "-q", "--png", png3.toString(), dir.resolve("*.bin").toString());
        assertEquals(0, r.exit(), r.toString());
        int[] size1 = pngSize(png1);
        int[] size3 = pngSize(png3);
        assertEquals(size1[0], size3[0], "same width");
        assertEquals(2 * 24, size3[1] - size1[1], "two more rows of 24 pixels");
    }

    @Test
    void pngIntoAMissingDirectoryIsReportedByName() throws Exception {
        Path f = CacheFiles.write(dir.resolve("f.bin"), 4096);
        Path png = dir.resolve("no/such/dir/out.png");
        Ffmap.Result r = Ffmap.run("residency", "-q", "--png", png.toString(), f.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("ffmap residency: " + png + ": No such file or directory (ENOENT)\n", r.err());
        assertTrue(r.out().startsWith("total: 1 file,"), r.out());
    }

    /** Width and height from a PNG's IHDR chunk, after checking the signature. */
    private static int[] pngSize(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, java.util.Arrays.copyOf(bytes, 8));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        assertEquals("IHDR", new String(bytes, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        return new int[] {b.getInt(16), b.getInt(20)};
    }

    @Test
    void missingFilesAndEmptyGlobsAreReportedAndTheRestIsCounted() throws Exception {
        Path f = CacheFiles.write(dir.resolve("here.bin"), 1 << 20);
        Path missing = dir.resolve("gone.bin");
        Ffmap.Result r = Ffmap.run("residency", f.toString(), missing.toString(), dir.resolve("*.none").toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("ffmap residency: " + missing + ": No such file or directory (ENOENT)"), r.toString());
        assertTrue(r.err().contains("ffmap residency: " + dir.resolve("*.none") + ": no file matches this pattern"), r.toString());
        assertTrue(r.out().contains(f.toString()), r.toString());
        assertTrue(r.out().contains("total: 1 file,"), r.toString());
    }

    @Test
    void specialFilesAreSkippedNotRead() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Ffmap.Result r = Ffmap.run("residency", fifo.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(fifo + ": not a regular file or directory (a FIFO); skipped"), r.toString());
    }

    @Test
    void globsMatchBelowDirectories() throws Exception {
        Files.createDirectories(dir.resolve("x/y"));
        CacheFiles.write(dir.resolve("x/y/deep.idx"), 4096);
        CacheFiles.write(dir.resolve("x/top.idx"), 4096);
        CacheFiles.write(dir.resolve("x/other.dat"), 4096);
        Ffmap.Result r = Ffmap.run("residency", "--json", dir.resolve("x/**.idx").toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("['deep.idx', 'top.idx']", Ffmap.python(r.out(), "sorted(f['path'].split('/')[-1] for f in d['files'])"));
    }

    @Test
    void usageErrorsExitTwoWithTheUsage() throws Exception {
        for (List<String> args : List.of(List.of("residency"), List.of("residency", "--bogus", "x"),
                List.of("residency", "--width", "0", "x"), List.of("residency", "--png"), List.of("nosuchcommand"))) {
            Ffmap.Result r = Ffmap.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), args + "\n" + r);
            assertTrue(r.err().contains("usage: ffmap"), r.toString());
            assertEquals("", r.out(), args.toString());
        }
        Ffmap.Result help = Ffmap.run("residency", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("usage: ffmap residency "), help.out());
    }
}
