package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Atomics on shared memory: alignment checked up front, and atomic across two JVMs where plain adds are not. */
@EnabledOnOs(OS.LINUX)
class SharedLongTest {
    private static final int TIMES = 1_000_000;
    private static final int PLAIN_ROUNDS = 3;

    @Test
    void twoJvmsAddingAMillionEachWithGetAndAddReachExactlyTwoMillionAndPlainAddsLoseUpdates() throws Exception {
        String name = "/" + SharedMemoryTest.PREFIX + "count";
        try (SharedMemory shm = SharedMemory.create(name, 4096).unlinkOnClose(); Mapping m = shm.map()) {
            Process a = ChildJvm.start(SharedPeer.class, "count", name, Integer.toString(TIMES), Integer.toString(PLAIN_ROUNDS));
            Process b = ChildJvm.start(SharedPeer.class, "count", name, Integer.toString(TIMES), Integer.toString(PLAIN_ROUNDS));
            assertEquals("ok", ChildJvm.finish(a, 120));
            assertEquals("ok", ChildJvm.finish(b, 120));
            MemorySegment s = m.segment();
            assertEquals(2L * TIMES, SharedLong.at(s, 64).get(), "getAndAdd loses nothing");
            List<Long> plain = new ArrayList<>();
            for (int r = 0; r < PLAIN_ROUNDS; r++) {
                plain.add(SharedLong.at(s, SharedPeer.plainCounter(r)).get());
            }
            // Each round starts both peers together; one that ran entirely while the other was
            // descheduled could lose nothing, so at least one of the rounds must show the loss.
            // A lost update can undo many of the other peer's adds (read, be descheduled, write
            // back a stale value), so a round may end below TIMES; never above the true total.
            assertTrue(plain.stream().allMatch(v -> v >= 2 && v <= 2L * TIMES), plain.toString());
            assertTrue(plain.stream().anyMatch(v -> v < 2L * TIMES), "plain read+write lost no update: " + plain);
        }
    }

    @Test
    void misalignedOrForeignMemoryIsRefusedUpFront() throws Exception {
        try (Mapping m = Mapping.anonymous(4096, MapOptions.readWrite().withFlags(MapFlag.MAP_SHARED));
             Arena arena = Arena.ofConfined()) {
            MemorySegment s = m.segment();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedLong.at(s, 4));
            assertTrue(e.getMessage().startsWith("Misaligned atomic long at offset 4 (address 0x"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SharedLong.at(s.asSlice(1), 8));
            assertThrows(IndexOutOfBoundsException.class, () -> SharedLong.at(s, 4096 - 4));
            assertThrows(IllegalArgumentException.class, () -> SharedLong.at(MemorySegment.ofArray(new long[2]), 0));
            SharedLong.at(s.asSlice(1), 7); // aligned address, whatever the slice
            // raw VarHandles refuse a misaligned address too, but only at the first access
            VarHandle i32 = ValueLayout.JAVA_INT.varHandle();
            assertThrows(IllegalArgumentException.class, () -> i32.getAndAdd(s, 2L, 1));
            assertEquals(0, (int) i32.getAndAdd(s, 4L, 1));
            assertThrows(IllegalArgumentException.class, () -> SharedLong.at(arena.allocate(16, 8).asSlice(3), 0));
        }
    }

    @Test
    void operationsHaveTheirAtomicMeaning() throws Exception {
        SharedLong v;
        try (Mapping m = Mapping.anonymous(4096, MapOptions.readWrite().withFlags(MapFlag.MAP_SHARED))) {
            v = SharedLong.at(m.segment(), 8);
            assertEquals(0, v.getAndAdd(5));
            assertTrue(v.compareAndSet(5, 7));
            assertFalse(v.compareAndSet(5, 9));
            assertEquals(7, v.getAndSet(1));
            v.setRelease(3);
            assertEquals(3, v.getAcquire());
            v.set(-1);
            assertEquals(-1, v.get());
            assertEquals(-1, m.segment().get(ValueLayout.JAVA_LONG, 8));
        }
        assertThrows(IllegalStateException.class, v::get, "dies with the mapping");
    }
}
