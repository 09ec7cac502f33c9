package dev.ffmap.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One run of an example or a peer program in a process of its own, as the README says to run
 * it: {@code java --enable-native-access=ALL-UNNAMED -cp <examples>:<library jar> <class> <args>},
 * on the JDK the tests run on. Output and errors are read together, line by line.
 */
final class Run implements AutoCloseable {
    private static final String CLASS_PATH = System.getProperty("ffmap.examples.classpath");

    final Process process;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();

    private Run(List<String> command) throws IOException {
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts example {@code main} with {@code args}. */
    static Run java(Class<?> main, Object... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", CLASS_PATH, main.getName()));
        for (Object a : args) {
            command.add(a.toString());
        }
        return new Run(command);
    }

    /** Starts a Python file of the examples with {@code args}. */
    static Run python(String file, Object... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3",
                Path.of("src/main/python", file).toAbsolutePath().toString()));
        for (Object a : args) {
            command.add(a.toString());
        }
        return new Run(command);
    }

    /** Reads output up to and including the next line, which must be {@code expected}. */
    Run expectLine(String expected) throws IOException {
        String line = out.readLine();
        if (line != null) {
            lines.add(line);
        }
        assertEquals(expected, line, "output so far: " + lines);
        return this;
    }

    /** Waits for the end, which must be exit status {@code status}; returns the lines not read yet. */
    List<String> exit(int status) throws IOException, InterruptedException {
        List<String> rest = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            rest.add(line);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            fail("still running after its output closed: " + lines + rest);
        }
        lines.addAll(rest);
        assertEquals(status, process.exitValue(), "output: " + lines);
        assertFalse(lines.stream().anyMatch(l -> l.contains("WARNING")), "a warning: " + lines);
        return rest;
    }

    /** Waits for a successful end; returns the lines not read yet. */
    List<String> finish() throws IOException, InterruptedException {
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
