package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a sync promises: no dirty page left in the range, every acknowledged record intact after
 * the writer is killed with SIGKILL, and private (copy-on-write) writes never in the file.
 */
@EnabledOnOs(OS.LINUX)
class DurabilityTest {
    private static final int RECORDS = 16;
    /** Kills land after 0 to 5 acknowledgements: each MS_SYNC costs a journal commit, so short trials are cheap trials. */
    private static final int KILL_BEFORE_ACK = 6;
    /** Small and quick to start: the JIT's first tier only, serial GC, a small heap. */
    private static final List<String> CHILD_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-Xmx32m");

    @TempDir
    Path dir;

    @Test
    void syncLeavesNoDirtyPageInTheMapping() throws IOException {
        Path f = Files.write(dir.resolve("f"), new byte[16 * 4096]);
        try (Mapping m = Mapping.map(f, MapOptions.readWrite())) {
            assertEquals(0, dirtyKib(m), "nothing written yet");
            fillPages(m.segment(), (byte) 7);
            long before = dirtyKib(m);
            m.sync();
            long after = dirtyKib(m);
            fillPages(m.segment(), (byte) 8);
            long beforeDurable = dirtyKib(m);
            m.syncDurably();
            long afterDurable = dirtyKib(m);
            Reliability.figure("durability", "smaps Shared_Dirty+Private_Dirty of a 64 KiB mapping: " + before
                    + " KiB before sync(MS_SYNC), " + after + " KiB after; " + beforeDurable + " KiB before syncDurably, "
                    + afterDurable + " KiB after");
            assertEquals(64, before, "every written page is dirty before the sync");
            assertEquals(0, after, "no dirty page after sync()");
            assertEquals(64, beforeDurable);
            assertEquals(0, afterDurable, "no dirty page after syncDurably()");
        }
        byte[] expected = new byte[16 * 4096];
        Arrays.fill(expected, (byte) 8);
        assertArrayEquals(expected, Files.readAllBytes(f));
    }

    @Test
    void syncOfAPrivateMappingLeavesItsPagesPrivateAndTheFileAlone() throws IOException {
        byte[] original = new byte[4 * 4096];
        new SplittableRandom(1).nextBytes(original);
        Path f = Files.write(dir.resolve("f"), original);
        try (Mapping m = Mapping.map(f, MapOptions.copyOnWrite())) {
            fillPages(m.segment(), (byte) 1);
            m.sync();
            m.syncDurably();
            assertEquals(16, dirtyKib(m), "copied pages are the process's own: nothing to write back");
        }
        assertArrayEquals(original, Files.readAllBytes(f));
    }

    @Test
    void syncDurablyCoversANewFileInANewDirectoryAndRefusesAnonymousMemory() throws IOException {
        Path f = Files.createFile(Files.createDirectories(dir.resolve("new")).resolve("file"));
        try (Mapping m = Mapping.map(f, MapOptions.readWrite()
                .withLength(10_000).withGrow(true))) {
            m.segment().fill((byte) 3);
            m.syncDurably();
        }
        assertEquals(10_000, Files.size(f));
        try (Mapping anon = Mapping.anonymous(4096, MapOptions.copyOnWrite())) {
            assertThrows(UnsupportedOperationException.class, anon::syncDurably);
        }
    }

