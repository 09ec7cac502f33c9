package dev.ffmap.bench.rounds;

import dev.ffmap.bench.BenchFiles;
import dev.ffmap.bench.Work;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;

/**
 * Random 4 KiB reads over a file just emptied from the page cache. One batch: drop the file's
 * pages and map it (untimed), then read {@code ops} pseudo-random pages (timed), then count what
 * the reads pulled from storage: this process's {@code read_bytes} and the file's pages now in
 * the cache (mincore), both per read.
 */
final class ColdRandomSide extends AbstractSide {
    /** Maps the file the way one side does; closing the result unmaps it. */
    @FunctionalInterface
    interface Mapper {
        AnonSide.Held map(Path file) throws Exception;
    }

    private final Path file;
    private final Mapper mapper;

    ColdRandomSide(String label, Family family, Path file, long reads, Mapper mapper) {
        super(label, family, reads);
        this.file = file;
        this.mapper = mapper;
    }

    @Override
    public Sample run(long ops) throws Exception {
        double before = Kernel.dropCache(file);
        AnonSide.Held held = mapper.map(file);
        try {
            MemorySegment s = held.segment();
            long pages = s.byteSize() / Work.PAGE;
            long x = 42;
            long sum = 0;
            long io = Kernel.readBytes();
            long t0 = System.nanoTime();
            for (long i = 0; i < ops; i++) {
                x = BenchFiles.xorshift(x);
                sum += Work.sumPage(s, Long.remainderUnsigned(x, pages));
            }
            long ns = System.nanoTime() - t0;
            io = Kernel.readBytes() - io;
            long resident = Kernel.residentPages(s);
            JavaSide.sink += sum;
            return new Sample((double) ns / ops, ops, Map.of("read_bytes", (double) io / ops,
                    "resident_bytes", (double) resident * Work.PAGE / ops, "resident_before", before));
        } finally {
            held.owner().close();
        }
    }
}
