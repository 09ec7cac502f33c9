package dev.ffmap.bench;

import dev.ffmap.bench.rounds.Outcome;
import dev.ffmap.bench.rounds.Sample;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The text of {@code results.md} and of the README's results block. */
final class Markdown {
    static final String BEGIN = "<!-- bench:results:begin -->";
    static final String END = "<!-- bench:results:end -->";
    /** The comparisons whose charts the README shows. */
    private static final List<String> README_CHARTS = List.of("open-map-close-confined", "open-map-close-shared",
            "many-files", "anon-fill", "cold-random", "map-scan-warm", "find");

    private Markdown() {
    }

    static String results(String mode, Map<String, String> env, List<Outcome> outcomes, List<Jmh.Row> jmh) {
        StringBuilder md = new StringBuilder("# ffmap benchmark results (" + mode + " run)\n\n");
        env.forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
        md.append("- **Load average (1 min) after each round**: ").append(Report.load(outcomes)).append("\n\n");
        md.append("""
                Each comparison ran in a JVM of its own, its sides **interleaved**: every round runs one batch of \
                each side (Java in this JVM, C and CPython as servers beside it, sent one command per batch), the \
                order turned by one place each round, after an interleaved warm-up that also sized the batches. \
                All sides of a comparison run on one CPU (each section's notes say which and why), so that \
                whatever slows one CPU slows them alike. \
                A ratio is taken **within each round** and reported as the median of the rounds, with its \
                interquartile range (IQR) and its range (min–max). A target is **met** when the whole IQR keeps \
                the bound, **not met** when the whole IQR misses it, and **undecided** when the bound lies inside \
                the IQR (the spread is too wide to call). Speed targets are time ratios turned around: \
                "A ≥ 2× B's speed" is B's time ÷ A's time ≥ 2.

                """);
        md.append(targets(outcomes)).append('\n');
        for (Outcome o : outcomes) {
            md.append(section(o));
        }
        if (!jmh.isEmpty()) {
            md.append("## JMH: time and allocation per op (`-prof gc`)\n\n")
                    .append("Run after the rounds, one benchmark after another (not interleaved): absolute figures with")
                    .append(" JMH's error, and `gc.alloc.rate.norm`, the bytes allocated per op.\n\n")
                    .append(Jmh.table(jmh)).append('\n');
        }
        return md.toString();
    }

    /** Every target of every comparison, in one table. */
    private static String targets(List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder("## Targets\n\n| Comparison | Target | Median ratio | IQR | Range | Rounds"
                + " within | Verdict |\n|---|---|---:|---:|---:|---:|---|\n");
        for (Outcome o : outcomes) {
            for (Targets.Judged j : Targets.all(o)) {
                if (j.target().bound() != null) {
                    md.append("| [`").append(o.id()).append("`](#").append(anchor(o)).append(") | ")
                            .append(j.target().what()).append(" | ").append(ratioCells(j)).append(" |\n");
                }
            }
        }
        return md.toString();
    }

    private static String ratioCells(Targets.Judged j) {
        if (!j.measured()) {
            return "– | – | – | – | " + j.verdict().text + " (" + j.why() + ")";
        }
        Spread s = j.spread();
        String verdict = j.verdict().text + (j.verdict() == Targets.Verdict.UNDECIDED ? ": " + j.why() : "");
        return Spread.fmt(s.median()) + "× | " + Spread.fmt(s.q1()) + "–" + Spread.fmt(s.q3()) + " | "
                + Spread.fmt(s.min()) + "–" + Spread.fmt(s.max()) + " | "
                + (j.target().bound() == null ? "–" : j.within() + "/" + j.ratios().size()) + " | " + verdict;
    }

