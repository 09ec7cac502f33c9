package dev.ffmap.cli;

import dev.ffmap.Advice;
import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ffmap touch}: brings files into the page cache, a window at a time, so that progress
 * can be shown and a file that shrinks or vanishes midway costs only that file. Three ways,
 * measured against each other in the README's command-line section:
 * <ul>
 *   <li>{@code populate-read}: one read-only mapping, MADV_POPULATE_READ per window (Linux 5.14+);
 *   <li>{@code populate}: a MAP_POPULATE mapping per window (Linux);
 *   <li>{@code willneed}: one mapping, MADV_WILLNEED per window, then one read per page (every OS).
 * </ul>
 */
final class Touch {
    static final Main.Command COMMAND = new Main.Command("touch", "[--method M] [--json] [-q] PATH...",
            "read files into the page cache, with progress and throughput",
            """
            Brings files into the page cache and reports what was read and how fast, with a progress
            bar on a terminal. Nothing is written. PATH: files, directories, glob patterns.

              --method M   populate-read (default where the kernel has MADV_POPULATE_READ),
                           populate (MAP_POPULATE per 64 MiB window), or
                           willneed (MADV_WILLNEED, then a read of each page; every OS)
              --json       one JSON object instead of text
              -q, --quiet  print the total only""",
            List.of("--json"), List.of("--method"), Touch::run);

    /** The unit of work between progress updates. */
    static final long WINDOW = 64L << 20;

    private Touch() {
    }

    static int run(Run run) throws Args.UsageException {
        String method = run.args.choice("--method", defaultMethod(), List.of("populate-read", "populate", "willneed"));
        List<Path> files = run.files();
        return Batch.over(run, files, "touched", "read in", null, (state, progress) -> {
            touch(state.path(), state.size(), method, progress);
            return CacheState.of(state.path());
        });
    }

    static String defaultMethod() {
        return Advice.MADV_POPULATE_READ.isSupported() ? "populate-read" : "willneed";
    }

    /** Reads {@code file} into the page cache, calling {@code progress} with bytes done after each window. */
    static void touch(Path file, long size, String method, Batch.Step progress) throws IOException {
        if (size == 0) {
            return;
        }
        if (method.equals("populate")) {
            for (long at = 0; at < size; at += WINDOW) {
                MapOptions window = MapOptions.readOnly().withOffset(at).withLength(Math.min(WINDOW, size - at));
                try (Mapping m = Mapping.map(file, window.plus(MapFlag.MAP_POPULATE))) {
                    progress.done(at + m.byteSize());
                }
            }
            return;
        }
        try (Mapping m = Mapping.map(file, MapOptions.readOnly())) {
            long page = Mman.pageSize();
            for (long at = 0; at < size; at += WINDOW) {
                long len = Math.min(WINDOW, size - at);
                if (method.equals("populate-read")) {
                    m.advise(at, len, Advice.MADV_POPULATE_READ);
                } else {
                    m.advise(at, len, Advice.MADV_WILLNEED);
                    long from = at;
                    m.access(s -> readEachPage(s, from, len, page));
                }
                progress.done(at + len);
            }
        }
    }

    /** One byte of every page, so each page is faulted in; the sum keeps the reads. */
    private static long readEachPage(MemorySegment s, long from, long len, long page) {
        long sum = 0;
        for (long i = from; i < from + len; i += page) {
            sum += s.get(ValueLayout.JAVA_BYTE, i);
        }
        return sum;
    }
}
