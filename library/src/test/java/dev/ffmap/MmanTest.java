package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static dev.ffmap.MapFlag.MAP_ANONYMOUS;
import static dev.ffmap.MapFlag.MAP_FIXED;
import static dev.ffmap.MapFlag.MAP_FIXED_NOREPLACE;
import static dev.ffmap.MapFlag.MAP_PRIVATE;
import static dev.ffmap.MapFlag.MAP_SHARED;
import static dev.ffmap.Prot.PROT_READ;
import static dev.ffmap.Prot.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class MmanTest {
    private static final Set<Prot> RW = EnumSet.of(PROT_READ, PROT_WRITE);
    private static final Set<MapFlag> ANON = EnumSet.of(MAP_PRIVATE, MAP_ANONYMOUS);

    @TempDir
    Path dir;

    @Test
    void pageSizeIsAPowerOfTwoMatchingGetconf() throws Exception {
        long page = Mman.pageSize();
        assertEquals(1, Long.bitCount(page));
        Process p = new ProcessBuilder("getconf", "PAGESIZE").start();
        assertEquals(String.valueOf(page), new String(p.getInputStream().readAllBytes()).strip());
        assertEquals(page, Mman.allocationGranularity());
    }

    @Test
    void mmapReturnsASegmentOfExactlyTheLengthAskedFor() throws Exception {
        long len = Mman.pageSize() * 3 + 123;
        MemorySegment s = Mman.mmap(MemorySegment.NULL, len, RW, ANON, -1, 0);
        try {
            assertEquals(len, s.byteSize());
            assertEquals(0, s.address() % Mman.pageSize());
            s.set(ValueLayout.JAVA_BYTE, len - 1, (byte) 7);
            assertEquals(7, s.get(ValueLayout.JAVA_BYTE, len - 1));
            assertThrows(IndexOutOfBoundsException.class, () -> s.get(ValueLayout.JAVA_BYTE, len));
        } finally {
            Mman.munmap(s, len);
        }
    }

    @Test
    void sharedFileMappingWritesReachTheFile() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[8192]);
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDWR, OpenFlag.O_CLOEXEC), 0);
        try {
            assertEquals(8192, Mman.fileSize(fd));
            MemorySegment s = Mman.mmap(MemorySegment.NULL, 8192, RW, Set.of(MAP_SHARED), fd, 4096);
            s.setString(0, "hello");
            Mman.msync(s, 8192, Set.of(MsyncFlag.MS_SYNC));
            Mman.munmap(s, 8192);
        } finally {
            Mman.close(fd);
        }
        byte[] all = Files.readAllBytes(f);
        assertEquals("hello", new String(all, 4096, 5));
        assertEquals(0, all[0]);
    }

    @Test
    void failuresNameTheCallItsArgumentsAndTheErrno() {
        MmapException e = assertThrows(MmapException.class,
                () -> Mman.mmap(MemorySegment.NULL, 0, Set.of(PROT_READ), Set.of(MAP_PRIVATE, MAP_ANONYMOUS), -1, 0));
        assertEquals("mmap", e.syscall());
        assertEquals("EINVAL", e.errnoName());
        assertEquals(22, e.errno());
        assertTrue(e.getMessage().startsWith("mmap(addr=0x0, len=0, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, off=0) failed: EINVAL ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("Invalid argument"), e.getMessage());
    }

    @Test
    void misalignedOffsetIsTheKernelsEinval() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[8192]);
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDONLY), 0);
        try {
            MmapException e = assertThrows(MmapException.class,
                    () -> Mman.mmap(MemorySegment.NULL, 100, Set.of(PROT_READ), Set.of(MAP_SHARED), fd, 100));
            assertEquals("EINVAL", e.errnoName());
            assertTrue(e.getMessage().contains("off=100"), e.getMessage());
        } finally {
            Mman.close(fd);
        }
    }

    @Test
    void openOfAMissingFileIsEnoent() {
        MmapException e = assertThrows(MmapException.class,
                () -> Mman.open(dir.resolve("missing"), Set.of(OpenFlag.O_RDONLY), 0));
        assertEquals("ENOENT", e.errnoName());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().contains("O_RDONLY"), e.getMessage());
    }

    @Test
    void closeOfABadDescriptorIsEbadf() {
        MmapException e = assertThrows(MmapException.class, () -> Mman.close(-5));
        assertEquals("EBADF", e.errnoName());
        assertEquals("close(fd=-5) failed: EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void mapFixedOutsideAReservationIsRefusedBeforeAnySyscall() throws Exception {
        MemorySegment s = Mman.mmap(MemorySegment.NULL, 4096, RW, ANON, -1, 0);
        try {
            s.set(ValueLayout.JAVA_INT, 0, 1234);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Mman.mmap(s, 4096, RW, EnumSet.of(MAP_PRIVATE, MAP_ANONYMOUS, MAP_FIXED), -1, 0));
            assertTrue(e.getMessage().contains("MAP_FIXED_NOREPLACE"), e.getMessage());
            assertEquals(1234, s.get(ValueLayout.JAVA_INT, 0), "the existing mapping was not replaced");
        } finally {
            Mman.munmap(s, 4096);
        }
    }

    @Test
    void mapFixedNoreplaceOverAnExistingMappingIsEexist() throws Exception {
        MemorySegment s = Mman.mmap(MemorySegment.NULL, 4096, RW, ANON, -1, 0);
        try {
            MmapException e = assertThrows(MmapException.class,
                    () -> Mman.mmap(s, 4096, RW, EnumSet.of(MAP_PRIVATE, MAP_ANONYMOUS, MAP_FIXED_NOREPLACE), -1, 0));
            assertEquals("EEXIST", e.errnoName());
        } finally {
            Mman.munmap(s, 4096);
        }
    }

    @Test
    void mapFixedInsideAReservationPlacesTheMappingThere() throws Exception {
        Path f = Files.write(dir.resolve("f"), "ring".getBytes());
        long page = Mman.pageSize();
        try (Reservation r = Reservation.reserve(2 * page)) {
            int fd = Mman.open(f, Set.of(OpenFlag.O_RDWR), 0);
            try {
                Set<MapFlag> fixed = EnumSet.of(MAP_SHARED, MAP_FIXED);
                MemorySegment a = Mman.mmap(r.at(0), page, RW, fixed, fd, 0);
                MemorySegment b = Mman.mmap(r.at(page), page, RW, fixed, fd, 0);
                assertEquals(r.address(), a.address());
                assertEquals(r.address() + page, b.address());
                a.set(ValueLayout.JAVA_BYTE, 0, (byte) 'R');
                assertEquals('R', b.get(ValueLayout.JAVA_BYTE, 0), "both halves show the same file page");
            } finally {
                Mman.close(fd);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> Mman.mmap(r.at(page), 2 * page, RW, EnumSet.of(MAP_PRIVATE, MAP_ANONYMOUS, MAP_FIXED), -1, 0),
                    "a range that runs past the reservation is refused");
        }
        assertEquals('R', Files.readString(f).charAt(0));
    }

    @Test
    void aClosedReservationNoLongerAllowsMapFixed() throws Exception {
        Reservation r = Reservation.reserve(4096);
        MemorySegment at = r.at(0);
        r.close();
        r.close();
        assertTrue(r.isClosed());
        assertThrows(IllegalArgumentException.class,
                () -> Mman.mmap(at, 4096, RW, EnumSet.of(MAP_PRIVATE, MAP_ANONYMOUS, MAP_FIXED), -1, 0));
    }

    @Test
    void flagsTheOsLacksThrowNamingFlagAndOs() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Mman.mmap(MemorySegment.NULL, 4096, RW, EnumSet.of(MAP_PRIVATE, MAP_ANONYMOUS, MapFlag.MAP_JIT), -1, 0));
        assertTrue(e.getMessage().contains("MAP_JIT"), e.getMessage());
        assertTrue(e.getMessage().contains("Linux"), e.getMessage());
    }

    @Test
    void mprotectMincoreMadviseMlockWorkOnALiveRange() throws Exception {
        long page = Mman.pageSize();
        MemorySegment s = Mman.mmap(MemorySegment.NULL, 4 * page, RW, ANON, -1, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vec = arena.allocate(4);
            Mman.mincore(s, 4 * page, vec);
            assertArrayEquals(new byte[4], vec.toArray(ValueLayout.JAVA_BYTE), "untouched anonymous pages are not resident");
            s.set(ValueLayout.JAVA_BYTE, 2 * page, (byte) 1);
            Mman.mincore(s, 4 * page, vec);
            assertEquals(1, vec.get(ValueLayout.JAVA_BYTE, 2) & 1);
            Mman.madvise(s, 4 * page, Advice.MADV_DONTNEED);
            assertEquals(0, s.get(ValueLayout.JAVA_BYTE, 2 * page), "private anonymous pages read as zero after MADV_DONTNEED");
            Mman.mlock(s, page);
            Mman.munlock(s, page);
            Mman.mprotect(s, 4 * page, Set.of(PROT_READ));
            Mman.mprotect(s, 4 * page, RW);
            MmapException e = assertThrows(MmapException.class, () -> Mman.madvise(s.asSlice(1), page, Advice.MADV_NORMAL));
            assertEquals("EINVAL", e.errnoName());
            assertTrue(e.getMessage().contains("MADV_NORMAL"), e.getMessage());
        } finally {
            Mman.munmap(s, 4 * page);
        }
    }

    @Test
    void mincoreRefusesAVectorTooSmallOrOnTheHeap() throws Exception {
        long page = Mman.pageSize();
        MemorySegment s = Mman.mmap(MemorySegment.NULL, 4 * page, RW, ANON, -1, 0);
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> Mman.mincore(s, 4 * page, arena.allocate(3)));
            assertThrows(IllegalArgumentException.class, () -> Mman.mincore(s, 4 * page, MemorySegment.ofArray(new byte[4])));
        } finally {
            Mman.munmap(s, 4 * page);
        }
    }

    @Test
    void mremapGrowsAMappingAndKeepsItsContent() throws Exception {
        long page = Mman.pageSize();
        MemorySegment s = Mman.mmap(MemorySegment.NULL, page, RW, ANON, -1, 0);
        s.set(ValueLayout.JAVA_LONG, 0, 0x1122334455667788L);
        MemorySegment grown = Mman.mremap(s, page, 64 * page, Set.of(MremapFlag.MREMAP_MAYMOVE));
        try {
            assertEquals(64 * page, grown.byteSize());
            assertEquals(0x1122334455667788L, grown.get(ValueLayout.JAVA_LONG, 0));
            grown.set(ValueLayout.JAVA_BYTE, 64 * page - 1, (byte) 9);
        } finally {
            Mman.munmap(grown, 64 * page);
        }
        assertThrows(IllegalArgumentException.class,
                () -> Mman.mremap(MemorySegment.NULL, page, page, Set.of(MremapFlag.MREMAP_MAYMOVE, MremapFlag.MREMAP_FIXED),
                        MemorySegment.ofAddress(page * 16)));
    }

    @Test
    void munmapOfAMisalignedAddressIsEinval() {
        MmapException e = assertThrows(MmapException.class, () -> Mman.munmap(MemorySegment.ofAddress(1), 4096));
        assertEquals("EINVAL", e.errnoName());
        assertEquals("munmap", e.syscall());
    }

    @Test
    void twoMappingsOfTheSameFileGetDifferentAddresses() throws IOException {
        Path f = Files.write(dir.resolve("f"), new byte[4096]);
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDONLY), 0);
        try {
            MemorySegment a = Mman.mmap(MemorySegment.NULL, 4096, Set.of(PROT_READ), Set.of(MAP_SHARED), fd, 0);
            MemorySegment b = Mman.mmap(MemorySegment.NULL, 4096, Set.of(PROT_READ), Set.of(MAP_SHARED), fd, 0);
            assertNotEquals(a.address(), b.address());
            Mman.munmap(a, 4096);
            Mman.munmap(b, 4096);
        } finally {
            Mman.close(fd);
        }
    }
}
