package dev.ffmap.internal;

import dev.ffmap.MmapException;
import dev.ffmap.bindings.windows.Kernel32;
import dev.ffmap.bindings.windows._MEMORY_BASIC_INFORMATION;
import dev.ffmap.bindings.windows._SYSTEM_INFO;
import dev.ffmap.bindings.windows._WIN32_MEMORY_RANGE_ENTRY;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout.PathElement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows translation of mmap-style flags into kernel32 arguments, built from the generated
 * Windows constants and checked against Microsoft's documented values. Runs everywhere: nothing
 * here calls into kernel32.
 */
class WindowsFlagsTest {
    private static final int READ = Kernel32.PROT_READ();
    private static final int WRITE = Kernel32.PROT_WRITE();
    private static final int EXEC = Kernel32.PROT_EXEC();
    private static final int SHARED = Kernel32.MAP_SHARED();
    private static final int PRIVATE = Kernel32.MAP_PRIVATE();
    private static final int ANONYMOUS = Kernel32.MAP_ANONYMOUS();

    @Test
    void sharedReadOnlyIsAReadOnlySectionAndReadView() {
        assertEquals(new WindowsFlags.View(0x02, 0x4, 0, false), WindowsFlags.view(READ, SHARED));
    }

    @Test
    void sharedReadWriteIsAReadWriteSectionAndWriteView() {
        assertEquals(new WindowsFlags.View(0x04, 0x2, 0, false), WindowsFlags.view(READ | WRITE, SHARED));
    }

    @Test
    void privateWritableIsFileMapCopy() {
        assertEquals(new WindowsFlags.View(0x08, 0x1, 0, true), WindowsFlags.view(READ | WRITE, PRIVATE));
        assertEquals(new WindowsFlags.View(0x02, 0x4, 0, true), WindowsFlags.view(READ, PRIVATE));
    }

    @Test
    void anonymousPrivateNeedsNoCopyOnWrite() {
        assertEquals(new WindowsFlags.View(0x04, 0x2, 0, false), WindowsFlags.view(READ | WRITE, PRIVATE | ANONYMOUS));
    }

    @Test
    void protNoneMapsReadableThenProtectsNoAccess() {
        assertEquals(new WindowsFlags.View(0x02, 0x4, 0x01, false), WindowsFlags.view(Kernel32.PROT_NONE(), SHARED));
    }

    @Test
    void executableViewsAddFileMapExecute() {
        assertEquals(new WindowsFlags.View(0x20, 0x4 | 0x20, 0, false), WindowsFlags.view(READ | EXEC, SHARED));
        assertEquals(new WindowsFlags.View(0x40, 0x2 | 0x20, 0, false), WindowsFlags.view(READ | WRITE | EXEC, SHARED));
        assertEquals(new WindowsFlags.View(0x80, 0x1 | 0x20, 0, true), WindowsFlags.view(READ | WRITE | EXEC, PRIVATE));
    }

