package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files above 2 GiB and 4 GiB as one segment: sparse, so they cost no disk, and deleted after. */
@EnabledOnOs(OS.LINUX)
class LargeFileTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private Path sparse(long size) throws IOException {
        Path f = dir.resolve("sparse-" + size);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
        return f;
    }

    @Test
    void fiveGibSparseFileIsOneSegmentWritableAcrossThe2And4GibLines() throws IOException {
        long size = 5 * GIB;
        Path f = sparse(size);
        long[] offsets = {(1L << 31) - 3, (1L << 31) + 16, (1L << 32) - 5, (1L << 32) + 16, size - 16};
        try (Mapping m = Mapping.map(f, MapOptions.readWrite())) {
            MemorySegment s = m.segment();
            assertEquals(size, s.byteSize());
            for (long o : offsets) {
                s.set(ValueLayout.JAVA_LONG_UNALIGNED, o, ~o);
            }
            s.set(ValueLayout.JAVA_BYTE, size - 1, (byte) 0x7E);
            m.sync();
        }
        try (FileChannel ch = FileChannel.open(f)) {
            for (long o : offsets) {
                assertEquals(~o, readLong(ch, o), "offset " + o);
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            assertEquals(0x7E, last.get(0));
        }
        assertEquals(size, Files.size(f));
        Files.delete(f);
    }

    @Test
    void mappingAtAnOffsetAbove4GibSeesTheBytesThere() throws IOException {
        long size = 5 * GIB;
        Path f = sparse(size);
        long at = (1L << 32) + 12_345;
        try (FileChannel ch = FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 0x0123456789ABCDEFL);
            ch.write(b, at);
        }
        try (Mapping m = Mapping.map(f, MapOptions.readOnly().withOffset(at).withLength(GIB / 2))) {
            assertEquals(at, m.offset());
            assertEquals(GIB / 2, m.segment().byteSize());
            assertEquals(0x0123456789ABCDEFL, m.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
        }
        try (Mapping m = Mapping.map(f, MapOptions.readOnly().withOffset(at))) {
            assertEquals(size - at, m.byteSize(), "length 0 maps to the end of a file above 4 GiB");
        }
        Files.delete(f);
    }

    private static long readLong(FileChannel ch, long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        while (b.hasRemaining()) {
            ch.read(b, at + b.position());
        }
        return b.flip().getLong();
    }
}
