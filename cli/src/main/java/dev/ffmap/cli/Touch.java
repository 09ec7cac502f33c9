package dev.ffmap.cli;

import dev.ffmap.Advice;
import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
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
@Command(name = "touch", sortOptions = false,
        description = {"Read files into the page cache, with progress and throughput.",
            "",
            "Brings files into the page cache and reports what was read and how fast, with a progress "
                + "bar on a terminal. Nothing is written."})
final class Touch extends FileCommand {
    /** The unit of work between progress updates. */
    static final long WINDOW = 64L << 20;

    @Option(names = "--method", paramLabel = "M", completionCandidates = Methods.class,
            description = {"populate-read: MADV_POPULATE_READ (the default",
                "  where the kernel has it, Linux 5.14+);",
                "populate: MAP_POPULATE per 64 MiB window;",
                "willneed: MADV_WILLNEED, then a read of each page",
                "  (every OS)"})
    String method; // null: defaultMethod(), asked only when the command runs


    @Mixin
    JsonOutput json;

    @Mixin
    Quiet quiet;

    /** The values of --method, for the usage and shell completion. */
    static final class Methods extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Methods() {
            super(List.of("populate-read", "populate", "willneed"));
        }
    }

    @Override
    public Integer call() {
        String m = method == null ? defaultMethod() : method;
        if (!new Methods().contains(m)) {
            throw usage("--method must be one of " + String.join(", ", new Methods()) + ", not '" + m + "'");
        }
        return Batch.over(this, quiet.on, json.on, new Batch.Words("touched", "read in", null), (state, progress) -> {
            touch(state.path(), state.size(), m, progress);
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
