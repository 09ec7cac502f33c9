package dev.ffmap.examples;

import dev.ffmap.Mman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each README example run as its own program on inputs made here, its output and its effect
 * on the files checked with the JDK's own I/O. Large inputs are sparse files.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(120)
class ExamplesTest {
    @TempDir
    Path dir;

    @Test
    void mapFileWritesPastThreeGigabytesAndSyncs() throws Exception {
        Path file = sparse("data.bin", 3_500_000_000L);
        Run.java(MapFile.class, file)
                .expectLine("3500000000 bytes in one segment; the long at 3000000000 is 42").finish();
        assertEquals(42L, readLong(file, 3_000_000_000L));
        assertEquals(3_500_000_000L, Files.size(file));
    }

    @Test
    void manyFilesMapIntoOneArenaAndReadCorrectly() throws Exception {
        Path files = Files.createDirectories(dir.resolve("many"));
        long sum = 0;
        for (int i = 0; i < 200; i++) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.nativeOrder());
            b.putLong(0, 1000L + i);
            Files.write(files.resolve(String.format("f%03d", i)), b.array());
            sum += 1000L + i;
        }
        Files.write(files.resolve("short"), new byte[3]); // skipped: shorter than a long
        Run.java(ManyFiles.class, files)
                .expectLine("200 files mapped in one arena; the sum of their first longs is " + sum).finish();
    }

    @Test
    void mappingCallsRunOnOneMebibyteAtFourGibibytes() throws Exception {
        long size = (1L << 32) + (2 << 20);
        Path file = sparse("big.bin", size);
        long pages = (1 << 20) / Mman.pageSize();
        List<String> out = Run.java(MappingCalls.class, file).finish();
        assertTrue(out.get(0).matches("\\d+ of " + pages + " pages in RAM"), out.get(0));
        assertEquals("2097152 bytes at file offset 4294967296, read-only true", out.get(1));
        assertEquals(size, Files.size(file));
    }

    @Test
    void mappedFileTourDoesWhatPythonWould() throws Exception {
        String text = "hello world\nthe needle is here\nx marks the spot, x again\nlast line\n";
        Path file = Files.writeString(dir.resolve("data.txt"), text);
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        // What the calls do, worked out on a byte array.
        System.arraycopy("HELLO".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 5);
        String firstLine = new String(b, 0, text.indexOf('\n'), StandardCharsets.US_ASCII);
        System.arraycopy("TAIL".getBytes(StandardCharsets.US_ASCII), 0, b, b.length - 4, 4);
        System.arraycopy(b.clone(), 5, b, 0, 3);
        byte[] expected = Arrays.copyOf(b, 2 * b.length);

        List<String> out = Run.java(MappedFileTour.class, file).finish();

        assertEquals(String.format("m[0]=%d m[-1]=%d m[0:10]=%s len(m[::-1])=%d find=%d rfind=%d readline=%s",
                (int) 'h', (int) '\n', text.substring(0, 10), text.length(), text.indexOf("needle"),
                text.lastIndexOf('x', text.length() - 2), firstLine), out.get(0));
        assertEquals("<MappedFile closed=false, access=WRITE, length=" + 2 * text.length() + ", pos="
                + text.length() + ", offset=0>", out.get(1));
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void countErrorsCountsLinesAndFindsTheFirstFatal() throws Exception {
        StringBuilder log = new StringBuilder();
        Random random = new Random(17);
        String[] kinds = {"INFO started", "ERROR disk", "WARN an ERROR later", "ERR", "DEBUG x", "ERROR"};
        for (int i = 0; i < 20_000; i++) {
            log.append(kinds[random.nextInt(kinds.length)]).append(' ').append(i).append('\n');
            if (i == 12_345) {
                log.append("FATAL out of memory\n");
            }
        }
        String text = log.toString();
        Path file = Files.writeString(dir.resolve("big.log"), text);
        long errors = text.lines().filter(l -> l.startsWith("ERROR")).count();

        Run.java(CountErrors.class, file).expectLine(errors + " lines start with ERROR; the first FATAL is at byte "
                + text.indexOf("FATAL")).finish();
    }

    @Test
    void patchInPlaceChangesOnlyTheNineBytes() throws Exception {
        byte[] before = new byte[1 << 20];
        new Random(7).nextBytes(before);
        int at = 700_001;
        System.arraycopy("version=1".getBytes(StandardCharsets.US_ASCII), 0, before, at, 9);
        Path file = Files.write(dir.resolve("config.bin"), before);
        byte[] expected = before.clone();
        System.arraycopy("version=2".getBytes(StandardCharsets.US_ASCII), 0, expected, at, 9);

        Run.java(PatchInPlace.class, file).expectLine("version=2 at byte " + at).finish();
        assertArrayEquals(expected, Files.readAllBytes(file));

        Run.java(PatchInPlace.class, file).expectLine("no version=1 in " + file).finish();
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void shareWithPythonSeesTheAnswerOfCPython() throws Exception {
        Path file = dir.resolve("shared.bin");
        try (Run java = Run.java(ShareWithPython.class, file)) {
            java.expectLine("waiting for python3 share_with_java.py " + file);
            Run.python("share_with_java.py", file).expectLine("b'from java!\\n'").finish();
            java.expectLine("from python").finish();
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals("from java!\n", new String(bytes, 0, 11, StandardCharsets.US_ASCII));
        assertEquals("from python", new String(bytes, 64, 11, StandardCharsets.US_ASCII));
    }

    @Test
    void cMirrorCreatesSizesAndWritesTheFile() throws Exception {
        Path file = dir.resolve("mman.bin");
        Run.java(CMirror.class, file).expectLine("wrote hello into " + file).finish();
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(8192, bytes.length);
        assertEquals("hello\0", new String(bytes, 0, 6, StandardCharsets.US_ASCII));
    }

    @Test
    void samePageTwiceShowsOneWriteThroughBothViews() throws Exception {
        Path file = dir.resolve("page.bin");
        Run.java(SamePageTwice.class, file).expectLine("b[0] is R").finish();
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(Mman.pageSize(), bytes.length);
        assertEquals('R', bytes[0]);
    }

    @Test
    void flagValuesAreLinuxOnesAndMapJitIsRefused() throws Exception {
        Run.java(FlagValues.class)
                .expectLine("false")
                .expectLine("MAP_JIT is not available on Linux (" + System.getProperty("os.arch") + ")")
                .expectLine("3")
                .finish();
    }

    /** A sparse file of {@code size} bytes: no disk blocks until written. */
    private Path sparse(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    private static long readLong(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            ch.read(b, at);
            return b.flip().getLong();
        }
    }
}
