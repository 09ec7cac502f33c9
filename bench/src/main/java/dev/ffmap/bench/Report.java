package dev.ffmap.bench;

import dev.ffmap.bench.rounds.Catalogue;
import dev.ffmap.bench.rounds.Outcome;
import dev.ffmap.bench.rounds.Sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns one run's raw results into {@code results.md} and one chart per comparison:
 * {@code java -cp benchmarks.jar dev.ffmap.bench.Report DIR MODE [--readme README.md]}. It reads
 * {@code raw/rounds/*.json} (the interleaved rounds), {@code raw/jmh.json} (JMH with
 * {@code -prof gc}) and {@code raw/env.txt}. With {@code --readme} it also rewrites the part of
 * the README between {@code <!-- bench:results:begin -->} and {@code <!-- bench:results:end -->}
 * from these results, so the README quotes exactly what the run measured.
 */
public final class Report {
    private Report() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length != 2 && !(args.length == 4 && args[2].equals("--readme"))) {
            System.err.println("usage: Report DIR MODE [--readme README.md]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String mode = args[1];
        Map<String, String> env = env(dir.resolve("raw/env.txt"));
        List<Outcome> outcomes = outcomes(dir.resolve("raw/rounds"));
        List<Jmh.Row> jmh = Jmh.read(dir.resolve("raw/jmh.json"));
        Files.writeString(dir.resolve("results.md"), Markdown.results(mode, env, outcomes, jmh));
        for (Outcome o : outcomes) {
            Charts.draw(dir, o, Targets.all(o));
        }
        System.err.println("bench: wrote " + dir.resolve("results.md") + " and its charts");
        if (args.length == 4) {
            Path readme = Path.of(args[3]);
            String rel = readme.toAbsolutePath().getParent().relativize(dir.toAbsolutePath()).toString();
            Files.writeString(readme, Markdown.splice(Files.readString(readme), Markdown.readme(mode, rel, env, outcomes)));
            System.err.println("bench: rewrote the results in " + readme);
        }
    }

    static Map<String, String> env(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return env;
    }

    static List<Outcome> outcomes(Path rounds) throws IOException {
        List<Outcome> out = new ArrayList<>();
        if (!Files.isDirectory(rounds)) {
            return out;
        }
        try (Stream<Path> files = Files.list(rounds)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                out.add(Outcome.read(p));
            }
        }
        out.sort(Comparator.comparingInt((Outcome o) -> Catalogue.order(o.id())).thenComparing(Outcome::id));
        return out;
    }

    /** The median time per op over all sides and rounds: picks the unit of a comparison's tables and chart. */
    static double typicalNs(Outcome o) {
        List<Double> all = o.sides().stream().flatMap(s -> s.rounds().stream()).map(Sample::nsPerOp).toList();
        return all.isEmpty() ? 1 : Spread.of(all).median();
    }

    /** The load average over all rounds of all comparisons: "0.8–3.4", or "unknown". */
    static String load(List<Outcome> outcomes) {
        TreeSet<Double> all = new TreeSet<>();
        outcomes.forEach(o -> o.load().stream().filter(v -> !v.isNaN()).forEach(all::add));
        return all.isEmpty() ? "unknown" : String.format(Locale.ROOT, "%.1f–%.1f", all.first(), all.last());
    }
}
