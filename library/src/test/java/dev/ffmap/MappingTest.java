package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class MappingTest {
    @TempDir
    Path dir;

    private Path file(String name, int size) throws IOException {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        return Files.write(dir.resolve(name), data);
    }

    @Test
    void anyOffsetIsAcceptedAndTheSegmentStartsExactlyThere() throws IOException {
        Path f = file("f", 3 * 4096 + 17);
        byte[] expected = Files.readAllBytes(f);
        for (long off : new long[]{0, 1, 4095, 4096, 4097, 9000}) {
            try (Mapping m = Mapping.map(f, MapOptions.readOnly().withOffset(off).withLength(100))) {
                assertEquals(100, m.byteSize());
                assertEquals(100, m.segment().byteSize());
                assertEquals(off, m.offset());
                assertEquals(expected[(int) off], m.segment().get(ValueLayout.JAVA_BYTE, 0), "offset " + off);
                assertEquals(expected[(int) off + 99], m.segment().get(ValueLayout.JAVA_BYTE, 99));
                assertEquals(m.address(), m.segment().address());
            }
        }
    }

    @Test
    void lengthZeroMapsToTheEndOfTheFile() throws IOException {
        Path f = file("f", 10_000);
        try (Mapping m = Mapping.map(f, MapOptions.readOnly().withOffset(5000))) {
            assertEquals(5000, m.byteSize());
            assertArrayEquals(java.util.Arrays.copyOfRange(Files.readAllBytes(f), 5000, 10_000),
                    m.segment().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void accessAfterCloseThrowsIllegalStateFromAnyThread() throws Exception {
        Path f = file("f", 4096);
        Mapping m = Mapping.map(f, MapOptions.readOnly());
        MemorySegment s = m.segment();
        MemorySegment slice = s.asSlice(10, 10);
        m.close();
        m.close();
        assertTrue(m.isClosed());
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> slice.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, m::segment);
        assertThrows(IllegalStateException.class, m::sync);
        assertThrows(IllegalStateException.class, m::residency);
        AtomicReference<Throwable> fromOther = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                s.get(ValueLayout.JAVA_BYTE, 0);
            } catch (Throwable e) {
                fromOther.set(e);
            }
        });
        t.join();
        assertInstanceOf(IllegalStateException.class, fromOther.get());
    }

    @Test
    void closeFromAnotherThreadStopsAReaderWithIllegalState() throws Exception {
        Path f = file("f", 1 << 20);
        Mapping m = Mapping.map(f, MapOptions.readOnly());
        MemorySegment s = m.segment();
        CountDownLatch reading = new CountDownLatch(1);
        AtomicReference<Throwable> end = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            long sum = 0;
            try {
                while (true) {
                    for (long i = 0; i < s.byteSize(); i += 4096) {
                        sum += s.get(ValueLayout.JAVA_BYTE, i);
                    }
                    reading.countDown();
                }
            } catch (Throwable e) {
                end.set(e);
            }
        });
        reading.await();
        m.close();
        reader.join(10_000);
        assertFalse(reader.isAlive());
        assertInstanceOf(IllegalStateException.class, end.get());
    }

    @Test
    void privateWritesNeverReachTheFile() throws IOException {
        Path f = file("f", 8192);
        byte[] before = Files.readAllBytes(f);
        try (Mapping m = Mapping.map(f, MapOptions.copyOnWrite())) {
            m.segment().fill((byte) 0x55);
            m.sync();
            assertEquals(0x55, m.segment().get(ValueLayout.JAVA_BYTE, 8191));
        }
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void sharedWritesAreSeenByASecondMappingAndByFileChannelRead() throws IOException {
        Path f = file("f", 8192);
        try (Mapping writer = Mapping.map(f, MapOptions.readWrite());
             Mapping reader = Mapping.map(f, MapOptions.readOnly())) {
            writer.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 4093, 0xCAFEBABEL);
            assertEquals(0xCAFEBABEL, reader.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 4093));
            writer.sync(4000, 200, MsyncFlag.MS_SYNC);
        }
        try (FileChannel ch = FileChannel.open(f)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
            ch.read(b, 4093);
            assertEquals(0xCAFEBABEL, b.flip().getLong());
        }
    }

    @Test
    void aReadOnlyMappingHandsOutAReadOnlySegment() throws IOException {
        Path f = file("f", 4096);
        try (Mapping m = Mapping.map(f, MapOptions.readOnly())) {
            assertTrue(m.segment().isReadOnly());
            // The JDK's answer to a write through a read-only segment: an exception, not a fault.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.segment().fill((byte) 1));
        }
    }

    @Test
    void protectReadOnlyMakesWritesThrowAndKillsEarlierViews() throws IOException {
        Path f = file("f", 4096);
        try (Mapping m = Mapping.map(f, MapOptions.readWrite())) {
            MemorySegment before = m.segment();
            before.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            m.protect(Prot.PROT_READ);
            assertEquals(Set.of(Prot.PROT_READ), m.prot());
            MemorySegment after = m.segment();
            assertTrue(after.isReadOnly());
            assertEquals(1, after.get(ValueLayout.JAVA_BYTE, 0));
            assertThrows(IllegalArgumentException.class, () -> after.set(ValueLayout.JAVA_BYTE, 0, (byte) 2));
            assertThrows(IllegalStateException.class, () -> before.set(ValueLayout.JAVA_BYTE, 0, (byte) 2),
                    "a view taken before protect() is dead, so it cannot write to the now read-only page");
            m.protect(Prot.PROT_NONE);
            assertThrows(IllegalStateException.class, m::segment);
            m.protect(Prot.PROT_READ, Prot.PROT_WRITE);
            m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 3);
        }
        assertEquals(3, Files.readAllBytes(f)[0]);
    }

    @Test
    void protectWriteOnAReadOnlyFileMappingIsEacces() throws IOException {
        Path f = file("f", 4096);
        try (Mapping m = Mapping.map(f, MapOptions.readOnly())) {
            MmapException e = assertThrows(MmapException.class, () -> m.protect(Prot.PROT_READ, Prot.PROT_WRITE));
            assertEquals("EACCES", e.errnoName());
            assertEquals("mprotect", e.syscall());
            m.segment().get(ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Test
    void residencyChangesAfterTouchingAndAfterDontneed() throws IOException {
        long page = Mman.pageSize();
        try (Mapping m = Mapping.anonymous(16 * page, MapOptions.copyOnWrite())) {
            Residency r0 = m.residency();
            assertEquals(16, r0.pageCount());
            assertEquals(0, r0.residentPages());
            m.segment().set(ValueLayout.JAVA_BYTE, 3 * page, (byte) 1);
            m.segment().set(ValueLayout.JAVA_BYTE, 9 * page + 5, (byte) 1);
            Residency r1 = m.residency();
            assertEquals(2, r1.residentPages());
            assertTrue(r1.isResident(3));
            assertTrue(r1.isResident(9));
            assertFalse(r1.isResident(4));
            m.advise(Advice.MADV_DONTNEED);
            assertEquals(0, m.residency().residentPages());
            assertEquals(0, m.segment().get(ValueLayout.JAVA_BYTE, 3 * page));
        }
    }

    @Test
    void residencyCountsThePagesOfAnUnalignedRange() throws IOException {
        long page = Mman.pageSize();
        Path f = file("f", (int) (4 * page));
        try (Mapping m = Mapping.map(f, MapOptions.readOnly().withOffset(page - 1).withLength(2))) {
            assertEquals(2, m.residency().pageCount(), "2 bytes across a page line span 2 pages");
        }
    }

    @Test
    void lockAndUnlockAWholeMapping() throws IOException {
        try (Mapping m = Mapping.anonymous(64 * 1024, MapOptions.copyOnWrite())) {
            m.lock();
            assertEquals(m.residency().pageCount(), m.residency().residentPages(), "mlock reads every page in");
            m.unlock();
        }
    }

    @Test
    void adviseAndSyncAcceptUnalignedRanges() throws IOException {
        Path f = file("f", 20_000);
        try (Mapping m = Mapping.map(f, MapOptions.readWrite().withOffset(333))) {
            m.advise(10, 5000, Advice.MADV_SEQUENTIAL);
            m.advise(Advice.MADV_WILLNEED);
            m.sync(7, 9000, MsyncFlag.MS_ASYNC);
            m.sync(0, 1, MsyncFlag.MS_SYNC, MsyncFlag.MS_INVALIDATE);
            assertThrows(IndexOutOfBoundsException.class, () -> m.sync(0, 20_000, MsyncFlag.MS_SYNC));
            MmapException e = assertThrows(MmapException.class, () -> m.sync(0, 10, MsyncFlag.MS_SYNC, MsyncFlag.MS_ASYNC));
            assertEquals("EINVAL", e.errnoName());
            assertTrue(e.getMessage().contains("MS_ASYNC|MS_SYNC") || e.getMessage().contains("MS_SYNC|MS_ASYNC"), e.getMessage());
        }
    }

    @Test
    void remapGrowsAFileMappingWithGrowAndKeepsContent() throws IOException {
        Path f = file("f", 4096);
        try (Mapping m = Mapping.map(f, MapOptions.readWrite().withOffset(100).withLength(1000).withGrow(true))) {
            MemorySegment before = m.segment();
            m.segment().set(ValueLayout.JAVA_INT, 0, 77);
            m.remap(1 << 20);
            assertEquals(1 << 20, m.byteSize());
            assertEquals(100 + (1 << 20), Files.size(f));
            assertEquals(77, m.segment().get(ValueLayout.JAVA_INT, 0));
            m.segment().set(ValueLayout.JAVA_BYTE, (1 << 20) - 1, (byte) 5);
            assertThrows(IllegalStateException.class, () -> before.get(ValueLayout.JAVA_BYTE, 0));
            m.remap(10);
            assertEquals(10, m.segment().byteSize());
        }
    }

    @Test
    void remapPastTheEndWithoutGrowIsRefused() throws IOException {
        Path f = file("f", 4096);
        try (Mapping m = Mapping.map(f, MapOptions.readOnly())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.remap(8192));
            assertTrue(e.getMessage().contains("withGrow"), e.getMessage());
            assertEquals(4096, m.segment().byteSize());
        }
    }

    @Test
    void growExtendsAShortFileSparsely() throws IOException {
        Path f = file("f", 10);
        try (Mapping m = Mapping.map(f, MapOptions.readWrite().withOffset(1 << 20).withLength(4096).withGrow(true))) {
            m.segment().set(ValueLayout.JAVA_BYTE, 4095, (byte) 9);
        }
        assertEquals((1 << 20) + 4096, Files.size(f));
        assertEquals(9, Files.readAllBytes(f)[(1 << 20) + 4095]);
    }

    @Test
    void badInputGetsClearErrorsBeforeAnySyscall() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        Path f = file("f", 100);
        assertMessage(IllegalArgumentException.class, "empty file", () -> Mapping.map(empty, MapOptions.readOnly()));
        assertMessage(IllegalArgumentException.class, "beyond the end", () -> Mapping.map(f, MapOptions.readOnly().withOffset(100)));
        assertMessage(IllegalArgumentException.class, "withGrow(true)", () -> Mapping.map(f, MapOptions.readOnly().withLength(101)));
        assertMessage(IllegalArgumentException.class, "overflow",
                () -> Mapping.map(f, MapOptions.readOnly().withOffset(Long.MAX_VALUE).withLength(2)));
        assertMessage(IllegalArgumentException.class, "Negative offset", () -> MapOptions.readOnly().withOffset(-1));
        assertMessage(IllegalArgumentException.class, "Negative length", () -> MapOptions.readOnly().withLength(-1));
        assertMessage(IllegalArgumentException.class, "exactly one of", () -> MapOptions.readOnly().withFlags(MapFlag.MAP_POPULATE));
        assertMessage(IllegalArgumentException.class, "exactly one of",
                () -> MapOptions.readOnly().withFlags(MapFlag.MAP_SHARED, MapFlag.MAP_PRIVATE));
        assertMessage(IllegalArgumentException.class, "Reservation", () -> MapOptions.readOnly().plus(MapFlag.MAP_FIXED));
        assertMessage(IllegalArgumentException.class, "null page", () -> MapOptions.readOnly().plus(MapFlag.MAP_FIXED_NOREPLACE));
        assertMessage(IllegalArgumentException.class, "MAP_SYNC needs MAP_SHARED_VALIDATE", () -> MapOptions.readWrite().plus(MapFlag.MAP_SYNC));
        assertMessage(IllegalArgumentException.class, "MAP_HUGE_2MB needs MAP_HUGETLB", () -> MapOptions.readWrite().plus(MapFlag.MAP_HUGE_2MB));
        assertMessage(IllegalArgumentException.class, "exclude each other",
                () -> MapOptions.readWrite().plus(MapFlag.MAP_HUGETLB, MapFlag.MAP_HUGE_2MB, MapFlag.MAP_HUGE_1GB));
        assertMessage(IllegalArgumentException.class, "Mapping.anonymous", () -> Mapping.map(f, MapOptions.readOnly().plus(MapFlag.MAP_ANONYMOUS)));
        assertMessage(IllegalArgumentException.class, "positive", () -> Mapping.anonymous(0, MapOptions.copyOnWrite()));
        assertMessage(NoSuchFileException.class, "ENOENT", () -> Mapping.map(dir.resolve("missing"), MapOptions.readOnly()));
        assertMessage(FileSystemException.class, "directory", () -> Mapping.map(dir, MapOptions.readOnly()));
        assertMessage(FileSystemException.class, "directory", () -> Mapping.map(dir, MapOptions.readWrite()));
    }

    @Test
    void writingModeOnAReadOnlyFileIsAccessDenied() throws Exception {
        Path f = file("f", 100);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        // Root ignores file modes; an immutable file refuses writers even to root.
        boolean immutable = new ProcessBuilder("chattr", "+i", f.toString()).start().waitFor() == 0;
        try {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> Mapping.map(f, MapOptions.readWrite()));
            assertTrue(e.getMessage().contains("open(") && e.getMessage().contains("O_RDWR"), e.getMessage());
            assertTrue(e.getMessage().contains(immutable ? "EPERM" : "EACCES"), e.getMessage());
            try (Mapping m = Mapping.map(f, MapOptions.copyOnWrite())) {
                m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
                assertEquals(1, m.segment().get(ValueLayout.JAVA_BYTE, 0));
            }
            assertEquals(3, Files.readAllBytes(f)[0], "the copy-on-write mapping left the file alone");
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", f.toString()).start().waitFor();
            }
        }
    }

    @Test
    void mapSyncOnAFileWithoutDaxIsRefusedByTheKernelWithEopnotsupp() throws IOException {
        Path f = file("f", 4096);
        MmapException e = assertThrows(MmapException.class,
                () -> Mapping.map(f, MapOptions.readWrite().withFlags(MapFlag.MAP_SHARED_VALIDATE, MapFlag.MAP_SYNC)));
        assertEquals("EOPNOTSUPP", e.errnoName());
        assertTrue(e.getMessage().contains("MAP_SHARED_VALIDATE|MAP_SYNC") || e.getMessage().contains("MAP_SYNC|MAP_SHARED_VALIDATE"),
                e.getMessage());
    }

    @Test
    void anonymousMappingsAreZeroFilledAndPrivate() throws IOException {
        try (Mapping m = Mapping.anonymous(1 << 20, MapOptions.copyOnWrite())) {
            assertEquals(1 << 20, m.byteSize());
            assertEquals(0, m.segment().get(ValueLayout.JAVA_LONG, 8));
            m.segment().set(ValueLayout.JAVA_LONG, 8, -1L);
            assertEquals(-1L, m.segment().get(ValueLayout.JAVA_LONG, 8));
            assertTrue(m.flags().contains(MapFlag.MAP_ANONYMOUS));
            assertTrue(m.toString().contains("anonymous"), m.toString());
        }
    }

    @Test
    void populateFlagPrefaultsTheWholeFile() throws IOException {
        Path f = file("f", 1 << 20);
        try (Mapping m = Mapping.map(f, MapOptions.readOnly().plus(MapFlag.MAP_POPULATE))) {
            Residency r = m.residency();
            assertEquals(r.pageCount(), r.residentPages());
        }
    }

    @Test
    void confinedMappingIsUsedClosedAndChangedOnlyByItsThread() throws Exception {
        Path f = file("f", 3 * 4096);
        Mapping m = Mapping.map(f, MapOptions.readWrite().withConfined(true));
        MemorySegment s = m.segment();
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) 42);
        AtomicReference<Throwable> touch = new AtomicReference<>();
        AtomicReference<Throwable> close = new AtomicReference<>();
        AtomicReference<Throwable> protect = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            touch.set(assertThrows(WrongThreadException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0)));
            close.set(assertThrows(WrongThreadException.class, m::close));
            protect.set(assertThrows(WrongThreadException.class, () -> m.protect(Prot.PROT_READ)));
        });
        other.join();
        assertInstanceOf(WrongThreadException.class, touch.get());
        assertTrue(close.get().getMessage().contains("close of a confined mapping"), close.get().getMessage());
        assertInstanceOf(WrongThreadException.class, protect.get());
        assertFalse(m.isClosed(), "a close from another thread changes nothing");
        assertEquals(Set.of(Prot.PROT_READ, Prot.PROT_WRITE), m.prot(), "a protect from another thread changes nothing");
        assertEquals(42, s.get(ValueLayout.JAVA_BYTE, 0), "the segment still works on its own thread");
        m.close();
        assertTrue(m.isClosed());
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals(42, Files.readAllBytes(f)[0], "the write reached the file");
    }

    private static <T extends Throwable> void assertMessage(Class<T> type, String part, org.junit.jupiter.api.function.Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
}