    @Test
    void exactlyOneOfSharedAndPrivateIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> WindowsFlags.view(READ, SHARED | PRIVATE));
        assertThrows(IllegalArgumentException.class, () -> WindowsFlags.view(READ, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowsFlags.view(READ, SHARED | 0x4000));
        assertEquals("mmap flags unknown to the Windows backend: 0x4000", e.getMessage());
    }

    @Test
    void mprotectValuesFollowCopyOnWrite() {
        assertEquals(0x01, WindowsFlags.pageProtect(Kernel32.PROT_NONE(), false));
        assertEquals(0x02, WindowsFlags.pageProtect(READ, false));
        assertEquals(0x04, WindowsFlags.pageProtect(READ | WRITE, false));
        assertEquals(0x08, WindowsFlags.pageProtect(READ | WRITE, true));
        assertEquals(0x04, WindowsFlags.pageProtect(WRITE, false));
        assertEquals(0x10, WindowsFlags.pageProtect(EXEC, false));
    }

    @Test
    void openFlagsBecomeAccessAndDisposition() {
        int genericRead = 0x80000000;
        int genericWrite = 0x40000000;
        assertEquals(new WindowsFlags.Open(genericRead, 3), WindowsFlags.open(Kernel32.O_RDONLY()));
        assertEquals(new WindowsFlags.Open(genericWrite, 3), WindowsFlags.open(Kernel32.O_WRONLY()));
        assertEquals(new WindowsFlags.Open(genericRead | genericWrite, 4), WindowsFlags.open(Kernel32.O_RDWR() | Kernel32.O_CREAT()));
        assertEquals(new WindowsFlags.Open(genericRead | genericWrite, 1),
                WindowsFlags.open(Kernel32.O_RDWR() | Kernel32.O_CREAT() | Kernel32.O_EXCL()));
        assertEquals(new WindowsFlags.Open(genericRead | genericWrite, 2),
                WindowsFlags.open(Kernel32.O_RDWR() | Kernel32.O_CREAT() | Kernel32.O_TRUNC()));
        assertEquals(new WindowsFlags.Open(genericRead | genericWrite, 5), WindowsFlags.open(Kernel32.O_RDWR() | Kernel32.O_TRUNC()));
        assertEquals(new WindowsFlags.Open(genericRead, 3), WindowsFlags.open(Kernel32.O_RDONLY() | Kernel32.O_CLOEXEC()));
    }

    @Test
    void filesAreOpenedSharedForReadWriteAndDelete() {
        assertEquals(0x1 | 0x2 | 0x4, WindowsFlags.shareAll());
    }

    @Test
    void offsetsSplitIntoDwordPairs() {
        assertEquals(0x1, WindowsFlags.high(0x1_2345_6789L));
        assertEquals(0x2345_6789, WindowsFlags.low(0x1_2345_6789L));
        assertEquals(-1, WindowsFlags.low(0xFFFF_FFFFL));
        assertEquals(0, WindowsFlags.high(0xFFFF_FFFFL));
    }

    @Test
    void lastErrorCodesHaveTheirWinerrorNames() {
        assertEquals("ERROR_ACCESS_DENIED", WindowsFlags.errorName(5));
        assertEquals("ERROR_FILE_NOT_FOUND", WindowsFlags.errorName(2));
        assertEquals("ERROR_MAPPED_ALIGNMENT", WindowsFlags.errorName(1132));
        assertEquals("ERROR_USER_MAPPED_FILE", WindowsFlags.errorName(1224));
        assertEquals("ERROR_INVALID_PARAMETER", WindowsFlags.errorName(87));
        assertEquals("error 99999", WindowsFlags.errorName(99999));
    }

    @Test
    void sectionNamesDropTheLeadingSlashAndKeepTheirNamespace() {
        assertEquals("jobs", WindowsFlags.sectionName("/jobs"));
        assertEquals("Local\\jobs", WindowsFlags.sectionName("/Local\\jobs"));
        assertEquals("Global\\jobs", WindowsFlags.sectionName("/Global\\jobs"));
        assertEquals("a.b-c d", WindowsFlags.sectionName("/a.b-c d"));
    }

    @Test
    void sectionNamesRefuseAnyOtherBackslash() {
        for (String bad : new String[] {"/a\\b", "/Local\\", "/Global\\", "/Local\\a\\b", "/Session\\1\\x",
                "/local\\x", "/\\x", "/"}) {
            assertThrows(IllegalArgumentException.class, () -> WindowsFlags.sectionName(bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowsFlags.sectionName("/a\\b"));
        assertEquals("A Windows section name is a non-empty name with no backslash, after an optional Local\\ or Global\\"
                + " prefix: a\\b", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WindowsFlags.sectionName("jobs"));
    }

    @Test
    void namedSectionsAreReadWritePagingFileSectionsOpenedForReadAndWrite() {
        assertEquals(0x04, WindowsFlags.namedSectionProtect());
        assertEquals(0x2 | 0x4, WindowsFlags.namedSectionAccess());
    }

    @Test
    void onlyAlreadyExistsMeansAnExistingSectionWasOpened() {
        assertTrue(WindowsFlags.openedExisting(183));
        assertFalse(WindowsFlags.openedExisting(0));
        assertFalse(WindowsFlags.openedExisting(80)); // ERROR_FILE_EXISTS is CreateFileW's, not CreateFileMappingW's
    }

    @Test
    void sectionErrorsNameTheCallTheNameAndTheLastError() {
        MmapException taken = WindowsFlags.failure("CreateFileMappingW", WindowsFlags.createSectionArgs("Local\\jobs", 4096), 183);
        assertEquals("CreateFileMappingW(INVALID_HANDLE_VALUE, PAGE_READWRITE, size=4096, \"Local\\jobs\") failed:"
                + " ERROR_ALREADY_EXISTS (GetLastError 183)", taken.getMessage());
        assertEquals("ERROR_ALREADY_EXISTS", taken.errnoName());
        assertEquals(183, taken.errno());
        MmapException missing = WindowsFlags.failure("OpenFileMappingW", WindowsFlags.openSectionArgs("jobs"), 2);
        assertEquals("OpenFileMappingW(FILE_MAP_READ|FILE_MAP_WRITE, FALSE, \"jobs\") failed: ERROR_FILE_NOT_FOUND"
                + " (GetLastError 2)", missing.getMessage());
        assertEquals("ERROR_INVALID_HANDLE", WindowsFlags.errorName(6));
        assertEquals("ERROR_COMMITMENT_LIMIT", WindowsFlags.errorName(1455));
    }

    @Test
    void sectionSizesAbove4GiBSplitIntoTheMaximumSizeDwords() {
        long size = 5L << 30;
        assertEquals(1, WindowsFlags.high(size));
        assertEquals(1 << 30, WindowsFlags.low(size));
    }

    @Test
    void flagsWithoutAWindowsMeaningAreAbsentAndExplained() {
        Constants table = WindowsFlags.table();
        for (String absent : new String[] {"MAP_POPULATE", "MAP_FIXED", "MS_INVALIDATE", "MADV_DONTNEED", "MADV_SEQUENTIAL",
                "MREMAP_MAYMOVE", "O_APPEND", "MAP_NOCACHE"}) {
            assertTrue(table.get(absent).isEmpty(), absent);
        }
        assertTrue(table.get("MADV_WILLNEED").isPresent());
        assertTrue(table.missing("MAP_POPULATE", "Windows 11 (amd64)").contains("MADV_WILLNEED"));
        assertEquals("MS_INVALIDATE is not available on Windows 11 (amd64) (views of one file are always coherent on Windows)",
                table.missing("MS_INVALIDATE", "Windows 11 (amd64)"));
        assertEquals("MADV_RANDOM is not available on Windows 11 (amd64)", table.missing("MADV_RANDOM", "Windows 11 (amd64)"));
    }

    @Test
    void documentedConstantsHaveMicrosoftsValues() {
        assertEquals(0xF001F, Kernel32.FILE_MAP_ALL_ACCESS());
        assertEquals(0x08000000, Kernel32.SEC_COMMIT());
        assertEquals(0x80000000, Kernel32.SEC_LARGE_PAGES());
        assertEquals(-1L, Kernel32.INVALID_HANDLE_VALUE().address());
        assertEquals(0x80, Kernel32.FILE_ATTRIBUTE_NORMAL());
        assertEquals(3, Kernel32.OPEN_EXISTING());
    }

    @Test
    void structsHaveTheX64Layout() {
        assertEquals(48, _SYSTEM_INFO.layout().byteSize());
        assertEquals(4, _SYSTEM_INFO.layout().byteOffset(PathElement.groupElement("dwPageSize")));
        assertEquals(24, _SYSTEM_INFO.layout().byteOffset(PathElement.groupElement("dwActiveProcessorMask")));
        assertEquals(40, _SYSTEM_INFO.layout().byteOffset(PathElement.groupElement("dwAllocationGranularity")));
        assertEquals(16, _WIN32_MEMORY_RANGE_ENTRY.layout().byteSize());
        assertEquals(48, _MEMORY_BASIC_INFORMATION.layout().byteSize());
        assertEquals(20, _MEMORY_BASIC_INFORMATION.layout().byteOffset(PathElement.groupElement("PartitionId")));
        assertEquals(24, _MEMORY_BASIC_INFORMATION.layout().byteOffset(PathElement.groupElement("RegionSize")));
        assertEquals(40, _MEMORY_BASIC_INFORMATION.layout().byteOffset(PathElement.groupElement("Type")));
    }
}
