package dev.ffmap.examples;

import dev.ffmap.MapFlag;
import dev.ffmap.Mman;
import dev.ffmap.MsyncFlag;
import dev.ffmap.OpenFlag;
import dev.ffmap.Prot;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Set;

/** The C mirror: open, ftruncate, mmap, msync, munmap and close, as in C. Argument: a file to create. */
public final class CMirror {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int fd = Mman.open(path, Set.of(OpenFlag.O_RDWR, OpenFlag.O_CREAT, OpenFlag.O_CLOEXEC), 0644);
        try {
            Mman.ftruncate(fd, 8192);
            MemorySegment s = Mman.mmap(MemorySegment.NULL, 8192, Set.of(Prot.PROT_READ, Prot.PROT_WRITE),
                                        Set.of(MapFlag.MAP_SHARED), fd, 0);
            s.setString(0, "hello");
            Mman.msync(s, 8192, Set.of(MsyncFlag.MS_SYNC));
            Mman.munmap(s, 8192);
        } finally {
            Mman.close(fd);
        }
        System.out.println("wrote hello into " + path);
    }
}
