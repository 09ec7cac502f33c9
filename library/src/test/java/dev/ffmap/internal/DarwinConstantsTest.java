package dev.ffmap.internal;

import dev.ffmap.bindings.darwin.Libc;
import dev.ffmap.bindings.darwin.stat;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout.PathElement;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The macOS flag table and error names, built from the generated Darwin constants and checked
 * against the values of the macOS SDK headers. Runs everywhere: nothing here calls into libSystem.
 */
class DarwinConstantsTest {
    private final Constants table = DarwinConstants.table();

    private int value(String name) {
        OptionalInt v = table.get(name);
        assertTrue(v.isPresent(), name + " missing from the macOS table");
        return v.getAsInt();
    }

    @Test
    void mapFlagsHaveDarwinValues() {
        assertEquals(0x1, value("MAP_SHARED"));
        assertEquals(0x2, value("MAP_PRIVATE"));
        assertEquals(0x10, value("MAP_FIXED"));
        assertEquals(0x1000, value("MAP_ANONYMOUS"));
        assertEquals(0x400, value("MAP_NOCACHE"));
        assertEquals(0x800, value("MAP_JIT"));
        assertEquals(0x100, value("MAP_NOEXTEND"));
        assertEquals(0x200, value("MAP_HASSEMAPHORE"));
    }

    @Test
    void msyncFlagsHaveDarwinValues() {
        assertEquals(0x1, value("MS_ASYNC"));
        assertEquals(0x2, value("MS_INVALIDATE"));
        assertEquals(0x10, value("MS_SYNC"));
        assertEquals(0x4, value("MS_KILLPAGES"));
        assertEquals(0x8, value("MS_DEACTIVATE"));
        assertEquals("MS_ASYNC|MS_INVALIDATE", table.describe("MS", 0x3));
    }

    @Test
    void adviceAndOpenFlagsHaveDarwinValues() {
        assertEquals(3, value("MADV_WILLNEED"));
        assertEquals(5, value("MADV_FREE"));
        assertEquals(7, value("MADV_FREE_REUSABLE"));
        assertEquals(8, value("MADV_FREE_REUSE"));
        assertEquals("MADV_FREE_REUSABLE", table.describe("MADV", 7));
        assertEquals(0x200, value("O_CREAT"));
        assertEquals(0x400, value("O_TRUNC"));
        assertEquals(0x800, value("O_EXCL"));
        assertEquals(0x1000000, value("O_CLOEXEC"));
        assertEquals(29, Libc._SC_PAGESIZE());
        assertEquals(67, Libc.F_DUPFD_CLOEXEC());
        // <sys/stat.h>: the file types DarwinOs tells apart, so FIFOs and devices are named, not OTHER
        PosixOs.FileTypes types = new PosixOs.FileTypes(Libc.S_IFMT(), Libc.S_IFREG(), Libc.S_IFDIR(), Libc.S_IFIFO(),
                Libc.S_IFSOCK(), Libc.S_IFCHR(), Libc.S_IFBLK());
        assertEquals(Os.FileType.FIFO, types.of(0010644));
        assertEquals(Os.FileType.CHARACTER_DEVICE, types.of(0020666));
        assertEquals(Os.FileType.BLOCK_DEVICE, types.of(0060660));
        assertEquals(Os.FileType.SOCKET, types.of(0140755));
        assertEquals(Os.FileType.REGULAR, types.of((short) 0100644), "st_mode is an unsigned short on Darwin");
        assertEquals(Os.FileType.OTHER, types.of(0120777), "a symbolic link");
    }

    @Test
    void linuxOnlyFlagsAreAbsentAndSayWhatToUseInstead() {
        for (String linuxOnly : new String[] {"MAP_POPULATE", "MAP_SHARED_VALIDATE", "MAP_FIXED_NOREPLACE", "MAP_HUGETLB",
                "MADV_HUGEPAGE", "MREMAP_MAYMOVE", "F_SEAL_WRITE", "O_DIRECT", "O_TMPFILE"}) {
            assertTrue(table.get(linuxOnly).isEmpty(), linuxOnly);
        }
        assertEquals("MAP_POPULATE is not available on Mac OS X (aarch64) "
                        + "(macOS has no MAP_POPULATE; advise the mapping with MADV_WILLNEED instead)",
                table.missing("MAP_POPULATE", "Mac OS X (aarch64)"));
        assertEquals("MAP_HUGETLB is not available on Mac OS X (aarch64)", table.missing("MAP_HUGETLB", "Mac OS X (aarch64)"));
    }

    @Test
    void errnoNamesAreDarwins() {
        assertEquals("EAGAIN", Errno.name(Libc.class, 35));
        assertEquals("ENOTSUP", Errno.name(Libc.class, 45));
        assertEquals("EOPNOTSUPP", Errno.name(Libc.class, 102));
        assertEquals("EINVAL", Errno.name(Libc.class, 22));
        assertEquals("errno 4242", Errno.name(Libc.class, 4242));
    }

    @Test
    void statHasTheSixtyFourBitInodeLayout() {
        assertEquals(144, stat.layout().byteSize());
        assertEquals(4, stat.layout().byteOffset(PathElement.groupElement("st_mode")));
        assertEquals(96, stat.layout().byteOffset(PathElement.groupElement("st_size")));
        assertEquals("fstat$INODE64", DarwinConstants.fstatSymbol("x86_64"));
        assertEquals("fstat", DarwinConstants.fstatSymbol("aarch64"));
    }
}
