package dev.ffmap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random calls of the public API with arguments drawn near the edges (offsets, lengths,
 * indices, slices, seek positions, flags, advice, prot, file sizes from 0 to just over page
 * multiples). Every call returns or throws one of the documented exceptions; a call that throws
 * changes neither the file nor the mapping (bytes, length, position, prot compared before and
 * after); the JVM survives. A failure names the seed and the call, so it can be replayed with
 * {@code -Dffmap.reliability.seed=<seed>}.
 */
@EnabledOnOs(OS.LINUX)
class ArgumentFuzzTest {
    private static final long PAGE = Mman.pageSize();
    private static final long SEED = Long.getLong("ffmap.reliability.seed", 20261125L);
    /** Calls made by all tests of the class, for the figures. */
    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    /** Advice that destroys memory on purpose (root may poison pages): left out, see RELIABILITY.md. */
    private static final Set<Advice> DESTRUCTIVE = EnumSet.of(Advice.MADV_HWPOISON, Advice.MADV_SOFT_OFFLINE);
    private static final long[] FILE_SIZES = {0, 1, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE - 1, 2 * PAGE, 2 * PAGE + 1, 3 * PAGE + 1};

    /**
     * On tmpfs when there is one: msync there costs no journal commit, so the calls are many and
     * quick; what a sync keeps on a disk file system is {@link DurabilityTest}'s part.
     */
    private Path dir;
    private SplittableRandom random;
    private int budget;

