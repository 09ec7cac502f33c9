package dev.ffmap;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Child JVMs for tests that need a second process: the running java binary, the running
 * test JVM's module and class path, all on the class path, with native access for it.
 */
final class ChildJvm {
    /**
     * What runs the java binary, from {@code ffmap.test.jvmPrefix}: nothing natively;
     * {@code qemu-aarch64-static} when this JVM is itself emulated (platforms/linux-aarch64), since
     * without binfmt_misc the kernel cannot start an aarch64 binary by itself.
     */
    private static final List<String> JVM_PREFIX = Stream.of(System.getProperty("ffmap.test.jvmPrefix", "").split(" "))
            .filter(s -> !s.isEmpty()).toList();

    private ChildJvm() {
    }

    /** Starts {@code main} in a new JVM with {@code args}; stdout and stderr are merged. */
    static Process start(Class<?> main, String... args) throws IOException {
        return start(List.of(), main, args);
    }

    /** Starts {@code main} in a new JVM given {@code jvmOptions} (e.g. {@code -Xint}) before the class. */
    static Process start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = String.join(File.pathSeparator, Stream.of("jdk.module.path", "java.class.path")
                .map(System::getProperty).filter(p -> p != null && !p.isEmpty()).toList());
        List<String> command = new ArrayList<>(JVM_PREFIX);
        command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** What a child JVM that may crash did: its exit status, its output and the crash reports it wrote. */
    record Outcome(int exit, String out, List<Path> hsErr) {
    }

    /**
     * Starts {@code main} in a new JVM given {@code jvmOptions}, with its crash reports written to
     * {@code errors} ({@code -XX:ErrorFile}, no core dump), and waits for it: if it runs longer than
     * {@code timeoutSeconds} it is killed and the test fails.
     */
    static Outcome crashable(List<String> jvmOptions, Path errors, long timeoutSeconds, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(List.of("-XX:ErrorFile=" + Files.createDirectories(errors).resolve("hs_err_%p.log"),
                "-XX:-CreateCoredumpOnCrash"));
        Process p = start(options, main, args);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(main.getSimpleName() + " " + String.join(" ", args) + ": the child JVM did not finish in "
                    + timeoutSeconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(errors)) {
            return new Outcome(p.exitValue(), out, files.toList());
        }
    }

    /** Waits for {@code p}, fails unless it exits 0 with no warnings, and returns its output. */
    static String finish(Process p, long timeoutSeconds) throws IOException, InterruptedException {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child JVM did not finish in " + timeoutSeconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        if (out.contains("WARNING")) {
            fail("child JVM printed a warning: " + out);
        }
        return out;
    }

    /** Starts, waits for and checks one child JVM; returns its output. */
    static String run(Class<?> main, String... args) throws IOException, InterruptedException {
        return finish(start(main, args), 120);
    }
}
