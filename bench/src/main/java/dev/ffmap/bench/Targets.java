package dev.ffmap.bench;

import dev.ffmap.bench.rounds.Outcome;
import dev.ffmap.bench.rounds.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a target from its comparison's rounds. The ratio is taken within each round (the two
 * sides ran minutes, usually seconds, apart, under the same load), and the verdict reads the
 * middle half of those ratios: <b>met</b> when the whole interquartile range keeps the bound
 * (three rounds in four or more), <b>not met</b> when the whole of it misses, and
 * <b>undecided</b> when the bound lies inside it: the spread is then too wide to call.
 */
final class Targets {
    private Targets() {
    }

    enum Verdict {
        MET("met"), NOT_MET("**not met**"), UNDECIDED("undecided"), INFO("–"), NOT_MEASURED("not measured");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** A target with its per-round ratios, their spread, the rounds within the bound and the verdict. */
    record Judged(Outcome outcome, Target target, List<Double> ratios, Spread spread, int within, Verdict verdict,
                  String why) {
        boolean measured() {
            return spread != null;
        }
    }

    static Judged judge(Outcome o, Target t) {
        Outcome.SideRecord num = o.side(t.num());
        Outcome.SideRecord den = o.side(t.den());
        if (num == null || den == null) {
            return new Judged(o, t, List.of(), null, 0, Verdict.NOT_MEASURED, "a side is missing");
        }
        List<Double> ratios = new ArrayList<>();
        int rounds = Math.min(num.rounds().size(), den.rounds().size());
        for (int r = 0; r < rounds; r++) {
            Double a = num.rounds().get(r).value(t.metric());
            Double b = den.rounds().get(r).value(t.metric());
            if (a != null && b != null && b > 0) {
                ratios.add(a / b);
            }
        }
        if (ratios.isEmpty()) {
            return new Judged(o, t, ratios, null, 0, Verdict.NOT_MEASURED, "no round measured both sides");
        }
        Spread s = Spread.of(ratios);
        if (t.bound() == null) {
            return new Judged(o, t, ratios, s, 0, Verdict.INFO, "");
        }
        double bound = t.bound();
        int within = (int) ratios.stream().filter(x -> t.atLeast() ? x >= bound : x <= bound).count();
        String unmet = unmetRequirement(o, t);
        if (unmet != null) {
            return new Judged(o, t, ratios, s, within, Verdict.UNDECIDED, unmet);
        }
        Verdict v;
        if (t.atLeast()) {
            v = s.q1() >= bound ? Verdict.MET : s.q3() < bound ? Verdict.NOT_MET : Verdict.UNDECIDED;
        } else {
            v = s.q3() <= bound ? Verdict.MET : s.q1() > bound ? Verdict.NOT_MET : Verdict.UNDECIDED;
        }
        return new Judged(o, t, ratios, s, within, v, v == Verdict.UNDECIDED ? "the bound lies inside the IQR" : "");
    }

    /** Why the target cannot be judged, or null if its requirement holds (or it has none). */
    private static String unmetRequirement(Outcome o, Target t) {
        Target.Require req = t.require();
        if (req == null) {
            return null;
        }
        Outcome.SideRecord side = o.side(req.side());
        List<Double> values = side == null ? List.of()
                : side.rounds().stream().map(s -> s.value(req.metric())).filter(v -> v != null).toList();
        if (values.isEmpty()) {
            return req.unmet() + " (" + req.metric() + " not measured)";
        }
        double median = Spread.of(values).median();
        return median >= req.min() ? null : req.unmet() + " (median " + req.metric() + " " + Spread.fmt(median) + ")";
    }

    /** The bound as written in tables: {@code "≤ 1.1"} or {@code "≥ 2"}. */
    static String bound(Target t) {
        return t.bound() == null ? "–" : (t.atLeast() ? "≥ " : "≤ ") + Spread.fmt(t.bound()).replaceAll("\\.?0+$", "");
    }

    static List<Judged> all(Outcome o) {
        return o.targets().stream().map(t -> judge(o, t)).toList();
    }
}
