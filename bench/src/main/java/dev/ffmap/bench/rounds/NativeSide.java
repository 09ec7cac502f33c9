package dev.ffmap.bench.rounds;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A side run by a baseline server beside this JVM: the C program ({@code bench/c}) or the
 * CPython script ({@code bench/python}), started once per side and sent one command per batch
 * ({@code <case> <path> <ops> [arg]}) on its standard input; it answers with one JSON line and
 * then waits, blocked on its input, while the other sides run. Its diagnostics go to this
 * JVM's standard error.
 */
public final class NativeSide extends AbstractSide {
    private final String command;
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private NativeSide(String label, Family family, List<String> program, String command, long fixedOps)
            throws IOException {
        super(label, family, fixedOps);
        this.command = command;
        this.process = new ProcessBuilder(OneCpu.command(program)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The C baseline's {@code caseName} on {@code path}, with an optional argument (null for none). */
    public static NativeSide c(Plan plan, String label, String caseName, Path path, String arg) throws IOException {
        return c(plan, label, caseName, path, arg, 0);
    }

    /** The same, always {@code fixedOps} operations per batch. */
    public static NativeSide c(Plan plan, String label, String caseName, Path path, String arg, long fixedOps)
            throws IOException {
        return new NativeSide(label, Family.C, List.of(plan.cProgram().toString()), line(caseName, path, arg), fixedOps);
    }

    /** CPython's mmap doing {@code caseName} on {@code path}. */
    public static NativeSide python(Plan plan, String label, String caseName, Path path) throws IOException {
        return new NativeSide(label, Family.PYTHON, List.of(plan.python(), plan.pythonScript().toString()),
                line(caseName, path, null), 0);
    }

    private static String line(String caseName, Path path, String arg) {
        return caseName + " " + path + " %d" + (arg == null ? "" : " " + arg);
    }

    @Override
    public Sample run(long ops) throws IOException {
        in.write(command.formatted(ops) + "\n");
        in.flush();
        String reply = out.readLine();
        if (reply == null) {
            throw new IOException(label() + ": the baseline exited (status " + waitFor() + ") on: " + command.formatted(ops));
        }
        return sample(reply);
    }

    /** The sample in a baseline's JSON reply line. */
    static Sample sample(String reply) {
        JsonObject o = JsonParser.parseString(reply).getAsJsonObject();
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (o.has("m")) {
            o.getAsJsonObject("m").entrySet().forEach(e -> metrics.put(e.getKey(), e.getValue().getAsDouble()));
        }
        return new Sample(o.get("ns_per_op").getAsDouble(), o.get("ops").getAsLong(), metrics);
    }

    private int waitFor() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        in.close(); // end of input: the server exits
        if (waitFor() < 0) {
            process.destroy();
        }
        out.close();
    }

    /** The command lines of the sides, for the notes. */
    static List<String> commands(List<Side> sides) {
        List<String> lines = new ArrayList<>();
        for (Side s : sides) {
            if (s instanceof NativeSide n) {
                lines.add(n.label() + ": `" + n.command.replace(" %d", " <ops>") + "`");
            }
        }
        return lines;
    }
}
