package dev.ffmap;

import java.io.RandomAccessFile;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The child JVM of {@link FaultsAndRacesTest}: {@code main(mode, dir, trials, seed)}.
 * <ul>
 * <li>{@code truncate}: each trial maps a file, truncates it (mostly in this process, every
 * eighth time with the {@code truncate} command), touches the lost part with one operation and
 * records which exception came out; prints {@code op outcome count} lines and {@code done}.
 * <li>{@code control}: a native {@code memchr} over a truncated mapping, which must kill the JVM.
 * <li>{@code race}: 8 reader threads on a {@link MappedFile} while this thread closes it.
 * </ul>
 */
public final class FaultPeer {
    static final int SIZE = 64 * 1024;
    static final int KEPT = 4096;
    static final List<String> OPS = List.of("read", "write", "find", "readLine", "slice", "move", "copy", "fill", "get");
    private static long sink;

    private FaultPeer() {
    }

    public static void main(String[] args) throws Throwable {
        Path dir = Path.of(args[1]);
        int trials = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        switch (args[0]) {
            case "truncate" -> truncate(dir, trials, seed);
            case "control" -> control(dir);
            case "race" -> race(dir, trials, seed);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    // ------------------------------------------------------------------ truncation

    private static void truncate(Path dir, int trials, long seed) throws Exception {
        Path file = dir.resolve("t.bin");
        FILE = file;
        byte[] content = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            content[i] = (byte) (i % 61 == 60 ? '\n' : 'a' + i % 26);
        }
        TreeMap<String, Integer> tally = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        // first a round per op on an intact file, many times: the warm-up that gets C1/C2 to compile it
        for (String op : OPS) {
            Files.write(file, content);
            try (MappedFile m = MappedFile.open(file, MappedFile.Access.WRITE)) {
                for (int i = 0; i < 20_000; i++) {
                    touch(m, op, i % KEPT);
                }
            }
        }
        for (int t = 0; t < trials; t++) {
            String op = OPS.get(t % OPS.size());
            Files.write(file, content);
            try (MappedFile m = MappedFile.open(file, MappedFile.Access.WRITE)) {
                touch(m, op, 7); // the intact part works
                if (t % 8 == 7) {
                    Process p = new ProcessBuilder("truncate", "-s", Integer.toString(KEPT), file.toString()).start();
                    if (p.waitFor() != 0) {
                        throw new AssertionError("truncate failed");
                    }
                } else {
                    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                        f.setLength(KEPT);
                    }
                }
                String outcome = outcome(m, op, KEPT + random.nextInt(SIZE - KEPT - 128));
                tally.merge(op + " " + outcome, 1, Integer::sum);
                touch(m, op, 7); // and still works after the fault
            }
        }
        tally.forEach((k, v) -> System.out.println(k + " " + v));
        System.out.println("done " + sink);
    }

    /** What touching the lost part with {@code op} at {@code at} throws: translated, raw (InternalError) or none. */
    private static String outcome(MappedFile m, String op, long at) {
        try {
            touch(m, op, at);
            return "none";
        } catch (MappingFaultException e) {
            if (!e.truncated() || !e.getMessage().contains("the file was truncated (SIGBUS) to 4096 bytes")) {
                return "wrong-message:" + e.getMessage();
            }
            return "translated";
        } catch (InternalError e) {
            return "raw";
        }
    }

    /** One operation over bytes at and after {@code at}. */
    private static void touch(MappedFile m, String op, long at) {
        switch (op) {
            case "read" -> {
                m.seek(at);
                sink += m.read(100).length;
            }
            case "write" -> {
                m.seek(at);
                m.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
            case "find" -> sink += m.find(new byte[] {'#', '!'}, at, at + 100);
            case "readLine" -> {
                m.seek(at);
                sink += m.readLine().length;
            }
            case "slice" -> sink += m.slice(at, at + 100)[3];
            case "move" -> m.move(at, at + 50, 60);
            case "get" -> sink += m.get(at);
            case "copy" -> sink += access(m).access(s -> {
                byte[] out = new byte[100];
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, out, 0, out.length);
                return out[5];
            });
            case "fill" -> access(m).access(s -> s.asSlice(at, 100).fill((byte) 'z'));
            default -> throw new IllegalArgumentException(op);
        }
    }

    /** A {@link Mapping} over the same file and range as {@code m}, for copy and fill through {@link Mapping#access}. */
    private static Mapping access(MappedFile m) {
        return CURRENT.mapping(m);
    }

    /** One Mapping per MappedFile of the trial, opened lazily next to it (the file is the same). */
    private static final Mappings CURRENT = new Mappings();

    private static final class Mappings {
        private MappedFile owner;
        private Mapping mapping;

