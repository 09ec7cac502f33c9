package dev.ffmap.cli;

import dev.ffmap.FileAdvice;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.MsyncFlag;
import dev.ffmap.OpenFlag;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code ffmap evict}: drops files from the page cache. On Linux that is
 * posix_fadvise(POSIX_FADV_DONTNEED), which empties a file's cache without mapping or reading
 * it. MADV_DONTNEED and MADV_PAGEOUT act only on pages faulted into a mapping first; here
 * MADV_DONTNEED left them all cached, and MADV_PAGEOUT emptied the cache in one trial and not in
 * another ({@code bench/cli} records the check). Elsewhere
 * msync(MS_INVALIDATE) on a read-only mapping, as vmtouch does on macOS. Pages that are dirty
 * or mapped by a process stay.
 */
@Command(name = "evict",
        description = {"Drop files from the page cache and report what was freed.",
            "",
            "Drops files from the page cache and reports what was freed, checked with mincore(2) before "
                + "and after. Nothing is written. Pages that are dirty or mapped by a running process stay "
                + "resident, and are reported as such."})
final class Evict extends FileCommand {
    @Mixin
    JsonOutput json;

    @Mixin
    Quiet quiet;

    @Override
    public Integer call() {
        Batch.Words words = new Batch.Words("evicted", "freed",
                "what stays is dirty, mapped by a process, or on a file system that keeps files in memory (tmpfs)");
        return Batch.over(this, quiet.on, json.on, words, (before, progress) -> {
            evict(before.path(), before.size());
            progress.done(before.size());
            return CacheState.of(before.path());
        });
    }

    static void evict(Path file, long size) throws IOException {
        if (FileAdvice.POSIX_FADV_DONTNEED.isSupported()) {
            int fd = Mman.open(file, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
            try {
                Mman.posix_fadvise(fd, 0, 0, FileAdvice.POSIX_FADV_DONTNEED);
            } finally {
                Mman.close(fd);
            }
        } else if (size > 0) {
            try (Mapping m = Mapping.map(file, MapOptions.readOnly())) {
                m.sync(0, size, MsyncFlag.MS_INVALIDATE);
            }
        }
    }
}