    @BeforeEach
    void setUp(@TempDir Path fallback) throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "ffmap-fuzz-") : fallback;
        random = new SplittableRandom(SEED);
        budget = Reliability.size("cases", 100_000) / 4;
    }

    @AfterEach
    void tearDown() throws IOException {
        if (dir.startsWith("/dev/shm")) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @AfterAll
    static void figures() {
        Reliability.figure("fuzz", String.format(Locale.ROOT, "seed=%d calls=%d, of which threw a documented exception=%d, "
                + "undocumented exceptions=0, state changed by a failed call=0", SEED, CALLS.get(), FAILED.get()));
    }

    // ------------------------------------------------------------ Mapping.map

    @Test
    void mappingMapReturnsTheAskedBytesOrFailsLeavingTheFileAlone() throws IOException {
        List<Path> files = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (long size : FILE_SIZES) {
            byte[] b = new byte[(int) size];
            random.nextBytes(b);
            files.add(Files.write(dir.resolve("f" + size), b));
            contents.add(b);
        }
        long fds = Reliability.openFds();
        for (int i = 0; i < budget; i++) {
            int k = random.nextInt(files.size());
            Path f = files.get(k);
            byte[] before = contents.get(k);
            long off = edge(before.length);
            long len = edge(before.length);
            Set<Prot> prot = subset(Prot.class);
            Set<MapFlag> flags = mapFlags();
            String call = "Mapping.map(size=" + before.length + ", offset=" + off + ", length=" + len + ", " + prot + ", " + flags + ")";
            Mapping m;
            CALLS.incrementAndGet();
            try {
                m = Mapping.map(f, new MapOptions(off, len, prot, flags, false));
            } catch (IllegalArgumentException | UnsupportedOperationException | FileSystemException | MmapException e) {
                failed(call, e);
                assertUnchanged(call, before, f);
                continue;
            } catch (RuntimeException e) {
                throw undocumented(call, e);
            }
            try (m) {
                long expected = len == 0 ? before.length - off : len;
                assertEquals(expected, m.byteSize(), call);
                if (prot.contains(Prot.PROT_READ)) {
                    byte[] mapped = m.segment().toArray(ValueLayout.JAVA_BYTE);
                    assertTrue(Arrays.equals(before, (int) off, (int) (off + expected), mapped, 0, mapped.length), call);
                }
            }
            assertUnchanged(call, before, f);
        }
        assertEquals(fds, Reliability.openFds(), "descriptors left open");
    }

    // ------------------------------------------------------------ Mapping's range calls

    @Test
    void mappingCallsSucceedOrFailLeavingMappingAndFileAlone() throws IOException {
        int done = 0;
        for (int round = 0; done < budget; round++) {
            long size = FILE_SIZES[1 + random.nextInt(FILE_SIZES.length - 1)];
            byte[] content = new byte[(int) size];
            random.nextBytes(content);
            Path f = Files.write(dir.resolve("m" + round % 4), content);
            MapOptions o = switch (random.nextInt(3)) {
                case 0 -> MapOptions.readOnly();
                case 1 -> MapOptions.readWrite();
                default -> MapOptions.copyOnWrite();
            };
            try (Mapping m = Mapping.map(f, o.withOffset(random.nextLong(size)))) {
                for (int op = 0; op < 10; op++, done++) {
                    mappingCall(m, f);
                }
            }
        }
    }

    private void mappingCall(Mapping m, Path f) throws IOException {
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
        if (which == 1 && DESTRUCTIVE.contains(advice)) {
            return;
        }
        MappingState before = MappingState.of(m, f);
        try {
            CALLS.incrementAndGet();
            switch (which) {
                case 0 -> {
                    if (sync.isEmpty()) {
                        return;
                    }
                    MsyncFlag[] more = sync.stream().skip(1).toArray(MsyncFlag[]::new);
                    m.sync(off, n, sync.iterator().next(), more);
                }
                case 1 -> m.advise(off, n, advice);
                case 2 -> {
                    if (prot.isEmpty()) {
                        return;
                    }
                    m.protect(prot.iterator().next(), prot.stream().skip(1).toArray(Prot[]::new));
                }
                case 3 -> m.remap(n);
                case 4 -> assertTrue(m.residency() != null);
                default -> m.segment().asSlice(off, n);
            }
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

    @Test
    void mappedFileCallsSucceedOrFailLeavingMapPositionAndFileAlone() throws IOException {
        int done = 0;
        for (int round = 0; done < budget; round++) {
            long size = FILE_SIZES[random.nextInt(FILE_SIZES.length)];
            byte[] content = new byte[(int) size];
            random.nextBytes(content);
            Path f = Files.write(dir.resolve("p" + round % 4), content);
            MappedFile.Access access = pick(MappedFile.Access.class);
            long len = random.nextInt(4) == 0 ? edge(size) : 0;
            long off = random.nextInt(4) == 0 ? edge(size) : 0;
            String call = "MappedFile.open(size=" + size + ", " + access + ", length=" + len + ", offset=" + off + ")";
            MappedFile mf;
            done++;
            CALLS.incrementAndGet();
            try {
                mf = MappedFile.open(f, access, len, off);
            } catch (IllegalArgumentException | FileSystemException | MmapException e) {
                failed(call, e);
                assertUnchanged(call, content, f);
                continue;
            } catch (RuntimeException e) {
                throw undocumented(call, e);
            }
            try (mf) {
                for (int op = 0; op < 12; op++, done++) {
                    mappedFileCall(mf, f);
                }
            }
        }
    }

    private void mappedFileCall(MappedFile mf, Path f) throws IOException {
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
        String call = switch (which) {
            case 0 -> "get(" + a + ")";
            case 1 -> "set(" + a + ", " + value + ")";
            case 2 -> "slice(" + a + ", " + b + ", " + step + ")";
            case 3 -> "setSlice(" + a + ", " + b + ", " + step + ", " + data.length + " bytes)";
            case 4 -> "move(" + a + ", " + b + ", " + c + ")";
            case 5 -> "find(" + data.length + " bytes, " + a + ", " + b + ")";
            case 6 -> "rfind(" + data.length + " bytes, " + a + ", " + b + ")";
            case 7 -> "read(" + a + ")";
            case 8 -> "readLine()";
            case 9 -> "write(" + data.length + " bytes)";
            case 10 -> "writeByte(" + value + ")";
            case 11 -> "seek(" + a + ", " + whence + ")";
            case 12 -> "flush(" + a + ", " + b + ")";
            case 13 -> "madvise(" + advice + ", " + a + ", " + b + ")";
            default -> "resize(" + c + ")";
        } + " of " + mf;
        MappedFileState before = MappedFileState.of(mf, f);
        try {
            CALLS.incrementAndGet();
            switch (which) {
                case 0 -> mf.get(a);
                case 1 -> mf.set(a, value);
                case 2 -> Objects.requireNonNull(mf.slice(a, b, step));
                case 3 -> mf.setSlice(a, b, step, data);
                case 4 -> mf.move(a, b, c);
                case 5 -> mf.find(data, a, b);
                case 6 -> mf.rfind(data, a, b);
                case 7 -> mf.read(a);
                case 8 -> mf.readLine();
                case 9 -> mf.write(data);
                case 10 -> mf.writeByte(value);
                case 11 -> mf.seek(a, whence);
                case 12 -> mf.flush(a, b);
                case 13 -> mf.madvise(advice, a, b);
                default -> mf.resize(c);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException | UnsupportedOperationException | MmapException e) {
            failed(call, e);
            assertEquals(before, MappedFileState.of(mf, f), "a failed " + call + " changed the map or the file");
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
    }

    private record MappedFileState(long length, long position, int bytes, int file) {
        static MappedFileState of(MappedFile mf, Path f) throws IOException {
            int bytes = mf.access() == MappedFile.Access.READ || mf.length() == 0 ? 0
                    : Arrays.hashCode(mf.segment().toArray(ValueLayout.JAVA_BYTE));
            return new MappedFileState(mf.length(), mf.tell(), bytes, Arrays.hashCode(Files.readAllBytes(f)));
        }
    }

    // ------------------------------------------------------------ Mman.mmap and SharedMemory

    @Test
    void mmanMmapAndSharedMemoryReturnOrFailAndMapFixedOutsideAReservationIsRefused() throws IOException {
        Path f = Files.write(dir.resolve("fd"), new byte[(int) (2 * PAGE + 1)]);
        int rdonly = Mman.open(f, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        int rdwr = Mman.open(f, Set.of(OpenFlag.O_RDWR, OpenFlag.O_CLOEXEC), 0);
        // Memory this process owns: MAP_FIXED over it would replace it.
        try (Mapping heapLike = Mapping.anonymous(4 * PAGE, MapOptions.copyOnWrite())) {
            long owned = heapLike.address();
            for (int i = 0; i < budget; i++) {
                CALLS.incrementAndGet();
                if (random.nextInt(8) == 0) {
                    sharedMemoryCall(i);
                } else {
                    mmanCall(owned, rdonly, rdwr);
                }
            }
            assertEquals(0, heapLike.segment().get(ValueLayout.JAVA_LONG, 0), "the owned memory was never replaced");
        } finally {
            Mman.close(rdonly);
            Mman.close(rdwr);
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
        long hint = random.nextBoolean() ? 0 : owned + PAGE * random.nextInt(4);
        String call = "Mman.mmap(" + Long.toHexString(hint) + ", " + len + ", " + prot + ", " + flags + ", fd=" + fd + ", off=" + off + ")";
        boolean fixed = flags.contains(MapFlag.MAP_FIXED) || flags.contains(MapFlag.MAP_FIXED_NOREPLACE) && hint == 0;
        MemorySegment s;
        try {
            s = Mman.mmap(MemorySegment.ofAddress(hint), len, prot, flags, fd, off);
        } catch (IllegalArgumentException | UnsupportedOperationException | MmapException e) {
            failed(call, e);
            return;
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
        if (fixed) {
            fail("MAP_FIXED outside a Reservation, or MAP_FIXED_NOREPLACE at NULL, was not refused: " + call);
        }
        try {
            // munmap of huge pages takes whole huge pages (mmap(2), MAP_HUGETLB).
            Mman.munmap(s, flags.contains(MapFlag.MAP_HUGETLB) ? alignUp(len, hugePageSize(flags)) : len);
        } catch (MmapException e) {
            throw new AssertionError("seed " + SEED + ": munmap after " + call + " returned " + s, e);
        }
    }

    private static long alignUp(long value, long alignment) {
        return Math.ceilDiv(value, alignment) * alignment;
    }

    private static long hugePageSize(Set<MapFlag> flags) throws MmapException {
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
            throw new java.io.UncheckedIOException(e);
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
        } catch (IllegalArgumentException | IOException e) {
            failed(call, e);
        } catch (RuntimeException e) {
            throw undocumented(call, e);
        }
    }

    @Test
    void mapFixedOutsideAReservationAndNoreplaceAtNullAreRefusedBeforeAnySyscall() throws IOException {
        Path f = Files.write(dir.resolve("x"), new byte[10]);
        assertThrows(IllegalArgumentException.class, () -> MapOptions.readWrite().plus(MapFlag.MAP_FIXED));
        // Root may map page 0 with MAP_FIXED_NOREPLACE (found by the fuzzing above): refused too.
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> Mman.mmap(MemorySegment.NULL, PAGE,
                EnumSet.of(Prot.PROT_READ), EnumSet.of(MapFlag.MAP_PRIVATE, MapFlag.MAP_ANONYMOUS, MapFlag.MAP_FIXED_NOREPLACE), -1, 0));
        assertTrue(low.getMessage().contains("NullPointerException"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MappedFile.open(f,
                MappedFile.options().prot(Prot.PROT_READ).flags(MapFlag.MAP_SHARED, MapFlag.MAP_FIXED)));
    }

    // ------------------------------------------------------------ generators

    /** A length, offset or index near the interesting values for something {@code size} long. */
    private long edge(long size) {
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

    private static void failed(String call, Exception e) {
        FAILED.incrementAndGet();
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "no message from " + call + ": " + e);
    }

    private static AssertionError undocumented(String call, RuntimeException e) {
        return new AssertionError("seed " + SEED + ": " + call + " threw an undocumented " + e, e);
    }

    private static void assertUnchanged(String call, byte[] before, Path f) throws IOException {
        assertTrue(Arrays.equals(before, Files.readAllBytes(f)), "seed " + SEED + ": " + call + " changed the file");
    }
}
