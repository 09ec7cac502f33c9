package dev.ffmap.cli;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Files for the page-cache commands: real bytes, written back to disk, and mincore's view of them. */
final class CacheFiles {
    private CacheFiles() {
    }

    /**
     * A file of {@code size} random bytes, forced to disk so its cached pages are clean (dirty
     * pages cannot be evicted). Skips the test on tmpfs, whose pages are the file itself.
     */
    static Path write(Path file, long size) throws IOException {
        assumeFalse(Files.getFileStore(file.getParent()).type().equals("tmpfs"), "tmpfs pages cannot leave the cache");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(size);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long at = 0; at < size; at += chunk.length) {
                random.nextBytes(chunk);
                ch.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, size - at)));
            }
            ch.force(true);
        }
        return file;
    }

    /** Resident pages of {@code file} now, asked in this JVM (mincore through Mapping). */
    static long resident(Path file) throws IOException {
        if (Files.size(file) == 0) {
            return 0;
        }
        try (Mapping m = Mapping.map(file, MapOptions.readOnly())) {
            return m.residency().residentPages();
        }
    }

    static long pages(Path file) throws IOException {
        return Math.ceilDiv(Files.size(file), 4096);
    }
}
