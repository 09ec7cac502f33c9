package dev.ffmap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * The child JVM of {@link JdkFaultRecoveryTest}, with no ffmap in it: {@code main(dir, offset)}
 * maps an 8 KiB file with the JDK's own {@code FileChannel.map}, reads a {@code long} at
 * {@code offset} 300,000 times from a method kept in the interpreter (so that the JDK's
 * {@code Unsafe.getLongUnaligned} is compiled by itself, not inlined), truncates the file and
 * reads again. It prints what the last read did; a crash is seen by the parent.
 */
public final class JdkMovsxdProbe {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private JdkMovsxdProbe() {
    }

    /** Kept in the interpreter by the parent's {@code -XX:CompileCommand=exclude}. */
    static long read(MemorySegment s, long at) {
        return s.get(WORD, at);
    }

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile(Path.of(args[0]), "movsxd", ".bin");
        long at = Long.parseLong(args[1]);
        try (FileChannel ch = FileChannel.open(file, READ, WRITE); Arena arena = Arena.ofShared()) {
            ch.write(ByteBuffer.allocate(8192));
            MemorySegment s = ch.map(FileChannel.MapMode.READ_WRITE, 0, 8192, arena);
            long sum = 0;
            for (int i = 0; i < 300_000; i++) {
                sum += read(s, at);
            }
            Thread.sleep(500); // the compiler's queue empties
            ch.truncate(0);
            try {
                System.out.println("read " + (read(s, at) + sum));
            } catch (InternalError e) {
                System.out.println("threw " + e);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
