package dev.ffmap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real {@code ffmap} command in a child JVM: the built module on the module path, started as
 * the launcher starts it, with stdout, stderr and the exit code kept apart.
 */
final class Ffmap {
    private Ffmap() {
    }

    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The java command line that runs ffmap with {@code args}. */
    static List<String> command(String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = System.getProperty("jdk.module.path"); // the command's and the library's modules
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=dev.ffmap",
                "-p", modulePath, "-m", "dev.ffmap.cli/dev.ffmap.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    static Process start(List<String> prefix, String... args) throws IOException {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command(args));
        return new ProcessBuilder(all).start();
    }

    /** Runs ffmap with {@code args} to the end (at most 120 s). */
    static Result run(String... args) throws IOException, InterruptedException {
        return finish(start(List.of(), args));
    }

    /** Runs ffmap under {@code prefix} (e.g. {@code prlimit …}) with {@code args}. */
    static Result runUnder(List<String> prefix, String... args) throws IOException, InterruptedException {
        return finish(start(prefix, args));
    }

    static Result finish(Process p) throws InterruptedException {
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("ffmap did not finish in 120 s");
        }
        Result r = new Result(p.exitValue(), out.join(), err.join());
        if (r.err.contains("WARNING")) {
            fail("the JVM printed a warning:\n" + r);
        }
        return r;
    }

    static CompletableFuture<String> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Parses {@code json} with CPython's json module, an independent parser, and returns what
     * {@code expression} (Python, over the parsed value {@code d}) prints.
     */
    static String python(String json, String expression) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import json,sys; d=json.load(sys.stdin); print(" + expression + ")")
                .start();
        try (var in = p.getOutputStream()) {
            in.write(json.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> err = drain(p.getErrorStream());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            fail("python3 could not parse the JSON: " + err.join() + "\n" + json);
        }
        return out;
    }
}
