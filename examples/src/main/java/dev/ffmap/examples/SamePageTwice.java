package dev.ffmap.examples;

import dev.ffmap.MapFlag;
import dev.ffmap.Mman;
import dev.ffmap.OpenFlag;
import dev.ffmap.Prot;
import dev.ffmap.Reservation;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Set;

/** MAP_FIXED inside a Reservation: one file page mapped twice, side by side. Argument: a file to create. */
public final class SamePageTwice {
    public static void main(String[] args) throws Exception {
        long page = Mman.pageSize();
        int fd = Mman.open(Path.of(args[0]), Set.of(OpenFlag.O_RDWR, OpenFlag.O_CREAT, OpenFlag.O_CLOEXEC), 0644);
        try (Reservation r = Reservation.reserve(2 * page)) {          // PROT_NONE, MAP_NORESERVE
            Mman.ftruncate(fd, page);
            Set<Prot> rw = Set.of(Prot.PROT_READ, Prot.PROT_WRITE);
            MemorySegment a = Mman.mmap(r.at(0), page, rw, Set.of(MapFlag.MAP_SHARED, MapFlag.MAP_FIXED), fd, 0);
            MemorySegment b = Mman.mmap(r.at(page), page, rw, Set.of(MapFlag.MAP_SHARED, MapFlag.MAP_FIXED), fd, 0);
            a.set(ValueLayout.JAVA_BYTE, 0, (byte) 'R');                 // b sees it: the same file page twice
            System.out.println("b[0] is " + (char) b.get(ValueLayout.JAVA_BYTE, 0));
        } finally {                                                      // r.close() unmapped the whole range
            Mman.close(fd);
        }
    }
}