        Mapping mapping(MappedFile m) {
            if (owner != m) {
                if (mapping != null) {
                    mapping.close();
                }
                try {
                    mapping = Mapping.map(FILE, MapOptions.readWrite().withLength(SIZE).withGrow(false));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                owner = m;
            }
            return mapping;
        }
    }

    private static Path FILE;

    // ------------------------------------------------------------------ negative control

    /** memchr, a native function, over the lost pages: the kernel's SIGBUS kills the JVM. */
    private static void control(Path dir) throws Throwable {
        Path file = dir.resolve("c.bin");
        Files.write(file, new byte[SIZE]);
        try (Mapping m = Mapping.map(file, MapOptions.readOnly())) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(KEPT);
            }
            Linker linker = Linker.nativeLinker();
            MethodHandle memchr = linker.downcallHandle(linker.defaultLookup().findOrThrow("memchr"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            System.out.println("calling memchr");
            MemorySegment r = (MemorySegment) memchr.invokeExact(m.segment(), (int) 'x', (long) SIZE);
            System.out.println("memchr returned " + r + ": the fault did not happen");
        }
    }

    // ------------------------------------------------------------------ close race

    static final int READERS = 8;

    /** Expected byte at {@code i} of the race file: lines of 63 letters and a newline. */
    static byte expected(long i) {
        long line = i / 64;
        int col = (int) (i % 64);
        return col == 63 ? (byte) '\n' : (byte) ('a' + (line + col) % 26);
    }

    private static void race(Path dir, int rounds, long seed) throws Exception {
        Path file = dir.resolve("r.bin");
        byte[] content = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            content[i] = expected(i);
        }
        Files.write(file, content);
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        SplittableRandom random = new SplittableRandom(seed);
        long[] closeNanos = new long[rounds];
        long completed = 0;
        long closedEnds = 0;
        try {
            for (int r = 0; r < rounds; r++) {
                MappedFile m = MappedFile.open(file, MappedFile.Access.READ);
                AtomicBoolean go = new AtomicBoolean();
                java.util.concurrent.atomic.AtomicInteger reading = new java.util.concurrent.atomic.AtomicInteger();
                List<Future<long[]>> readers = new java.util.ArrayList<>();
                for (int k = 0; k < READERS; k++) {
                    long s = random.nextLong();
                    readers.add(pool.submit(() -> read(m, go, reading, s)));
                }
                go.set(true);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (reading.get() < READERS && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // close once every reader has completed a read
                }
                long wait = random.nextLong(300_000);
                long until = System.nanoTime() + wait;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                long t0 = System.nanoTime();
                m.close();
                closeNanos[r] = System.nanoTime() - t0;
                for (Future<long[]> f : readers) {
                    long[] counts = f.get(60, TimeUnit.SECONDS);
                    completed += counts[0];
                    closedEnds += counts[1];
                }
            }
        } finally {
            pool.shutdownNow();
        }
        java.util.Arrays.sort(closeNanos);
        System.out.printf(java.util.Locale.ROOT, "race rounds=%d reads=%d closedEnds=%d closeP50us=%.1f closeP99us=%.1f%n",
                rounds, completed, closedEnds, closeNanos[rounds / 2] / 1e3, closeNanos[(int) (rounds * 0.99)] / 1e3);
        System.out.println("done");
    }

    /**
     * Reads until the map is closed; every completed read is checked against the file's content.
     * Returns {completed reads, 1 if it ended with IllegalStateException}.
     */
    private static long[] read(MappedFile m, AtomicBoolean go, java.util.concurrent.atomic.AtomicInteger reading, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        while (!go.get()) {
            Thread.onSpinWait();
        }
        long done = 0;
        try {
            while (true) {
                long at = random.nextLong(SIZE - 64);
                switch (random.nextInt(3)) {
                    case 0 -> check(m.get(at) == (expected(at) & 0xFF), "get", at);
                    case 1 -> {
                        long line = at / 64 * 64;
                        byte[] needle = new byte[64];
                        for (int j = 0; j < 64; j++) {
                            needle[j] = expected(line + j);
                        }
                        check(m.find(needle, line, SIZE) == line, "find", line);
                    }
                    default -> {
                        byte[] l = m.readLine(); // shared position: any whole line, or empty at the end
                        if (l.length == 0) {
                            m.seek(0);
                        } else {
                            check(l.length == 64 && l[63] == '\n' && (l[62] - 'a' + 26 - (l[0] - 'a')) % 26 == 62 % 26,
                                    "readLine", -1);
                        }
                    }
                }
                if (done++ == 0) {
                    reading.incrementAndGet();
                }
            }
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("closed")) {
                throw e;
            }
            return new long[] {done, 1};
        }
    }

    private static void check(boolean ok, String op, long at) {
        if (!ok) {
            throw new AssertionError(op + " at " + at + " read bytes that are not the file's");
        }
    }
}
