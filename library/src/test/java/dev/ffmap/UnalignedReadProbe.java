package dev.ffmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The child JVM of {@link UnalignedReadTest}: {@code main(dir, kib)} maps a file of {@code kib} KiB with
 * {@link MappedFile}. It reads a {@code long} at offsets 8 and 4 of its segment 300,000 times
 * from {@link #read}, which the parent keeps in the interpreter, so that C2 compiles the JDK's
 * {@code Unsafe.getLongUnaligned} by itself for those two cases only: an address that is a
 * multiple of 8, and one that is 4 mod 8, which it loads with the {@code movsxd} the JVM's fault
 * handler cannot decode. It prints {@code truncating}, truncates the file and runs each of
 * MappedFile's reading methods from every start offset 0 to 7. The parent's excludes make each
 * of their word reads call that compiled method: a read at 4 mod 8 of the lost pages would crash
 * the JVM, and one at 2 mod 8 or an odd address would leave the compiled code (an uncommon trap,
 * which the parent sees in the compilation log). Every call must end in
 * {@link MappingFaultException}; it prints one line per call and {@code done} at the end. Then
 * {@link ByteRing#offer} copies 40 bytes of the lost pages from each start: each must end in the
 * JVM's {@link InternalError}, with nothing published.
 */
public final class UnalignedReadProbe {
    /** The file's length: {@code main}'s second argument, in KiB. */
    private static int size;
    /** The start offsets, 4 first: code that read at 4 mod 8 would meet the compiled movsxd before anything else. */
    private static final long[] STARTS = {4, 0, 1, 2, 3, 5, 6, 7};

    private UnalignedReadProbe() {
    }

    /** The reading methods of MappedFile, each given a start offset; each reads most of the file. */
    private static List<Op> ops() {
        byte[] absentShort = "zq".getBytes();
        byte[] absentLong = "zqzqzqzqzqzqzqzqzqzqzq".getBytes(); // over 1,024-byte ranges: probed by pairs
        byte[] present = "ab".getBytes(); // found everywhere: the filter's candidates are compared
        Pattern regex = Pattern.compile("zq+z");
        List<Op> ops = new ArrayList<>();
        ops.add(new Op("find(byte)", (m, at) -> m.find(new byte[] {'z'}, at)));
        ops.add(new Op("find(2 bytes)", (m, at) -> m.find(absentShort, at)));
        ops.add(new Op("find(22 bytes)", (m, at) -> m.find(absentLong, at)));
        ops.add(new Op("find(present)", (m, at) -> m.find(present, at + 1)));
        ops.add(new Op("rfind(2 bytes)", (m, at) -> m.rfind(absentShort, at)));
        ops.add(new Op("rfind(22 bytes)", (m, at) -> m.rfind(absentLong, at)));
        ops.add(new Op("get", (m, at) -> {
            long sum = 0;
            for (long i = at; i < size; i += 61) {
                sum += m.get(i);
            }
            return sum;
        }));
        ops.add(new Op("readLine", (m, at) -> {
            m.seek(at);
            return m.readLine().length;
        }));
        ops.add(new Op("regex", (m, at) -> regex.matcher(m.asCharSequence(at, size - (int) at)).find() ? 1 : 0));
        return ops;
    }

    private record Op(String name, Body body) {
    }

    private interface Body {
        long run(MappedFile m, long at);
    }

    /** Kept in the interpreter by the parent's {@code -XX:CompileCommand=exclude}. */
    static long read(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
    }

    public static void main(String[] args) throws Exception {
        size = Integer.parseInt(args[1]) * 1024;
        System.out.println("search: " + dev.ffmap.internal.ByteSearch.implementation());
        Path file = Files.createTempFile(Path.of(args[0]), "unaligned", ".bin");
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) "ab".charAt(i & 1);
        }
        Files.write(file, content);
        List<Op> ops = ops();
        // One fault first, on another file and from offset 0, so that what reporting a fault needs
        // the first time (classes, locale data) is ready before the compiled code is watched.
        Path other = Files.createTempFile(Path.of(args[0]), "first-fault", ".bin");
        Files.write(other, content);
        try (MappedFile m = MappedFile.open(other, MappedFile.Access.READ)) {
            truncate(other);
            m.find(new byte[] {'z'}, 0);
            throw new AssertionError("no fault on a file truncated to 0");
        } catch (MappingFaultException expected) {
            System.out.println("first fault: " + expected.getMessage());
        } finally {
            Files.deleteIfExists(other);
        }
        long page = Mman.pageSize();
        try (MappedFile m = MappedFile.open(file, MappedFile.Access.READ);
             SharedMemory shm = SharedMemory.anonymous("probe-ring", ByteRing.bytesNeeded(page));
             ByteRing ring = ByteRing.create(shm, page)) {
            MemorySegment s = m.segment();
            long sum = m.get(0);
            ring.offer(s.asSlice(page, 40)); // made ready now, and emptied
            ring.release(ring.readable().byteSize());
            for (Op op : ops) { // from the end, where they read nothing: their classes are made now, not after the truncation
                sum += op.body.run(m, size);
            }
            for (int i = 0; i < 300_000; i++) {
                sum += read(s, 8) + read(s, 4);
            }
            Thread.sleep(1000); // the compiler's queue empties
            System.out.println("truncating");
            truncate(file);
            int faults = 0;
            for (Op op : ops) {
                for (long at : STARTS) {
                    try {
                        System.out.println(op.name + " at " + at + ": returned " + op.body.run(m, at));
                    } catch (MappingFaultException e) {
                        faults++;
                        System.out.println(op.name + " at " + at + ": fault");
                    }
                }
            }
            // ByteRing.offer copies the caller's segment, here the lost pages, into the ring.
            int ringFaults = 0;
            for (long at : STARTS) {
                try {
                    System.out.println("offer at " + at + ": returned " + ring.offer(s.asSlice(at, 40)));
                } catch (InternalError e) {
                    ringFaults++;
                    System.out.println("offer at " + at + ": fault");
                }
            }
            System.out.println("ring: " + ringFaults + " faults of " + STARTS.length + " offers, "
                    + ring.readable().byteSize() + " bytes published");
            System.out.println("done: " + faults + " faults of " + ops.size() * STARTS.length + " calls (" + sum + ")");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void truncate(Path file) throws java.io.IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