    @Test
    void killedWriterLosesNoAcknowledgedByteAndPrivateWritesNeverReachTheFile() throws Exception {
        int trials = Reliability.size("killTrials", 30);
        AtomicLong acked = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        AtomicLong privateChanged = new AtomicLong();
        long start = System.nanoTime();
        List<String> jvm = withClassArchive();
        // Two children at a time: while one starts its JVM, the other writes and is killed.
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < trials; t++) {
                int trial = t;
                results.add(pool.submit(() -> trial(trial, jvm)));
            }
            for (int t = 0; t < trials; t++) {
                long[] outcome = results.get(t).get(5, TimeUnit.MINUTES);
                acked.addAndGet(outcome[0]);
                lost.addAndGet(outcome[1]);
                privateChanged.addAndGet(outcome[2]);
                if ((t + 1) % 100 == 0) { // a long run reports as it goes
                    Reliability.figure("durability-progress", String.format(Locale.ROOT,
                            "after %d trials: acknowledged records=%d bytes lost=%d private files changed=%d (%.1f s)", t + 1,
                            acked.get(), lost.get(), privateChanged.get(), (System.nanoTime() - start) / 1e9));
                }
            }
        }
        Reliability.figure("durability", String.format(Locale.ROOT,
                "kill -9 trials=%d acknowledged records=%d (%d bytes) bytes lost=%d private files changed=%d (%.1f s)",
                trials, acked.get(), acked.get() * CrashWriter.RECORD, lost.get(), privateChanged.get(),
                (System.nanoTime() - start) / 1e9));
        assertEquals(0, lost.get(), "acknowledged bytes lost");
        assertEquals(0, privateChanged.get(), "private files that changed");
    }

    /**
     * The child's options plus a class-data archive of its classes, written once by a child that
     * runs to its end (a killed JVM never writes one), which makes every later start quicker.
     * Without the archive if it cannot be made.
     */
    private List<String> withClassArchive() throws IOException, InterruptedException {
        Path archive = dir.resolve("crash-writer.jsa");
        Path d = Files.createDirectories(dir.resolve("archive"));
        List<String> dump = new ArrayList<>(CHILD_JVM);
        dump.add("-XX:ArchiveClassesAtExit=" + archive);
        Process p = ChildJvm.start(dump, CrashWriter.class, Files.createFile(d.resolve("records")).toString(),
                Files.write(d.resolve("private"), new byte[4096]).toString(), "1", "exit");
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(archive)) {
            p.destroyForcibly();
            return CHILD_JVM;
        }
        List<String> jvm = new ArrayList<>(CHILD_JVM);
        jvm.add("-XX:SharedArchiveFile=" + archive);
        return jvm;
    }

    /** One child, killed after a random number of acknowledgements plus a random pause; {acked records, bytes lost, private changed}. */
    private long[] trial(int trial, List<String> jvm) throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(trial * 31L + 7);
        Path d = Files.createDirectories(dir.resolve("t" + trial));
        Path file = Files.createFile(d.resolve("records"));
        byte[] original = new byte[8 * 4096];
        random.nextBytes(original);
        Path privateFile = Files.write(d.resolve("private"), original);
        int killAfter = random.nextInt(-1, KILL_BEFORE_ACK);
        long pauseNanos = random.nextLong(0, 2_000_000);
        Process p = ChildJvm.start(jvm, CrashWriter.class, file.toString(), privateFile.toString(),
                Integer.toString(RECORDS));
        int lastAck = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    lastAck = Integer.parseInt(line.substring(4));
                } else if (!line.equals("ready")) {
                    throw new AssertionError("child wrote: " + line);
                }
                if (!killed && lastAck >= killAfter) {
                    long until = System.nanoTime() + pauseNanos;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    p.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly, keeps the pipe to read the acks already written
                    killed = true;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(137, p.exitValue(), "the child was killed by SIGKILL, not ended by an error");
        byte[] bytes = Files.readAllBytes(file);
        long lost = 0;
        for (int n = 0; n <= lastAck; n++) {
            if (!CrashWriter.intact(bytes, n * CrashWriter.RECORD, n)) {
                lost += CrashWriter.RECORD;
            }
        }
        long privateChanged = Arrays.equals(original, Files.readAllBytes(privateFile)) ? 0 : 1;
        return new long[] {lastAck + 1, lost, privateChanged};
    }

    private static void fillPages(MemorySegment s, byte value) {
        for (long at = 0; at < s.byteSize(); at += 4096) {
            s.asSlice(at, Math.min(4096, s.byteSize() - at)).fill(value);
        }
        s.get(ValueLayout.JAVA_BYTE, 0);
    }

    /** Shared_Dirty + Private_Dirty, in KiB, of the /proc/self/smaps entry holding the mapping. */
    static long dirtyKib(Mapping m) throws IOException {
        long address = m.address();
        long dirty = 0;
        boolean inside = false;
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/smaps"))) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (Character.isDigit(line.charAt(0)) || (line.charAt(0) >= 'a' && line.charAt(0) <= 'f' && line.contains("-")
                        && !line.contains(":"))) {
                    String[] range = line.substring(0, line.indexOf(' ')).split("-");
                    inside = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
                } else if (inside && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:"))) {
                    dirty += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        return dirty;
    }
}
