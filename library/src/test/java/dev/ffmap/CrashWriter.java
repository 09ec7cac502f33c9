package dev.ffmap;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Child JVM of {@link DurabilityTest}, killed with SIGKILL at a random moment: writes checksummed
 * records into a shared mapping, msyncs each and only then prints {@code ack <n>}; meanwhile it
 * scribbles over a private (copy-on-write) mapping of another file, which must never reach it.
 *
 * <p>Arguments: the record file, the private file, the number of records, and optionally
 * {@code exit} to end normally after the last record instead of waiting to be killed.
 */
final class CrashWriter {
    static final int RECORD = 64 * 1024;

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path privateFile = Path.of(args[1]);
        int records = Integer.parseInt(args[2]);
        try (Mapping shared = Mapping.map(file, MapOptions.readWrite().withLength((long) records * RECORD).withGrow(true));
             Mapping copy = Mapping.map(privateFile, MapOptions.copyOnWrite())) {
            System.out.println("ready");
            System.out.flush();
            MemorySegment scribble = copy.segment();
            for (int n = 0; n < records; n++) {
                MemorySegment.copy(MemorySegment.ofArray(record(n)), 0, shared.segment(), (long) n * RECORD, RECORD);
                scribble.asSlice((long) n * 4096 % scribble.byteSize(), 4096).fill((byte) (0xEE ^ n));
                shared.sync((long) n * RECORD, RECORD, MsyncFlag.MS_SYNC);
                copy.sync();
                System.out.println("ack " + n);
                System.out.flush();
            }
            if (args.length < 4) {
                Thread.sleep(60_000); // wait to be killed
            }
        }
    }

    /** Record {@code n}: its number, pseudo-random bytes seeded by it, and a CRC32 of all that in the last 8 bytes. */
    static byte[] record(int n) {
        byte[] r = new byte[RECORD];
        new SplittableRandom(n * 0x9E3779B97F4A7C15L).nextBytes(r);
        ByteBuffer.wrap(r).putInt(0, n).putInt(4, ~n);
        CRC32 crc = new CRC32();
        crc.update(r, 0, RECORD - 8);
        ByteBuffer.wrap(r).putLong(RECORD - 8, crc.getValue());
        return r;
    }

    /** Whether {@code bytes[at, at + RECORD)} holds record {@code n}, whole and intact. */
    static boolean intact(byte[] bytes, int at, int n) {
        if (bytes.length < at + RECORD) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, at, RECORD).slice();
        if (b.getInt(0) != n || b.getInt(4) != ~n) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, at, RECORD - 8);
        return b.getLong(RECORD - 8) == crc.getValue();
    }
}
