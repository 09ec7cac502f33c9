package dev.ffmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The argument fuzzing's generators and oracle, shared by every way it runs: seeded in the test
 * JVM ({@link ArgumentFuzzTest}), seeded in child JVMs under {@code -Xint}, C1 only and tiered
 * ({@link #main}), and coverage-guided ({@link GuidedArgumentFuzzTest}), where the choices come
 * from the fuzzer's input instead of a {@link SplittableRandom}.
 *
 * <p>Arguments are drawn near the edges (0, ±1, the size ± 1, the page size ± 1, {@code Long}
 * extremes, {@code Integer.MAX_VALUE + 1}) over files of 0 to 3 pages + 1 bytes. Every call
 * returns or throws one of its documented exceptions, with a message; a call that throws changes
 * neither the file nor the mapping. A failure throws {@link AssertionError} naming
 * {@code replay} (the seed, or the fuzzer's input) and the call. Every outcome (the exception's
 * class and errno, or the value a call returned) goes into {@link #digest()}, so that runs in
 * different compilation modes can be compared, and into an {@link OutcomeLog}, so that runs that
 * differ can be compared call by call. What depends on the process's own address space rather
 * than on ffmap (whether the low 2 GiB have room for {@code MAP_32BIT}) is kept out of both.
 */
final class ArgumentFuzz implements AutoCloseable {
    static final long PAGE = Mman.pageSize();
    /** Advice that destroys memory on purpose (root may poison pages): left out, see RELIABILITY.md. */
    private static final Set<Advice> DESTRUCTIVE = EnumSet.of(Advice.MADV_HWPOISON, Advice.MADV_SOFT_OFFLINE);
    /** The kinds of {@link #run}, as {@link OutcomeLog} names them. */
    private static final List<String> KINDS = List.of("map", "mapping", "mappedfile", "mman");
    private static final long[] FILE_SIZES = {0, 1, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE - 1, 2 * PAGE, 2 * PAGE + 1, 3 * PAGE + 1};

    private final Path dir;
    private final RandomGenerator random;
    private final String replay;
    private long calls;
    private long failed;
    /** MAP_32BIT calls that failed only for want of room below 2 GiB ({@link #lowWindowFull()}). */
    private long lowWindowFull;
    /** Set while a call is judged again without MAP_32BIT ({@link #noRoomBelow2GiB}): why, for the log. */
    private String retried;
    private long digest = 17;
    /** Where each outcome is written as well, for comparing runs call by call. */
    private OutcomeLog log = OutcomeLog.NONE;
    /** Files of every size in {@link #FILE_SIZES} and their bytes, for {@link #mapCase()}; made at first use. */
    private List<Path> files;
    private List<byte[]> contents;
    /** For {@link #mmanCase}: a file's descriptors and memory this process owns; made at first use. */
    private int rdonly = -1;
    private int rdwr = -1;
    private Mapping owned;

    /** A live target of the calls and the file behind it. */
    record Live<T extends AutoCloseable>(T target, Path file) {
    }

    ArgumentFuzz(Path dir, RandomGenerator random, String replay) {
        this.dir = dir;
        this.random = random;
        this.replay = replay;
    }

    /**
     * {@code main(dir, cases, seed)}: the four kinds of calls, a quarter of {@code cases} each, as
     * {@link ArgumentFuzzTest} runs them; prints {@code fuzz calls=… failed=… digest=…}, how many
     * MAP_32BIT calls found the low 2 GiB full, and the time taken. With
     * {@code -Dffmap.fuzz.log=<file>} every outcome also goes to that file ({@link OutcomeLog});
     * with {@code -Dffmap.fuzz.fillLowWindow=true} the low 2 GiB are filled first ({@link LowWindow#fill}).
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int budget = Integer.parseInt(args[1]) / 4;
        long seed = Long.parseLong(args[2]);
        String logFile = System.getProperty("ffmap.fuzz.log");
        long start = System.nanoTime();
        long calls = 0;
        long failed = 0;
        long digest = 0;
        long lowWindowFull = 0;
        List<MemorySegment> taken = Boolean.getBoolean("ffmap.fuzz.fillLowWindow") ? LowWindow.fill() : List.of();
        try (OutcomeLog log = logFile == null ? OutcomeLog.NONE : OutcomeLog.create(Path.of(logFile), dir)) {
            for (int kind = 0; kind < 4; kind++) {
                try (ArgumentFuzz f = new ArgumentFuzz(dir, new SplittableRandom(seed), "seed " + seed)) {
                    f.log = log.kind(KINDS.get(kind));
                    f.run(kind, budget);
                    calls += f.calls();
                    failed += f.failed();
                    digest = 31 * digest + f.digest();
                    lowWindowFull += f.lowWindowFull();
                }
            }
        } finally {
            LowWindow.release(taken);
        }
        System.out.printf(Locale.ROOT, "fuzz calls=%d failed=%d digest=%x%n", calls, failed, digest);
        System.out.printf(Locale.ROOT, "lowWindowFull %d%n", lowWindowFull);
        System.out.printf(Locale.ROOT, "seconds %.1f%n", (System.nanoTime() - start) / 1e9);
    }

    /** Runs {@code budget} calls of one kind: 0 map, 1 Mapping's calls, 2 MappedFile's, 3 Mman.mmap and SharedMemory. */
    void run(int kind, int budget) throws IOException {
        switch (kind) {
            case 0 -> mapCases(budget);
            case 1 -> mappingCalls(budget);
            case 2 -> mappedFileCalls(budget);
            default -> mmanCases(budget);
        }
    }

    long calls() {
        return calls;
    }

    long failed() {
        return failed;
    }

    /** How many MAP_32BIT calls failed with ENOMEM only for want of room in the low 2 GiB (judged again without the flag). */
    long lowWindowFull() {
        return lowWindowFull;
    }

    /** A hash of every outcome in order: equal in two runs from the same seed that behaved the same. */
    long digest() {
        return digest;
    }

    @Override
    public void close() throws IOException {
        if (owned != null) {
            try (Mapping m = owned) {
                assertEquals(0, m.segment().get(ValueLayout.JAVA_LONG, 0), "the owned memory was never replaced");
            } finally {
                Mman.close(rdonly);
                Mman.close(rdwr);
            }
        }
    }

    // ------------------------------------------------------------ Mapping.map

    private void mapCases(int budget) throws IOException {
        for (int i = 0; i < budget; i++) {
            mapCase();
        }
    }

    /** One {@code Mapping.map} of a file of random size with random offset, length, prot and flags. */
    void mapCase() throws IOException {
        if (files == null) {
            mapFiles();
        }
        int k = random.nextInt(files.size());
        Path f = files.get(k);
        byte[] before = contents.get(k);
        long off = edge(before.length);
        long len = edge(before.length);
        Set<Prot> prot = subset(Prot.class);
        Set<MapFlag> flags = mapFlags();
        String call = "Mapping.map(size=" + before.length + ", offset=" + off + ", length=" + len + ", " + prot + ", " + flags + ")";
        calls++;
        map(f, before, off, len, prot, flags, call);
    }

    /** Makes and judges the call; one that found no room in the low 2 GiB for MAP_32BIT is judged again without it. */
    private void map(Path f, byte[] before, long off, long len, Set<Prot> prot, Set<MapFlag> flags, String call)
            throws IOException {
        Mapping m;
        try {
            m = Mapping.map(f, new MapOptions(off, len, prot, flags, false));
        } catch (IllegalArgumentException | UnsupportedOperationException | FileSystemException | MmapException e) {
            assertUnchanged(call, before, f);
            if (noRoomBelow2GiB(call, flags, e)) {
                map(f, before, off, len, prot, without32Bit(flags), call);
            } else {
                failed(call, e);
            }
            return;
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
        try (m) {
            long expected = len == 0 ? before.length - off : len;
            assertEquals(expected, m.byteSize(), call);
            assertPlaced(call, flags, m.address() - off % PAGE, off % PAGE + expected); // the kernel maps from the page of off
            if (prot.contains(Prot.PROT_READ)) {
                byte[] mapped = m.segment().toArray(ValueLayout.JAVA_BYTE);
                assertTrue(Arrays.equals(before, (int) off, (int) (off + expected), mapped, 0, mapped.length), call);
            }
            outcome(call, expected);
        }
        assertUnchanged(call, before, f);
    }

    private void mapFiles() throws IOException {
        files = new ArrayList<>();
        contents = new ArrayList<>();
        for (long size : FILE_SIZES) {
            byte[] b = new byte[(int) size];
            random.nextBytes(b);
            files.add(Files.write(dir.resolve("f" + size), b));
            contents.add(b);
        }
    }

    // ------------------------------------------------------------ Mapping's range calls

    private void mappingCalls(int budget) throws IOException {
        int done = 0;
        for (int round = 0; done < budget; round++) {
            Live<Mapping> live = newMapping(round);
            try (Mapping m = live.target()) {
                for (int op = 0; op < 10; op++, done++) {
                    mappingCall(m, live.file());
                }
            }
        }
    }

    /** A file of 1 byte to 3 pages + 1 mapped read-only, read-write or copy-on-write at a random offset. */
    Live<Mapping> newMapping(int round) throws IOException {
        long size = FILE_SIZES[1 + random.nextInt(FILE_SIZES.length - 1)];
        byte[] content = new byte[(int) size];
        random.nextBytes(content);
        Path f = Files.write(dir.resolve("m" + round % 4), content);
        MapOptions o = switch (random.nextInt(3)) {
            case 0 -> MapOptions.readOnly();
            case 1 -> MapOptions.readWrite();
            default -> MapOptions.copyOnWrite();
        };
        return new Live<>(Mapping.map(f, o.withOffset(random.nextLong(size))), f);
    }

    /** One of sync, advise, protect, remap, residency or slicing on a live mapping. */
    void mappingCall(Mapping m, Path f) throws IOException {
        long len = m.byteSize();
        long off = edge(len);
        long n = edge(len);
        int which = random.nextInt(6);
        Advice advice = pick(Advice.class);
        Set<MsyncFlag> sync = subset(MsyncFlag.class);
        Set<Prot> prot = subset(Prot.class);
        String call = switch (which) {
            case 0 -> "sync(" + off + ", " + n + ", " + sync + ")";
            case 1 -> "advise(" + off + ", " + n + ", " + advice + ")";
            case 2 -> "protect(" + prot + ")";
            case 3 -> "remap(" + n + ")";
            case 4 -> "residency()";
            default -> "segment().asSlice(" + off + ", " + n + ")";
        } + " of " + m;
        if (which == 1 && DESTRUCTIVE.contains(advice) || which == 0 && sync.isEmpty() || which == 2 && prot.isEmpty()) {
            return;
        }
        MappingState before = MappingState.of(m, f);
        try {
            calls++;
            switch (which) {
                case 0 -> m.sync(off, n, sync.iterator().next(), sync.stream().skip(1).toArray(MsyncFlag[]::new));
                case 1 -> m.advise(off, n, advice);
                case 2 -> m.protect(prot.iterator().next(), prot.stream().skip(1).toArray(Prot[]::new));
                case 3 -> m.remap(n);
                case 4 -> assertTrue(m.residency() != null);
                default -> m.segment().asSlice(off, n);
            }
            outcome(call, m.byteSize());
        } catch (IllegalArgumentException | IndexOutOfBoundsException | UnsupportedOperationException | IllegalStateException
                 | MmapException e) {
            failed(call, e);
            assertEquals(before, MappingState.of(m, f), "a failed " + call + " changed the mapping or the file");
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
    }

    /** What a failed call must not change: length, address, prot, the mapped bytes, the file. */
    private record MappingState(long length, long address, Set<Prot> prot, int bytes, int file) {
        static MappingState of(Mapping m, Path f) throws IOException {
            int bytes = 0;
            if (m.prot().contains(Prot.PROT_READ)) {
                bytes = Arrays.hashCode(m.segment().toArray(ValueLayout.JAVA_BYTE));
            }
            return new MappingState(m.byteSize(), m.address(), m.prot(), bytes, Arrays.hashCode(Files.readAllBytes(f)));
        }
    }

    // ------------------------------------------------------------ MappedFile

    private void mappedFileCalls(int budget) throws IOException {
        int done = 0;
        for (int round = 0; done < budget; round++) {
            done++;
            Live<MappedFile> live = newMappedFile(round);
            if (live == null) {
                continue;
            }
            try (MappedFile mf = live.target()) {
                for (int op = 0; op < 12; op++, done++) {
                    mappedFileCall(mf, live.file());
                }
            }
        }
    }

    /** {@code MappedFile.open} of a file of random size with every access and edge offsets and lengths; null if refused. */
    Live<MappedFile> newMappedFile(int round) throws IOException {
        long size = FILE_SIZES[random.nextInt(FILE_SIZES.length)];
        byte[] content = new byte[(int) size];
        random.nextBytes(content);
        Path f = Files.write(dir.resolve("p" + round % 4), content);
        MappedFile.Access access = pick(MappedFile.Access.class);
        long len = random.nextInt(4) == 0 ? edge(size) : 0;
        long off = random.nextInt(4) == 0 ? edge(size) : 0;
        String call = "MappedFile.open(size=" + size + ", " + access + ", length=" + len + ", offset=" + off + ")";
        calls++;
        try {
            MappedFile mf = MappedFile.open(f, access, len, off);
            outcome(call, mf.length());
            return new Live<>(mf, f);
        } catch (IllegalArgumentException | FileSystemException | MmapException e) {
            failed(call, e);
            assertUnchanged(call, content, f);
            return null;
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
    }

    /** One of MappedFile's calls with random arguments; its result goes into the digest. */
    void mappedFileCall(MappedFile mf, Path f) throws IOException {
        long len = mf.length();
        long a = edge(len) - (random.nextInt(4) == 0 ? len : 0);
        long b = edge(len) - (random.nextInt(4) == 0 ? len : 0);
        long c = edge(len);
        if (c > 4 * PAGE && c != Long.MAX_VALUE) {
            c = 4 * PAGE + 1; // resize really grows the file: keep it small enough to compare
        }
        long step = random.nextInt(5) == 0 ? 0 : random.nextLong(-3, 4);
        byte[] data = new byte[random.nextInt(4) == 0 ? (int) Math.min(c & 0xFFFF, 3 * PAGE) : random.nextInt(5)];
        random.nextBytes(data);
        int value = random.nextInt(-2, 258);
        int whence = random.nextInt(-1, 4);
        Advice advice = pick(Advice.class);
        int which = random.nextInt(15);
        if (which == 13 && DESTRUCTIVE.contains(advice)) {
            return;
        }
        String call = mappedFileCallText(which, a, b, c, step, data.length, value, whence, advice) + " of " + mf;
        MappedFileState before = MappedFileState.of(mf, f);
        try {
            calls++;
            outcome(call, mappedFileCall(mf, which, a, b, c, step, data, value, whence, advice));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | UnsupportedOperationException | MmapException e) {
            failed(call, e);
            assertEquals(before, MappedFileState.of(mf, f), "a failed " + call + " changed the map or the file");
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
    }

    private static String mappedFileCallText(int which, long a, long b, long c, long step, int n, int value, int whence,
                                             Advice advice) {
        return switch (which) {
            case 0 -> "get(" + a + ")";
            case 1 -> "set(" + a + ", " + value + ")";
            case 2 -> "slice(" + a + ", " + b + ", " + step + ")";
            case 3 -> "setSlice(" + a + ", " + b + ", " + step + ", " + n + " bytes)";
            case 4 -> "move(" + a + ", " + b + ", " + c + ")";
            case 5 -> "find(" + n + " bytes, " + a + ", " + b + ")";
            case 6 -> "rfind(" + n + " bytes, " + a + ", " + b + ")";
            case 7 -> "read(" + a + ")";
            case 8 -> "readLine()";
            case 9 -> "write(" + n + " bytes)";
            case 10 -> "writeByte(" + value + ")";
            case 11 -> "seek(" + a + ", " + whence + ")";
            case 12 -> "flush(" + a + ", " + b + ")";
            case 13 -> "madvise(" + advice + ", " + a + ", " + b + ")";
            default -> "resize(" + c + ")";
        };
    }

    /** Makes the call; returns a hash of what it returned and of the position after it. */
    private static long mappedFileCall(MappedFile mf, int which, long a, long b, long c, long step, byte[] data, int value,
                                       int whence, Advice advice) throws IOException {
        Object result = switch (which) {
            case 0 -> mf.get(a);
            case 1 -> { mf.set(a, value); yield null; }
            case 2 -> Arrays.hashCode(Objects.requireNonNull(mf.slice(a, b, step)));
            case 3 -> { mf.setSlice(a, b, step, data); yield null; }
            case 4 -> { mf.move(a, b, c); yield null; }
            case 5 -> mf.find(data, a, b);
            case 6 -> mf.rfind(data, a, b);
            case 7 -> Arrays.hashCode(mf.read(a));
            case 8 -> Arrays.hashCode(mf.readLine());
            case 9 -> mf.write(data);
            case 10 -> { mf.writeByte(value); yield null; }
            case 11 -> mf.seek(a, whence);
            case 12 -> { mf.flush(a, b); yield null; }
            case 13 -> { mf.madvise(advice, a, b); yield null; }
            default -> { mf.resize(c); yield null; }
        };
        return 31L * Objects.hashCode(result) + mf.tell();
    }

    private record MappedFileState(long length, long position, int bytes, int file) {
        static MappedFileState of(MappedFile mf, Path f) throws IOException {
            int bytes = mf.access() == MappedFile.Access.READ || mf.length() == 0 ? 0
                    : Arrays.hashCode(mf.segment().toArray(ValueLayout.JAVA_BYTE));
            return new MappedFileState(mf.length(), mf.tell(), bytes, Arrays.hashCode(Files.readAllBytes(f)));
        }
    }

    // ------------------------------------------------------------ Mman.mmap and SharedMemory

    private void mmanCases(int budget) throws IOException {
        for (int i = 0; i < budget; i++) {
            mmanCase(i);
        }
    }

    /** One call in eight {@code SharedMemory.create}, else {@code Mman.mmap}; {@code MAP_FIXED} outside a Reservation must be refused. */
    void mmanCase(int i) throws IOException {
        if (owned == null) {
            Path f = Files.write(dir.resolve("fd"), new byte[(int) (2 * PAGE + 1)]);
            rdonly = Mman.open(f, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
            rdwr = Mman.open(f, Set.of(OpenFlag.O_RDWR, OpenFlag.O_CLOEXEC), 0);
            // Memory this process owns: MAP_FIXED over it would replace it.
            owned = Mapping.anonymous(4 * PAGE, MapOptions.copyOnWrite());
        }
        calls++;
        if (random.nextInt(8) == 0) {
            sharedMemoryCall(i);
        } else {
            mmanCall(owned.address(), rdonly, rdwr);
        }
    }

    private void mmanCall(long owned, int rdonly, int rdwr) throws MmapException {
        long len = switch (random.nextInt(8)) {
            case 0 -> -1;
            case 1 -> 0;
            case 2 -> Long.MAX_VALUE;
            case 3 -> 1L << 62;
            default -> random.nextLong(1, 3 * PAGE + 2);
        };
        long off = random.nextInt(3) == 0 ? edge(2 * PAGE + 1) : 0;
        int fd = switch (random.nextInt(4)) {
            case 0 -> -1;
            case 1 -> rdonly;
            case 2 -> rdwr;
            default -> 9999;
        };
        Set<Prot> prot = subset(Prot.class);
        Set<MapFlag> flags = mapFlags();
        if (len > 3 * PAGE + 1 && len < Long.MAX_VALUE && (flags.contains(MapFlag.MAP_POPULATE) || flags.contains(MapFlag.MAP_LOCKED))) {
            flags.remove(MapFlag.MAP_POPULATE); // 2^62 bytes are refused long before populating; stay sure of it
            flags.remove(MapFlag.MAP_LOCKED);
        }
        int page = random.nextBoolean() ? -1 : random.nextInt(4);
        long hint = page < 0 ? 0 : owned + PAGE * page;
        // The hint as a page of the owned memory, the descriptor by its role: their numbers change from run to run.
        String call = "Mman.mmap(" + (page < 0 ? "NULL" : "owned+" + page + "*PAGE") + ", " + len + ", " + prot + ", " + flags
                + ", fd=" + (fd == rdonly ? "rdonly" : fd == rdwr ? "rdwr" : fd) + ", off=" + off + ")";
        mmap(MemorySegment.ofAddress(hint), len, prot, flags, fd, off, call);
    }

    /** Makes and judges the call; one that found no room in the low 2 GiB for MAP_32BIT is judged again without it. */
    private void mmap(MemorySegment hint, long len, Set<Prot> prot, Set<MapFlag> flags, int fd, long off, String call) {
        boolean fixed = flags.contains(MapFlag.MAP_FIXED) || flags.contains(MapFlag.MAP_FIXED_NOREPLACE) && hint.address() == 0;
        MemorySegment s;
        try {
            s = Mman.mmap(hint, len, prot, flags, fd, off);
        } catch (IllegalArgumentException | UnsupportedOperationException | MmapException e) {
            if (noRoomBelow2GiB(call, flags, e)) {
                mmap(hint, len, prot, without32Bit(flags), fd, off, call);
            } else {
                failed(call, e);
            }
            return;
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
        if (fixed) {
            fail(replay + ": MAP_FIXED outside a Reservation, or MAP_FIXED_NOREPLACE at NULL, was not refused: " + call);
        }
        assertPlaced(call, flags, s.address(), len);
        outcome(call, s.byteSize());
        try {
            // munmap of huge pages takes whole huge pages (mmap(2), MAP_HUGETLB).
            Mman.munmap(s, flags.contains(MapFlag.MAP_HUGETLB) ? alignUp(len, hugePageSize(flags)) : len);
        } catch (MmapException e) {
            throw new AssertionError(replay + ": munmap after " + call + " returned " + s, e);
        }
    }

    // ------------------------------------------------------------ MAP_32BIT

    /**
     * True if {@code e} is the ENOMEM of a {@code MAP_32BIT} call, which a process gets whenever
     * what the JVM mapped at random leaves no room in the low 2 GiB ({@link LowWindow}): the call
     * is then judged again without the flag, whose only effect on x86-64 is where the mapping goes.
     * Every other outcome of the call is the same either way (the kernel looks for room before its
     * later checks), so the digest and the counts do not depend on the JVM's layout, while
     * {@link #lowWindowFull()} says how often it happened.
     */
    private boolean noRoomBelow2GiB(String call, Set<MapFlag> flags, Exception e) {
        if (!(flags.contains(MapFlag.MAP_32BIT) && e instanceof MmapException m && m.errnoName().equals("ENOMEM"))) {
            return false;
        }
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), replay + ": no message from " + call + ": " + e);
        retried = "judged again without MAP_32BIT after: " + e.getMessage();
        return true;
    }

    private static Set<MapFlag> without32Bit(Set<MapFlag> flags) {
        EnumSet<MapFlag> rest = EnumSet.copyOf(flags);
        rest.remove(MapFlag.MAP_32BIT);
        return rest;
    }

    /**
     * A {@code MAP_32BIT} mapping of {@code length} bytes from {@code start} lies below 2 GiB; one
     * made again without the flag after an ENOMEM is judged too: the ENOMEM was right only if the
     * low 2 GiB had no room for it.
     */
    private void assertPlaced(String call, Set<MapFlag> flags, long start, long length) {
        if (flags.contains(MapFlag.MAP_32BIT)) {
            assertTrue(start + length <= LowWindow.END, replay + ": " + call + " mapped at " + Long.toHexString(start));
        } else if (retried != null) {
            try {
                assertTrue(!LowWindow.hasRoomFor(length), replay + ": " + call + " failed with ENOMEM under MAP_32BIT "
                        + "while the low 2 GiB had room for it");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long alignUp(long value, long alignment) {
        return Math.ceilDiv(value, alignment) * alignment;
    }

    private static long hugePageSize(Set<MapFlag> flags) {
        if (flags.contains(MapFlag.MAP_HUGE_1GB)) {
            return 1L << 30;
        }
        if (flags.contains(MapFlag.MAP_HUGE_2MB)) {
            return 2L << 20;
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return 1024 * Long.parseLong(lines.filter(l -> l.startsWith("Hugepagesize:")).findFirst().orElseThrow()
                    .replaceAll("[^0-9]", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sharedMemoryCall(int i) {
        String name = switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "/" + SharedMemoryTest.PREFIX + "fuzz/x";
            case 2 -> "/" + "n".repeat(300);
            default -> "/" + SharedMemoryTest.PREFIX + "fuzz" + i % 3;
        };
        long size = edge(2 * PAGE + 1);
        String call = "SharedMemory.create(\"" + name + "\", " + size + ")";
        try (SharedMemory shm = SharedMemory.create(name, size).unlinkOnClose(); Mapping m = shm.map()) {
            assertEquals(size, m.byteSize(), call);
            outcome(call, size);
        } catch (IllegalArgumentException | IOException e) {
            failed(call, e);
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
    }

    // ------------------------------------------------------------ generators

    /** A length, offset or index near the interesting values for something {@code size} long. */
    long edge(long size) {
        return switch (random.nextInt(14)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> size;
            case 4 -> size - 1;
            case 5 -> size + 1;
            case 6 -> PAGE;
            case 7 -> PAGE - 1;
            case 8 -> PAGE + 1;
            case 9 -> Long.MAX_VALUE;
            case 10 -> Long.MIN_VALUE;
            case 11 -> Integer.MAX_VALUE + 1L;
            default -> random.nextLong(-2, Math.max(size, 1) + 2);
        };
    }

    private <E extends Enum<E>> E pick(Class<E> type) {
        E[] all = type.getEnumConstants();
        return all[random.nextInt(all.length)];
    }

    private <E extends Enum<E>> Set<E> subset(Class<E> type) {
        EnumSet<E> s = EnumSet.noneOf(type);
        for (E e : type.getEnumConstants()) {
            if (random.nextInt(3) == 0) {
                s.add(e);
            }
        }
        return s;
    }

    /** Mostly one of the three sharing types plus a flag or two; sometimes anything at all. */
    private Set<MapFlag> mapFlags() {
        if (random.nextInt(8) == 0) {
            return random.nextBoolean() ? EnumSet.noneOf(MapFlag.class) : subset(MapFlag.class);
        }
        EnumSet<MapFlag> s = EnumSet.of(pick(MapFlag.class) == MapFlag.MAP_PRIVATE ? MapFlag.MAP_PRIVATE
                : random.nextInt(5) == 0 ? MapFlag.MAP_SHARED_VALIDATE : random.nextBoolean() ? MapFlag.MAP_SHARED : MapFlag.MAP_PRIVATE);
        for (int k = random.nextInt(3); k > 0; k--) {
            s.add(pick(MapFlag.class));
        }
        return s;
    }

    // ------------------------------------------------------------ the oracle

    private void outcome(String call, long value) {
        digest = 31 * digest + value;
        log.record(calls, call, "returned " + value, retried);
        lowWindowFull += retried == null ? 0 : 1;
        retried = null;
    }

    /** A documented failure: its class and, from the kernel, its errno go into the digest. */
    private void failed(String call, Exception e) {
        failed++;
        String what = e.getClass().getName() + (e instanceof MmapException m ? " " + m.errnoName() : "");
        digest = 31 * digest + what.hashCode();
        log.record(calls, call, "threw " + what, retried == null ? e.getMessage() : retried + "; then: " + e.getMessage());
        lowWindowFull += retried == null || what.endsWith(" ENOMEM") ? 0 : 1;
        retried = null;
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), replay + ": no message from " + call + ": " + e);
    }

    private AssertionError undocumented(String call, RuntimeException e) {
        return new AssertionError(replay + ": " + call + " threw an undocumented " + e, e);
    }

    private void assertUnchanged(String call, byte[] before, Path f) throws IOException {
        assertTrue(Arrays.equals(before, Files.readAllBytes(f)), replay + ": " + call + " changed the file");
    }
}
