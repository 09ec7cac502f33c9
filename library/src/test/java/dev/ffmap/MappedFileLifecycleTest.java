package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ffmap.MappedFileFixtures.assertPyError;
import static dev.ffmap.MappedFileFixtures.file;
import static dev.ffmap.MappedFileFixtures.latin1;
import static dev.ffmap.MappedFileFixtures.openFds;
import static dev.ffmap.MappedFileFixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** close, isClosed, what a closed map does, toString, the CharSequence view and a close racing readers. */
@EnabledOnOs(OS.LINUX)
class MappedFileLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void closeIsIdempotentAndReturnsTheDescriptor() throws IOException {
        Path f = file(dir, "f", pattern(5000));
        MappedFile.open(f, Access.READ).close(); // load what the first open loads
        long before = openFds();
        MappedFile m = MappedFile.open(f, Access.WRITE);
        assertFalse(m.isClosed());
        assertEquals(before + 1, openFds(), "the map keeps its own descriptor");
        m.close();
        assertTrue(m.isClosed());
        assertEquals(before, openFds());
        m.close();
        m.close();
        assertTrue(m.isClosed());
        assertEquals(before, openFds());
    }

    @Test
    void tryWithResourcesClosesTheMap() throws IOException {
        MappedFile kept;
        try (MappedFile m = MappedFile.open(file(dir, "f", pattern(100)), Access.READ)) {
            kept = m;
            assertFalse(m.isClosed());
        }
        assertTrue(kept.isClosed());
        MappedFile[] escaped = new MappedFile[1];
        assertThrows(ArithmeticException.class, () -> {
            try (MappedFile m = MappedFile.anonymous(100)) {
                escaped[0] = m;
                m.set(0, 1 / (m.get(0)));
            }
        });
        assertTrue(escaped[0].isClosed(), "closed on the way out of an exception too");
    }

    private static Map<String, Executable> everyMethod(MappedFile m) {
        byte[] b = latin1("a");
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("length", m::length);
        calls.put("size", m::size);
        calls.put("get", () -> m.get(0));
        calls.put("set", () -> m.set(0, 1));
        calls.put("slice", () -> m.slice(0, 1));
        calls.put("slice step", () -> m.slice(0, 1, 1));
        calls.put("setSlice", () -> m.setSlice(0, 1, b));
        calls.put("setSlice step", () -> m.setSlice(0, 1, 1, b));
        calls.put("move", () -> m.move(0, 1, 1));
        calls.put("find", () -> m.find(b));
        calls.put("find start", () -> m.find(b, 0));
        calls.put("find range", () -> m.find(b, 0, 10));
        calls.put("rfind", () -> m.rfind(b));
        calls.put("rfind start", () -> m.rfind(b, 0));
        calls.put("rfind range", () -> m.rfind(b, 0, 10));
        calls.put("read", () -> m.read());
        calls.put("read n", () -> m.read(1));
        calls.put("readByte", m::readByte);
        calls.put("readLine", m::readLine);
        calls.put("write", () -> m.write(b));
        calls.put("writeByte", () -> m.writeByte(1));
        calls.put("seek", () -> m.seek(0));
        calls.put("seek whence", () -> m.seek(0, MappedFile.SEEK_END));
        calls.put("tell", m::tell);
        calls.put("flush", m::flush);
        calls.put("flush range", () -> m.flush(0, 1));
        calls.put("madvise", () -> m.madvise(Advice.MADV_NORMAL));
        calls.put("madvise start", () -> m.madvise(Advice.MADV_NORMAL, 0));
        calls.put("madvise range", () -> m.madvise(Advice.MADV_NORMAL, 0, 1));
        calls.put("resize", () -> m.resize(200));
        calls.put("segment", m::segment);
        calls.put("asCharSequence", m::asCharSequence);
        calls.put("asCharSequence window", () -> m.asCharSequence(0, 1));
        return calls;
    }

    @Test
    void everyMethodAfterCloseThrowsIllegalState() throws IOException {
        for (Access a : Access.values()) {
            MappedFile m = MappedFile.open(file(dir, "f-" + a, pattern(100)), a);
            m.close();
            for (Map.Entry<String, Executable> call : everyMethod(m).entrySet()) {
                assertPyError(IllegalStateException.class, "mmap closed or invalid", call.getValue());
            }
            assertTrue(m.seekable(), "CPython 3.13's seekable() answers True without checking");
            assertEquals(a, m.access());
        }
    }

    @Test
    void anonymousMapAfterCloseThrowsIllegalStateToo() throws IOException {
        MappedFile m = MappedFile.anonymous(100);
        m.close();
        for (Map.Entry<String, Executable> call : everyMethod(m).entrySet()) {
            assertPyError(IllegalStateException.class, "mmap closed or invalid", call.getValue());
        }
    }

    @Test
    void viewsTakenBeforeCloseDieWithIt() throws IOException {
        MappedFile m = MappedFile.open(file(dir, "f", latin1("hello")), Access.READ);
        MemorySegment s = m.segment();
        CharSequence chars = m.asCharSequence();
        assertEquals('h', chars.charAt(0));
        m.close();
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> chars.charAt(0));
        assertThrows(IllegalStateException.class, chars::toString);
    }

    @Test
    void writeByteAfterCloseReportsClosedBeforeTheValueAsPythonDoes() throws IOException {
        // CPython's write_byte runs CHECK_VALID before parsing the value (checked with 3.11; 3.13 has the same order).
        MappedFile m = MappedFile.open(file(dir, "f", pattern(10)), Access.WRITE);
        m.close();
        assertPyError(IllegalStateException.class, "mmap closed or invalid", () -> m.writeByte(256));
    }

    @Test
    void toStringIsShapedLikePythonsRepr() throws IOException {
        MappedFile m = MappedFile.open(file(dir, "f", pattern(5000)), Access.WRITE, 100, 4096);
        m.seek(3);
        assertEquals("<MappedFile closed=false, access=WRITE, length=100, pos=3, offset=4096>", m.toString());
        m.close();
        assertEquals("<MappedFile closed=true>", m.toString());
        try (MappedFile a = MappedFile.anonymous(4096)) {
            assertEquals("<MappedFile closed=false, access=DEFAULT, length=4096, pos=0, offset=0>", a.toString());
        }
        try (MappedFile r = MappedFile.open(file(dir, "g", pattern(10)), MappedFile.options().prot(Prot.PROT_READ))) {
            r.read();
            assertEquals("<MappedFile closed=false, access=READ, length=10, pos=10, offset=0>", r.toString());
        }
    }

    @Test
    void aRegexFindsAMatchInTheMappedFileThroughAsCharSequence() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append("line ").append(i).append(i == 2345 ? " ERROR code=0x7f\u00e9\n" : " ok\n");
        }
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (MappedFile m = MappedFile.open(file(dir, "log", bytes), Access.READ)) {
            Matcher matcher = Pattern.compile("ERROR code=(0x[0-9a-f]+)(.)").matcher(m.asCharSequence());
            assertTrue(matcher.find());
            assertEquals("0x7f", matcher.group(1));
            assertEquals("\u00e9", matcher.group(2), "one char per byte, ISO-8859-1");
            int at = matcher.start();
            assertEquals(text.indexOf("ERROR"), at);
            assertEquals(m.find(latin1("ERROR"), 0), at);
            assertFalse(matcher.find());
            CharSequence window = m.asCharSequence(at, 5);
            assertEquals("ERROR", window.toString());
            assertTrue(Pattern.compile("^line 2999 ok$", Pattern.MULTILINE).matcher(m.asCharSequence()).find());
        }
    }

    @Test
    void closeFromAnotherThreadEndsEveryReaderWithIllegalStateOrCompletedReads() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("record ").append(i).append('\n');
        }
        Path f = file(dir, "f", latin1(text.toString()));
        MappedFile m = MappedFile.open(f, Access.READ);
        int readers = 4;
        CountDownLatch reading = new CountDownLatch(readers);
        List<AtomicReference<Throwable>> ends = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            AtomicReference<Throwable> end = new AtomicReference<>();
            ends.add(end);
            int id = r;
            threads.add(Thread.ofPlatform().name("reader-" + r).start(() -> {
                byte[] needle = latin1("record 19999\n");
                boolean started = false;
                try {
                    for (int i = 0; i < 200_000; i++) {
                        long sum = m.get(i % 1000) + m.find(needle, id * 1000L);
                        if (m.readLine().length == 0) {
                            m.seek(0);
                        }
                        if (sum < 0) {
                            throw new AssertionError("find lost the needle");
                        }
                        if (!started) {
                            started = true;
                            reading.countDown();
                        }
                    }
                } catch (Throwable t) {
                    end.set(t);
                } finally {
                    if (!started) {
                        reading.countDown();
                    }
                }
            }));
        }
        reading.await();
        m.close();
        for (Thread t : threads) {
            t.join(120_000);
            assertFalse(t.isAlive(), t.getName() + " still running");
        }
        for (int r = 0; r < readers; r++) {
            Throwable end = ends.get(r).get();
            if (end != null && !(end instanceof IllegalStateException)) {
                fail("reader " + r + " ended with " + end, end);
            }
            if (end != null) {
                assertInstanceOf(IllegalStateException.class, end);
            }
        }
        assertTrue(m.isClosed());
    }
}
