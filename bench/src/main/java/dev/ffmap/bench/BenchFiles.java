package dev.ffmap.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The files every benchmark (JMH, C, CPython) works on, made once in one directory
 * ({@code -Dffmap.bench.dir}, default {@code /tmp/ffmap-bench}). Run as a program it creates the
 * missing ones: {@code java -cp benchmarks.jar dev.ffmap.bench.BenchFiles DIR}.
 */
public final class BenchFiles {
    public static final long GIB = 1L << 30;
    public static final long MIB = 1L << 20;
    /** The needle {@code find} looks for: only at the very end of {@link #FIND}. */
    public static final byte[] NEEDLE = "ffmap-needle-16b".getBytes(StandardCharsets.US_ASCII);

    /** The k-th little-endian long holds k: the sum of all longs is known. */
    public static final String SCAN = "scan-1g.bin";
    /** 5 GiB, sparse: zero but for the last long, which is 1. */
    public static final String SPARSE = "sparse-5g.bin";
    /** Text-like bytes (lowercase words, spaces, newlines), {@link #NEEDLE} in the last 16 bytes. */
    public static final String FIND = "find-1g.bin";
    /** 100-byte lines (99 printable bytes and a newline), 1 GiB in all. */
    public static final String LINES = "lines-1g.txt";
    public static final String SMALL = "small-4k.bin";
    /** 256 MiB with the pattern of {@link #SCAN}, evicted before each cold read. */
    public static final String COLD = "cold-256m.bin";
    public static final String MSYNC = "msync-64m.bin";
    /** A directory of {@link #MANY_COUNT} files of 4 KiB, {@code 00000.bin} on, for one arena over many files. */
    public static final String MANY = "many-4k";
    public static final int MANY_COUNT = 10_000;

    private static final byte[] LINE_FILL = "abcdefghij".repeat(10).getBytes(StandardCharsets.US_ASCII);

    private BenchFiles() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("ffmap.bench.dir", "/tmp/ffmap-bench"));
    }

    public static Path file(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: run bench/run, or BenchFiles " + dir());
        }
        return p;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : dir().toString());
        Files.createDirectories(dir);
        make(dir.resolve(SCAN), GIB, BenchFiles::writeLongs);
        make(dir.resolve(COLD), 256 * MIB, BenchFiles::writeLongs);
        make(dir.resolve(SPARSE), 5 * GIB, BenchFiles::writeSparse);
        make(dir.resolve(FIND), GIB, BenchFiles::writeText);
        make(dir.resolve(LINES), GIB, BenchFiles::writeLines);
        make(dir.resolve(SMALL), 4096, BenchFiles::writeLongs);
        make(dir.resolve(MSYNC), 64 * MIB, BenchFiles::writeLongs);
        makeMany(dir.resolve(MANY));
    }

    /** The name of the {@code i}-th file of {@link #MANY}, as the C baseline spells it. */
    public static String manyName(int i) {
        return String.format(Locale.ROOT, "%05d.bin", i);
    }

    private static void makeMany(Path many) throws IOException {
        Files.createDirectories(many);
        for (int i = 0; i < MANY_COUNT; i++) {
            make(many.resolve(manyName(i)), 4096, BenchFiles::writeLongs);
        }
    }

    private interface Writer {
        void write(FileChannel ch, long size) throws IOException;
    }

    private static void make(Path p, long size, Writer writer) throws IOException {
        if (Files.isRegularFile(p) && Files.size(p) == size) {
            return;
        }
        if (size > MIB) {
            System.err.println("bench: creating " + p + " (" + size + " bytes)");
        }
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            writer.write(ch, size);
        }
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeLongs(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(size, 8 * MIB)).order(ByteOrder.LITTLE_ENDIAN);
        long k = 0;
        for (long done = 0; done < size; done += buf.capacity()) {
            buf.clear();
            while (buf.hasRemaining()) {
                buf.putLong(k++);
            }
            buf.flip();
            writeFully(ch, buf);
        }
    }

    private static void writeSparse(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1);
        ch.position(size - 8);
        writeFully(ch, one);
    }

    /** Repeats a 1 MiB block of pseudo-random lowercase words; the needle's '-' and digits never occur. */
    private static void writeText(FileChannel ch, long size) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect((int) MIB);
        long x = 42;
        while (block.hasRemaining()) {
            x = xorshift(x);
            int r = (int) Long.remainderUnsigned(x, 32);
            block.put((byte) (r < 26 ? 'a' + r : r < 31 ? ' ' : '\n'));
        }
        for (long done = 0; done < size; done += MIB) {
            block.clear();
            writeFully(ch, block);
        }
        ch.position(size - NEEDLE.length);
        writeFully(ch, ByteBuffer.wrap(NEEDLE));
    }

    /** 100-byte lines: a line number in decimal, padded with a letter pattern, and a newline. */
    private static void writeLines(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(100 * 10_000);
        long line = 0;
        for (long done = 0; done < size; done += buf.limit()) {
            buf.clear();
            while (buf.hasRemaining()) {
                byte[] number = ("line " + line++ + " ").getBytes(StandardCharsets.US_ASCII);
                buf.put(number).put(LINE_FILL, 0, 99 - number.length).put((byte) '\n');
            }
            buf.flip();
            buf.limit((int) Math.min(buf.limit(), size - done));
            writeFully(ch, buf);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** The generator C and Python use too: {@code x ^= x << 13; x ^= x >>> 7; x ^= x << 17}. */
    public static long xorshift(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }
}
