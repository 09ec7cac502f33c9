package dev.ffmap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of the same calls and the same oracle as
 * {@link ArgumentFuzzTest}: {@link ArgumentFuzz} draws every argument from the fuzzer's input
 * instead of a seeded generator, and libFuzzer mutates the inputs that reach new branches of the
 * library. One input is one call: {@code Mapping.map}, a call on the live {@link Mapping} or
 * {@link MappedFile} (replaced now and then, and when a call closed it), or an {@code Mman.mmap}
 * or {@code SharedMemory.create}.
 *
 * <p>Runs in its own surefire execution with {@code JAZZER_FUZZ=1} (the pom's
 * {@code guided-fuzz}); {@code ffmap.reliability.guidedCases} executions. A finding is written
 * under {@code target/jazzer} and fails the test, naming the call.
 */
@EnabledOnOs(OS.LINUX)
class GuidedArgumentFuzzTest {
    private static final FuzzedChoices CHOICES = new FuzzedChoices();
    private static Path dir;
    private static ArgumentFuzz fuzz;
    private static ArgumentFuzz.Live<Mapping> mapping;
    private static ArgumentFuzz.Live<MappedFile> mappedFile;
    private static int inputs;
    private static long start;

    @BeforeAll
    static void setUp() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of("target"), "ffmap-guided-");
        fuzz = new ArgumentFuzz(dir, CHOICES, "the fuzzer's input (see target/jazzer)");
        start = System.nanoTime();
    }

    @AfterAll
    static void tearDown() throws Exception {
        try (ArgumentFuzz f = fuzz) {
            close(mapping);
            close(mappedFile);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
        Reliability.figure("fuzz-guided", String.format(Locale.ROOT, "inputs=%d calls=%d, of which threw a documented exception=%d, "
                + "undocumented exceptions=0, state changed by a failed call=0 (%.1f s)", inputs, fuzz.calls(), fuzz.failed(),
                (System.nanoTime() - start) / 1e9));
    }

    @FuzzTest(maxDuration = "20m")
    void everyCallReturnsOrThrowsADocumentedExceptionAndAFailedCallChangesNothing(FuzzedDataProvider data) throws Exception {
        CHOICES.data = data;
        int round = inputs++;
        switch (data.consumeInt(0, 3)) {
            case 0 -> fuzz.mapCase();
            case 1 -> {
                if (mapping == null || mapping.target().isClosed() || data.consumeInt(0, 15) == 0) {
                    close(mapping);
                    mapping = fuzz.newMapping(round);
                }
                fuzz.mappingCall(mapping.target(), mapping.file());
            }
            case 2 -> {
                if (mappedFile == null || mappedFile.target().isClosed() || data.consumeInt(0, 15) == 0) {
                    close(mappedFile);
                    mappedFile = fuzz.newMappedFile(round);
                }
                if (mappedFile != null) {
                    fuzz.mappedFileCall(mappedFile.target(), mappedFile.file());
                }
            }
            default -> fuzz.mmanCase(round);
        }
    }

    /** Closes a live target before its file is written again. */
    private static void close(ArgumentFuzz.Live<?> live) throws Exception {
        if (live != null) {
            live.target().close();
        }
    }

    /**
     * The fuzzer's input as the generator {@link ArgumentFuzz} draws from: each bounded choice
     * consumes as few bytes as its range needs, so a mutated byte changes one argument.
     */
    private static final class FuzzedChoices implements RandomGenerator {
        FuzzedDataProvider data;

        @Override
        public long nextLong() {
            return data.consumeLong();
        }

        @Override
        public int nextInt(int bound) {
            return data.consumeInt(0, bound - 1);
        }

        @Override
        public int nextInt(int origin, int bound) {
            return data.consumeInt(origin, bound - 1);
        }

        @Override
        public long nextLong(long bound) {
            return data.consumeLong(0, bound - 1);
        }

        @Override
        public long nextLong(long origin, long bound) {
            return data.consumeLong(origin, bound - 1);
        }

        @Override
        public boolean nextBoolean() {
            return data.consumeBoolean();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] got = data.consumeBytes(bytes.length);
            System.arraycopy(got, 0, bytes, 0, got.length);
            Arrays.fill(bytes, got.length, bytes.length, (byte) 0);
        }
    }
}
