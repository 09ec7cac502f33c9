package dev.ffmap;

import dev.ffmap.internal.Faults;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of {@link TruncationStormTest}: {@code main(form, dir, millis, seed)} runs one
 * hostile form against a 1 MiB file and prints what every call gave, per operation:
 * {@code ok} (the intact file's value), {@code fault} ({@link MappingFaultException}) or
 * {@code fail} (anything else: another exception, a bare {@link InternalError}, a wrong value,
 * or a fault that surfaced after the call returned), then {@code done}. A crash is seen by the
 * parent as an exit code and an hs_err file.
 * <ul>
 * <li>{@code storm}: the file is cut to a random page-aligned size and written back every 1–2 ms
 * while two threads call every operation of {@link StormOps} on it.
 * <li>{@code warmup}: each operation is warmed up on the intact file for a short, growing time
 * (the moments C1 and C2 compile it), then the file is cut to nothing and the call repeated.
 * <li>{@code protect}: two threads read and write through {@link Mapping#access} bodies (raw
 * segments taken earlier with {@code -Dstorm.raw=true}) while a third flips
 * {@link Mapping#protect} and {@link Mapping#remap}: each access is a correct value or an
 * exception of the JDK ({@link IllegalStateException} for a dead view,
 * {@link IllegalArgumentException} for a read-only one, {@link IndexOutOfBoundsException}).
 * </ul>
 */
public final class TruncationStorm {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int OK = 0;
    private static final int FAULT = 1;
    private static final int FAIL = 2;
    /** Calls of each worker, and rounds of protect and remap, that run however long they take. */
    private static final int MIN_CALLS = 200;

    private final Map<String, AtomicLongArray> tally = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong events = new AtomicLong();

    private TruncationStorm() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]).resolve("storm.bin");
        long millis = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        TruncationStorm storm = new TruncationStorm();
        Files.write(file, StormOps.CONTENT);
        switch (args[0]) {
            case "storm" -> storm.storm(file, millis, seed);
            case "warmup" -> storm.warmup(file, millis, seed);
            case "protect" -> storm.protect(file, millis, seed);
            default -> throw new IllegalArgumentException("unknown form " + args[0]);
        }
        storm.report();
    }

    // ------------------------------------------------------------------ storm

    private void storm(Path file, long millis, long seed) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Thread> workers = new ArrayList<>();
        List<AutoCloseable> maps = new ArrayList<>();
        try {
            for (int w = 0; w < 2; w++) { // mapped while the file is whole; the storm starts after
                MappedFile m = MappedFile.open(file, MappedFile.Access.WRITE, StormOps.SIZE);
                maps.add(m);
                Mapping mapping = Mapping.map(file, MapOptions.readWrite().withLength(StormOps.SIZE));
                maps.add(mapping);
                SplittableRandom r = new SplittableRandom(seed + w);
                workers.add(Thread.ofPlatform().name("worker-" + w).start(() -> work(m, mapping, r, deadline)));
            }
            SplittableRandom r = new SplittableRandom(seed ^ 0x5EED);
            long nextCheck = 0;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                while (workers.stream().anyMatch(Thread::isAlive)) { // as long as a call may still meet a cut
                    long kept = (long) r.nextInt(StormOps.SIZE / 4096) * 4096; // page-aligned: no page is half zeroed
                    ch.truncate(kept);
                    events.incrementAndGet();
                    LockSupport.parkNanos(500_000 + r.nextLong(500_000));
                    restore(ch, kept);
                    if (System.nanoTime() >= nextCheck) { // at most a tenth of the cutter's time: slow under -Xint
                        long start = System.nanoTime();
                        checkContent(ch);
                        nextCheck = System.nanoTime() + 9 * (System.nanoTime() - start);
                    }
                    LockSupport.parkNanos(500_000 + r.nextLong(500_000));
                }
            }
            for (Thread t : workers) {
                t.join();
            }
        } finally {
            for (AutoCloseable c : maps) {
                c.close();
            }
        }
    }

    /** Writes the file's bytes from {@code from} on back, which extends it to its full size again. */
    private static void restore(FileChannel ch, long from) throws IOException {
        ByteBuffer rest = ByteBuffer.wrap(StormOps.CONTENT, (int) from, StormOps.SIZE - (int) from);
        long at = from;
        while (rest.hasRemaining()) {
            at += ch.write(rest, at);
        }
    }

    /**
     * Reads the whole restored file and compares it with {@link StormOps#CONTENT}: the workers
     * store only the bytes already there, so any other byte is one a call wrote from a read
     * that faulted (a wrong value written, not read).
     */
    private void checkContent(FileChannel ch) throws IOException {
        ByteBuffer now = ByteBuffer.allocate(StormOps.SIZE);
        while (now.hasRemaining() && ch.read(now, now.position()) > 0) {
            // read it all
        }
        int at = java.util.Arrays.mismatch(now.array(), StormOps.CONTENT);
        String op = "file content";
        if (at >= 0) {
            fail(op, new AssertionError("the file differs from its content at " + at + " (read "
                    + now.position() + " bytes)"));
        }
        tally.computeIfAbsent(op, k -> new AtomicLongArray(3)).incrementAndGet(at >= 0 ? FAIL : OK);
    }

    private void work(MappedFile m, Mapping mapping, SplittableRandom r, long deadline) {
        try {
            // At least MIN_CALLS calls, however loaded the machine: a slow start must not make an empty run.
            for (int calls = 0; calls < MIN_CALLS || System.nanoTime() < deadline; calls++) {
                call(StormOps.OPS.get(r.nextInt(StormOps.OPS.size())), m, mapping, r);
            }
        } catch (Throwable t) {
            fail("worker", t);
            tally.computeIfAbsent("worker", k -> new AtomicLongArray(3)).incrementAndGet(FAIL);
        }
    }

    /** One call of {@code op}, classified; then a poll, where a fault the call left pending would surface. */
    private void call(String op, MappedFile m, Mapping mapping, SplittableRandom r) {
        int outcome;
        try {
            StormOps.run(op, m, mapping, r);
            outcome = OK;
        } catch (MappingFaultException e) {
            outcome = e.getMessage().contains("storm.bin") ? FAULT : fail(op, e);
        } catch (Throwable t) {
            outcome = fail(op, t);
        }
        try {
            Faults.settle();
        } catch (InternalError late) {
            outcome = fail(op + " (after it returned)", late);
        }
        tally.computeIfAbsent(op, k -> new AtomicLongArray(3)).incrementAndGet(outcome);
    }

    private int fail(String what, Throwable t) {
        if (failures.size() < 20) {
            StringBuilder b = new StringBuilder(what).append(": ").append(t);
            for (StackTraceElement e : t.getStackTrace()) {
                b.append("\n      at ").append(e);
                if (b.length() > 1500) {
                    break;
                }
            }
            failures.add(b.toString());
        }
        return FAIL;
    }

    // ------------------------------------------------------------------ short warm-up

    private void warmup(Path file, long maxMillis, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (String op : StormOps.OPS) {
                for (long warm = 10; warm <= maxMillis; warm *= 4) {
                    try (MappedFile m = MappedFile.open(file, MappedFile.Access.WRITE, StormOps.SIZE);
                         Mapping mapping = Mapping.map(file, MapOptions.readWrite().withLength(StormOps.SIZE))) {
                        long until = System.nanoTime() + warm * 1_000_000;
                        while (System.nanoTime() < until) {
                            call(op, m, mapping, r);
                        }
                        ch.truncate(0);
                        events.incrementAndGet();
                        for (int k = 0; k < 5; k++) {
                            call(op, m, mapping, r);
                        }
                        restore(ch, 0);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ protect and remap

    private void protect(Path file, long millis, long seed) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try (Mapping m = Mapping.map(file, MapOptions.readWrite())) {
            AtomicBoolean changing = new AtomicBoolean(true);
            List<Thread> users = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                SplittableRandom r = new SplittableRandom(seed + w);
                users.add(Thread.ofPlatform().name("user-" + w).start(() -> useSegments(m, r, changing)));
            }
            long changes = 0;
            while (changes < 4 * MIN_CALLS / 10 || System.nanoTime() < deadline) {
                m.protect(Prot.PROT_READ);
                m.protect(Prot.PROT_READ, Prot.PROT_WRITE);
                m.remap(StormOps.SIZE / 2);
                m.remap(StormOps.SIZE);
                changes += 4;
            }
            changing.set(false);
            for (Thread t : users) {
                t.join();
            }
            events.set(changes);
        }
    }

    /**
     * A user of the mapping while its views change: by default through {@link Mapping#access}
     * bodies, which protect and remap wait for; with {@code -Dstorm.raw=true} through raw
     * segments taken once from {@link Mapping#segment()}, which rely on the JDK's closing of the
     * old view alone (see RELIABILITY.md: a by-hand measurement, not a guarantee).
     */
    private void useSegments(Mapping m, SplittableRandom r, AtomicBoolean changing) {
        boolean raw = Boolean.getBoolean("storm.raw");
        do { // while the views change, and once at least
            String what = raw ? "segment" : "access";
            int outcome = OK;
            try {
                if (raw) {
                    touch(m.segment(), r, 10_000);
                } else {
                    m.access(s -> touch(s, r, 1_000));
                }
            } catch (IllegalStateException | IllegalArgumentException | IndexOutOfBoundsException e) {
                what += " " + e.getClass().getSimpleName();
                outcome = FAULT; // the JDK's refusal of a dead, read-only or shorter view: expected
            } catch (Throwable t) {
                outcome = fail(what, t);
            }
            tally.computeIfAbsent(what, k -> new AtomicLongArray(3)).incrementAndGet(outcome);
        } while (changing.get());
    }

    /** {@code times} reads and writes of longs at random places of {@code s}, each read checked. */
    private static int touch(MemorySegment s, SplittableRandom r, int times) {
        MemorySegment contents = MemorySegment.ofArray(StormOps.CONTENT);
        for (int k = 0; k < times; k++) {
            long i = r.nextLong(s.byteSize() - 8);
            if ((k & 1) == 0) {
                long v = s.get(LONG, i);
                if (v != contents.get(LONG, i)) {
                    throw new AssertionError("read " + Long.toHexString(v) + " at " + i);
                }
            } else {
                s.set(LONG, i, contents.get(LONG, i));
            }
        }
        return times;
    }

    // ------------------------------------------------------------------ report

    private void report() {
        System.out.println("events " + events.get());
        Map<String, AtomicLongArray> sorted = new TreeMap<>(tally);
        sorted.forEach((op, c) -> System.out.println("op " + op + " " + c.get(OK) + " " + c.get(FAULT) + " " + c.get(FAIL)));
        System.out.println("failures " + sorted.values().stream().mapToLong(c -> c.get(FAIL)).sum());
        failures.forEach(f -> System.out.println("failure " + f));
        System.out.println("done");
    }
}
