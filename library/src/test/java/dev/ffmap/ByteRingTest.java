package dev.ffmap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The single-producer, single-consumer byte ring: in one process, and between two JVMs. */
@EnabledOnOs(OS.LINUX)
class ByteRingTest {
    private static final long MIB = 1 << 20;
    private static final String NAME = "/" + SharedMemoryTest.PREFIX + "ring";

    @AfterEach
    void nameIsGone() throws IOException {
        assertFalse(Files.exists(Path.of("/dev/shm", NAME.substring(1))), "ring object left in /dev/shm");
    }

    @Test
    void aGibibyteOfRandomSizedRecordsCrossesFromAProducerJvmWithTheSameChecksum() throws Exception {
        long total = 1L << 30;
        long sum = 0;
        long read = 0;
        long straddling = 0;
        try (SharedMemory shm = SharedMemory.create(NAME, ByteRing.bytesNeeded(MIB)).unlinkOnClose();
             ByteRing ring = ByteRing.create(shm, MIB)) {
            Process producer = ChildJvm.start(SharedPeer.class, "ring-produce", NAME, Long.toString(total), "42");
            long tail = 0;
            int idle = 0;
            while (true) {
                MemorySegment in = ring.readable();
                int len = in.byteSize() >= 4 ? in.get(ValueLayout.JAVA_INT_UNALIGNED, 0) : 0;
                if (in.byteSize() < 4 || in.byteSize() < 4L + Math.max(len, 0)) {
                    if (++idle % 10_000 == 0 && !producer.isAlive() && ring.readable().byteSize() == in.byteSize()) {
                        fail("producer exited early: " + ChildJvm.finish(producer, 1));
                    }
                    SharedPeer.backOff(idle);
                    continue;
                }
                idle = 0;
                if (len < 0) {
                    ring.release(4);
                    break;
                }
                if (tail % MIB + 4 + len > MIB) {
                    straddling++;
                }
                sum = SharedPeer.checksum(sum, in.asSlice(4, len)); // one segment, wrap or not
                read += len;
                ring.release(4 + len);
                tail += 4 + len;
            }
            String[] produced = ChildJvm.finish(producer, 120).split(" ");
            assertEquals(Long.parseLong(produced[1]), read, "payload bytes");
            assertTrue(read >= total);
            assertEquals(Long.parseLong(produced[0]), sum, "checksum");
            assertTrue(straddling > 100, "records straddling the end of the ring: " + straddling);
            assertEquals(0, ring.readable().byteSize());
        }
    }

    @Test
    void claimCommitReadableReleaseInOneProcess() throws Exception {
        long page = Mman.pageSize();
        MemorySegment in;
        try (SharedMemory shm = SharedMemory.anonymous("ring", ByteRing.bytesNeeded(page));
             ByteRing ring = ByteRing.create(shm, page)) {
            assertEquals(page, ring.capacity());
            assertEquals(0, ring.readable().byteSize());
            byte[] first = new byte[(int) page - 10];
            java.util.Arrays.fill(first, (byte) 1);
            assertTrue(ring.offer(MemorySegment.ofArray(first)));
            assertNull(ring.claim(11), "only 10 bytes are free");
            assertFalse(ring.offer(MemorySegment.ofArray(new byte[11])));
            assertThrows(IllegalArgumentException.class, () -> ring.claim(page + 1));
            ring.release(page - 20);
            byte[] second = new byte[30]; // wraps: 20 bytes at the end, 10 at the start
            for (int i = 0; i < second.length; i++) {
                second[i] = (byte) (i + 100);
            }
            MemorySegment out = ring.claim(30);
            MemorySegment.copy(MemorySegment.ofArray(second), 0, out, 0, 30);
            assertEquals(10, ring.readable().byteSize(), "uncommitted bytes are not readable");
            assertThrows(IllegalArgumentException.class, () -> ring.commit(31));
            ring.commit(30);
            in = ring.readable();
            assertEquals(40, in.byteSize());
            assertArrayEquals(second, in.asSlice(10, 30).toArray(ValueLayout.JAVA_BYTE));
            assertThrows(IllegalArgumentException.class, () -> ring.release(41));
            ring.release(40);
            assertEquals(0, ring.readable().byteSize());
            try (ByteRing again = ByteRing.attach(shm)) {
                assertEquals(page, again.capacity());
            }
        }
        MemorySegment dead = in;
        assertThrows(IllegalStateException.class, () -> dead.get(ValueLayout.JAVA_BYTE, 0), "segments die with the ring");
    }

    @Test
    void attachRefusesMemoryWithoutARingAndCreateRefusesBadSizes() throws Exception {
        long page = Mman.pageSize();
        try (SharedMemory shm = SharedMemory.anonymous("noring", 2 * page)) {
            assertThrows(IllegalArgumentException.class, () -> ByteRing.attach(shm));
            assertThrows(IllegalArgumentException.class, () -> ByteRing.create(shm, 100));
            assertThrows(IllegalArgumentException.class, () -> ByteRing.create(shm, 2 * page));
        }
    }
}
