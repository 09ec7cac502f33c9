package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ffmap.MappedFileFixtures.assertPyError;
import static dev.ffmap.MappedFileFixtures.file;
import static dev.ffmap.MappedFileFixtures.latin1;
import static dev.ffmap.MappedFileFixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code m.move(dest, src, count)}: memmove inside the map, or nothing at all. */
@EnabledOnOs(OS.LINUX)
class MappedFileMoveTest {
    @TempDir
    Path dir;

    /** memmove written out: copy to a temporary first, so overlap cannot matter. */
    private static byte[] refMove(byte[] data, int dest, int src, int count) {
        byte[] out = data.clone();
        byte[] tmp = new byte[count];
        for (int i = 0; i < count; i++) {
            tmp[i] = data[src + i];
        }
        for (int i = 0; i < count; i++) {
            out[dest + i] = tmp[i];
        }
        return out;
    }

    @Test
    void overlappingMoveForwardCopiesAsIfThroughATemporary() throws IOException {
        try (MappedFile m = MappedFile.open(file(dir, "t", latin1("abcdefgh")), Access.WRITE)) {
            m.move(2, 0, 6);
            assertArrayEquals(latin1("ababcdef"), m.slice(0, 8));
        }
    }

    @Test
    void overlappingMoveBackwardCopiesAsIfThroughATemporary() throws IOException {
        try (MappedFile m = MappedFile.open(file(dir, "t", latin1("abcdefgh")), Access.WRITE)) {
            m.move(0, 2, 6);
            assertArrayEquals(latin1("cdefghgh"), m.slice(0, 8));
        }
    }

    @Test
    void movesAcrossPagesBothWaysMatchMemmoveAndReachTheFile() throws IOException {
        int size = 3 * 4096 + 11;
        byte[] expected = pattern(size);
        Path f = file(dir, "big", expected);
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            int[][] moves = {{1, 0, size - 1}, {0, 1, size - 1}, {4095, 4097, 8000}, {4097, 4095, 8000}, {0, size - 5, 5}};
            for (int[] mv : moves) {
                m.move(mv[0], mv[1], mv[2]);
                expected = refMove(expected, mv[0], mv[1], mv[2]);
                assertArrayEquals(expected, m.slice(0, size), "move(" + mv[0] + ", " + mv[1] + ", " + mv[2] + ")");
            }
            m.seek(17);
            m.move(0, 100, 10);
            expected = refMove(expected, 0, 100, 10);
            assertEquals(17, m.tell(), "move leaves the position");
        }
        assertArrayEquals(expected, Files.readAllBytes(f));
    }

    @Test
    void movesLongerThanOneChunkOverlappingBothWaysMatchMemmove() throws IOException {
        int size = 300_007;
        byte[] expected = pattern(size);
        Path f = file(dir, "chunks", expected);
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            int[][] moves = {{1, 0, size - 1}, {0, 1, size - 1}, {70_000, 3, 200_001}, {3, 70_000, 200_001},
                    {65_536, 0, 131_073}, {0, 65_535, 131_072}, {100, 100, 150_000}};
            for (int[] mv : moves) {
                m.move(mv[0], mv[1], mv[2]);
                expected = refMove(expected, mv[0], mv[1], mv[2]);
                assertArrayEquals(expected, m.slice(0, size), "move(" + mv[0] + ", " + mv[1] + ", " + mv[2] + ")");
            }
        }
        assertArrayEquals(expected, Files.readAllBytes(f));
    }

    @Test
    void aMoveWhoseSourceWasTruncatedThrowsAndWritesOnlyBytesItRead() throws IOException {
        int size = 1 << 20;
        byte[] data = pattern(size);
        Path f = file(dir, "cut", data);
        try (MappedFile m = MappedFile.open(f, Access.WRITE, size);
             FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            int cut = size / 2;
            ch.truncate(cut); // the source runs 200,000 bytes past the end, the destination lies before it
            assertThrows(MappingFaultException.class, () -> m.move(0, cut - 200_000, 300_000));
        }
        byte[] now = Files.readAllBytes(f);
        assertEquals(size / 2, now.length);
        for (int i = 0; i < 300_000; i++) {
            byte moved = data[size / 2 - 200_000 + i];
            if (now[i] != data[i] && now[i] != moved) {
                throw new AssertionError("byte " + i + " is " + now[i] + ": neither the file's " + data[i]
                        + " nor the moved " + moved);
            }
        }
        assertArrayEquals(Arrays.copyOfRange(data, 300_000, size / 2), Arrays.copyOfRange(now, 300_000, size / 2),
                "beyond the destination nothing changed");
    }

    @Test
    void everyDestSourceAndCountMovesExactlyOrThrowsAndChangesNothing() throws IOException {
        byte[] data = latin1("0123456789\0\n");
        int n = data.length;
        try (MappedFile m = MappedFile.open(file(dir, "t", data), Access.WRITE)) {
            for (int dest = -2; dest <= n + 2; dest++) {
                for (int src = -2; src <= n + 2; src++) {
                    for (int count = -2; count <= n + 2; count++) {
                        m.setSlice(0, n, data);
                        String what = "move(" + dest + ", " + src + ", " + count + ")";
                        boolean valid = dest >= 0 && src >= 0 && count >= 0 && dest + count <= n && src + count <= n;
                        if (valid) {
                            m.move(dest, src, count);
                            assertArrayEquals(refMove(data, dest, src, count), m.slice(0, n), what);
                        } else {
                            int d = dest;
                            int s = src;
                            int c = count;
                            assertPyError(IllegalArgumentException.class, "source, destination, or count out of range",
                                    () -> m.move(d, s, c));
                            assertArrayEquals(data, m.slice(0, n), what + " changed nothing");
                        }
                    }
                }
            }
        }
    }

    @Test
    void hugeArgumentsDoNotOverflowIntoAValidRange() throws IOException {
        byte[] data = latin1("0123456789");
        try (MappedFile m = MappedFile.open(file(dir, "t", data), Access.WRITE)) {
            long[][] args = {
                    {0, 1, Long.MAX_VALUE}, {Long.MAX_VALUE, 0, 1}, {0, Long.MAX_VALUE, 1}, {1, 0, Long.MAX_VALUE},
                    {Long.MIN_VALUE, 0, 1}, {0, Long.MIN_VALUE, 1}, {0, 0, Long.MIN_VALUE}, {5, 5, Long.MAX_VALUE - 4},
                    {Long.MAX_VALUE, Long.MAX_VALUE, 0}};
            for (long[] a : args) {
                assertPyError(IllegalArgumentException.class, "source, destination, or count out of range",
                        () -> m.move(a[0], a[1], a[2]));
            }
            m.move(10, 10, 0); // an empty move at the very end is allowed
            assertArrayEquals(data, m.slice(0, 10));
        }
    }
}