    private static String anchor(Outcome o) {
        return (o.title() + " " + o.id()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    private static String section(Outcome o) {
        StringBuilder md = new StringBuilder("## ").append(o.title()).append(" (`").append(o.id()).append("`)\n\n");
        if (o.sides().stream().anyMatch(s -> !s.rounds().isEmpty())) {
            md.append("![").append(o.id()).append("](").append(Charts.file(o)).append(")\n\n");
        }
        md.append(sides(o)).append('\n');
        List<Targets.Judged> judged = Targets.all(o);
        if (!judged.isEmpty()) {
            md.append("| Ratio (per round) | Bound | Median | IQR | Range | Rounds within | Verdict |\n")
                    .append("|---|---|---:|---:|---:|---:|---|\n");
            for (Targets.Judged j : judged) {
                String metric = j.target().metric().equals("time") ? "" : " [" + j.target().metric() + "]";
                md.append("| ").append(j.target().what()).append(metric)
                        .append(" | ").append(Targets.bound(j.target())).append(" | ").append(ratioCells(j)).append(" |\n");
            }
            md.append('\n');
        }
        md.append(String.format(Locale.ROOT, "%d rounds; %.0f s in all, %.0f s of it warm-up; started %s; load average"
                        + " after the rounds: %s.%n%n", o.sides().stream().mapToInt(s -> s.rounds().size()).max().orElse(0),
                o.seconds(), o.warmupSeconds(), o.started(), Report.load(List.of(o))));
        for (String n : o.notes()) {
            md.append("- ").append(n).append('\n');
        }
        return md.append('\n').toString();
    }

    /** One row per side: median, range and relative IQR of its figure, and the medians of its other figures. */
    private static String sides(Outcome o) {
        boolean rate = o.bytesPerOp() > 0;
        double unit = Units.nanosPer(Report.typicalNs(o));
        String head = rate ? "GB/s" : "Time per op (" + Units.name(Report.typicalNs(o)) + ")";
        StringBuilder md = new StringBuilder("| Side | Batch (ops) | " + head + ", median | Range | IQR ÷ median"
                + " | Other figures (medians) |\n"
                + "|---|---:|---:|---:|---:|---|\n");
        for (Outcome.SideRecord s : o.sides()) {
            md.append("| ").append(s.label()).append(" | ").append(s.ops()).append(" | ");
            if (s.rounds().isEmpty()) {
                md.append("– | – | – | ").append(s.failure() == null ? "no rounds" : "failed: " + s.failure()).append(" |\n");
                continue;
            }
            Spread t = Spread.of(s.rounds().stream().map(Sample::nsPerOp).toList());
            Spread v = rate ? t.inverse() : t;
            double k = rate ? 1.0 / o.bytesPerOp() : unit;
            md.append(Units.in(v.median(), k)).append(" | ")
                    .append(Units.in(v.min(), k)).append("–").append(Units.in(v.max(), k)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f%%", 100 * t.relativeIqr())).append(" | ")
                    .append(others(s)).append(s.failure() == null ? "" : " (stopped: " + s.failure() + ")").append(" |\n");
        }
        return md.toString();
    }

    private static String others(Outcome.SideRecord s) {
        TreeSet<String> names = new TreeSet<>();
        s.rounds().forEach(r -> names.addAll(r.metrics().keySet()));
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            List<Double> values = s.rounds().stream().map(r -> r.metrics().get(name)).filter(v -> v != null).toList();
            double m = Spread.of(values).median();
            String shown = name.endsWith("bytes") ? Units.bytes(m) : name.endsWith("_ns") ? Units.time(m)
                    : name.equals("alloc") ? Units.bytes(m) : Spread.fmt(m);
            out.append(out.isEmpty() ? "" : ", ").append(name).append(' ').append(shown);
        }
        return out.isEmpty() ? "–" : out.toString();
    }

    /** The README's results block: where the figures come from, the targets, and the main charts. */
    static String readme(String mode, String rel, Map<String, String> env, List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("From `bench/run ").append(mode).append("` on ").append(env.getOrDefault("Date", "an unknown date"))
                .append(", commit ").append(env.getOrDefault("Commit", "unknown")).append(" (load average ")
                .append(Report.load(outcomes)).append("; every figure in [").append(rel).append("/results.md](")
                .append(rel).append("/results.md)). Medians of per-round ratios, with the middle half of the rounds")
                .append(" (IQR):\n\n| Target | Median | IQR | Verdict |\n|---|---:|---:|---|\n");
        for (Outcome o : outcomes) {
            for (Targets.Judged j : Targets.all(o)) {
                if (j.target().bound() == null) {
                    continue;
                }
                md.append("| ").append(j.target().what()).append(" | ");
                if (j.measured()) {
                    md.append(Spread.fmt(j.spread().median())).append("× | ").append(Spread.fmt(j.spread().q1())).append("–")
                            .append(Spread.fmt(j.spread().q3())).append(" | ").append(j.verdict().text).append(" |\n");
                } else {
                    md.append("– | – | ").append(j.verdict().text).append(" |\n");
                }
            }
        }
        md.append('\n');
        for (Outcome o : outcomes) {
            if (README_CHARTS.contains(o.id()) && o.sides().stream().anyMatch(s -> !s.rounds().isEmpty())) {
                md.append("![").append(o.id()).append("](").append(rel).append('/').append(Charts.file(o)).append(")\n");
            }
        }
        return md.append(END).toString();
    }

    /** {@code text} with its results block replaced by {@code block}. */
    static String splice(String text, String block) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the README has no " + BEGIN + " … " + END + " block to rewrite");
        }
        return text.substring(0, begin) + block + text.substring(end + END.length());
    }
}
