package dev.ffmap.internal;

import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.Prot;
import dev.ffmap.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live-mapping ranges behind the run-time half of the downcall allow-list: whole pages,
 * overlays inside a reservation, partial unmaps, and that every way the library maps and
 * unmaps keeps them (map, close, remap, {@code MAP_FIXED} in a {@link Reservation}, munmap).
 */
class MappedRangesTest {
    private static final long P = 4096;

    @Test
    void endsAreWholePagesAndSaturate() {
        assertEquals(P, MappedRanges.end(0, 1, P));
        assertEquals(2 * P, MappedRanges.end(P, P, P));
        assertEquals(Long.MAX_VALUE, MappedRanges.end(P, -1, P), "size_t -1");
        assertEquals(Long.MAX_VALUE, MappedRanges.end(1L << 46, Long.MAX_VALUE - 10, P));
    }

    @Test
    void overlapIsAnySharedByteAndNeverTheNeighbours() {
        MappedRanges r = new MappedRanges();
        r.add(10 * P, 12 * P);
        assertNotNull(r.overlapping(10 * P, 10 * P + 1));
        assertNotNull(r.overlapping(12 * P - 1, 12 * P));
        assertNotNull(r.overlapping(0, 100 * P), "a range around the mapping");
        assertNull(r.overlapping(9 * P, 10 * P), "the page before");
        assertNull(r.overlapping(12 * P, 13 * P), "the page after");
    }

    @Test
    void anOverlayInsideAReservationAndItsUnmapLeaveAHole() {
        MappedRanges r = new MappedRanges();
        r.add(0, 8 * P); // the reservation
        r.add(2 * P, 4 * P); // MAP_FIXED inside it: no change
        assertEquals(1, r.size());
        assertFalse(r.removeExactly(2 * P, 4 * P), "not recorded so");
        r.remove(2 * P, 4 * P); // munmap of the overlay
        assertEquals(2, r.size());
        assertNull(r.overlapping(2 * P, 4 * P));
        assertNotNull(r.overlapping(P, 2 * P));
        assertNotNull(r.overlapping(4 * P, 5 * P));
        r.remove(0, 8 * P); // the reservation's close
        assertEquals(0, r.size());
    }

    @Test
    void aRangeAcrossSeveralJoinsThemAndAFailedExactUnmapComesBack() {
        MappedRanges r = new MappedRanges();
        r.add(0, P);
        r.add(2 * P, 3 * P);
        r.add(P / 2, 5 * P / 2);
        assertEquals(Map.entry(0L, 3 * P), Map.entry(r.overlapping(0, 1).getKey(), r.overlapping(0, 1).getValue()));
        assertEquals(1, r.size());
        assertTrue(r.removeExactly(0, 3 * P));
        r.unmapped(0, 3 * P, true, false); // munmap failed: still mapped
        assertNotNull(r.overlapping(P, P + 1));
        r.unmapped(0, 3 * P, false, true);
        assertEquals(0, r.size());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aMappingIsLiveFromMapToCloseAndMovesWithRemap(@TempDir Path dir) throws IOException {
        Path f = Files.write(dir.resolve("f"), new byte[(int) (64 * P)]);
        Mapping m = Mapping.map(f, MapOptions.readWrite().withLength(5000));
        long first = m.address();
        assertNotNull(live(first));
        m.remap(64 * P);
        assertNotNull(live(m.address()));
        assertNotNull(live(m.address() + 63 * P), "the grown part");
        if (m.address() != first) {
            assertNull(live(first), "the old place after a move");
        }
        long last = m.address();
        m.close();
        assertNull(live(last));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void mapFixedInAReservationAndItsMunmapAreTracked() throws IOException {
        long page = Mman.pageSize();
        try (Reservation r = Reservation.reserve(8 * page)) {
            assertNotNull(live(r.address()));
            MemorySegment s = Mman.mmap(r.at(2 * page), page, Set.of(Prot.PROT_READ, Prot.PROT_WRITE),
                    Set.of(MapFlag.MAP_PRIVATE, MapFlag.MAP_ANONYMOUS, MapFlag.MAP_FIXED), -1, 0);
            assertNotNull(live(s.address()));
            Mman.munmap(s, page);
            assertNull(live(s.address()), "the hole the munmap left");
            assertNotNull(live(r.address()));
            assertNotNull(live(r.address() + 7 * page));
            r.close();
            assertNull(live(r.address()));
            assertNull(live(r.address() + 7 * page));
        }
    }

    private static Map.Entry<Long, Long> live(long address) {
        return MappedRanges.LIVE.overlapping(address, address + 1);
    }
}
