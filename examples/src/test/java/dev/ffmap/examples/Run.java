package dev.ffmap.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One run of an example or a peer program in a process of its own, as the README says to run
 * it: {@code java --enable-native-access=ALL-UNNAMED -cp <examples>:<library jar> <class> <args>},
 * on the JDK the tests run on. Output and errors are read together, line by line, by a thread of
 * their own, so that every wait here ends: a line that does not come within {@link #WAIT_SECONDS}
 * and a process that does not end in that time fail the test (the process is killed), where a
 * blocked read would hang the build past any timeout.
 */
final class Run implements AutoCloseable {
    private static final String CLASS_PATH = System.getProperty("ffmap.examples.classpath");
    static final long WAIT_SECONDS = 60;

    final Process process;
    /** The output's lines, then an empty Optional at its end. */
    private final BlockingQueue<Optional<String>> pending = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private Run(List<String> command) throws IOException {
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().name("output of " + command.getLast()).start(() -> {
            try (out) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    pending.add(Optional.of(line));
                }
            } catch (IOException e) { // the process was killed: its output ends here
            } finally {
                pending.add(Optional.empty());
            }
        });
    }

    /**
     * The command that starts {@code program}. A process started in the background of a script
     * inherits SIGINT ignored, and a JVM leaves an ignored SIGINT ignored, so Ctrl-C would not
     * reach it; a program started from a terminal has SIGINT at its default. Then coreutils'
     * {@code env --default-signal=INT} starts it as the terminal would.
     */
    private static List<String> fromTerminal(List<String> program) {
        if (!ignoresSigint()) {
            return program;
        }
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(program);
        return command;
    }

    /** Whether this process (and so its children) ignores SIGINT: bit 2 of SigIgn in /proc/self/status. */
    private static boolean ignoresSigint() {
        try {
            String mask = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                    .findFirst().orElseThrow().substring("SigIgn:".length()).strip();
            return (Long.parseUnsignedLong(mask, 16) & (1L << 1)) != 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts example {@code main} with {@code args}. */
    static Run java(Class<?> main, Object... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", CLASS_PATH, main.getName()));
        for (Object a : args) {
            command.add(a.toString());
        }
        return new Run(fromTerminal(command));
    }

    /** Starts a Python file of the examples with {@code args}. */
    static Run python(String file, Object... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3",
                Path.of("src/main/python", file).toAbsolutePath().toString()));
        for (Object a : args) {
            command.add(a.toString());
        }
        return new Run(fromTerminal(command));
    }

    /** Reads output up to and including the next line, which must be {@code expected}. */
    Run expectLine(String expected) throws InterruptedException {
        String line = next(System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS));
        if (line != null) {
            lines.add(line);
        }
        assertEquals(expected, line, "output so far: " + lines);
        return this;
    }

    /** The next line of output, or null at its end; fails the test if none comes by {@code deadline}. */
    private String next(long deadline) throws InterruptedException {
        if (ended) {
            return null;
        }
        Optional<String> line = pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
            process.destroyForcibly();
            fail("no output for " + WAIT_SECONDS + " s (the process is killed); output so far: " + lines);
        }
        ended = line.isEmpty();
        return line.orElse(null);
    }

    /** Waits for the end, which must be exit status {@code status}; returns the lines not read yet. */
    List<String> exit(int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("still running after " + WAIT_SECONDS + " s (now killed), expected to end with status " + status
                    + "; output so far: " + lines);
        }
        List<String> rest = new ArrayList<>();
        for (String line = next(deadline); line != null; line = next(deadline)) {
            rest.add(line);
        }
        lines.addAll(rest);
        assertEquals(status, process.exitValue(), "output: " + lines);
        assertFalse(lines.stream().anyMatch(l -> l.contains("WARNING")), "a warning: " + lines);
        return rest;
    }

    /** Waits for a successful end; returns the lines not read yet. */
    List<String> finish() throws InterruptedException {
        return exit(0);
    }

    /** Sends {@code signal} (e.g. INT, as Ctrl-C does) to the process. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
