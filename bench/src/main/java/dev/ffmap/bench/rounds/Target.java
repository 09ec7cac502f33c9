package dev.ffmap.bench.rounds;

/**
 * A ratio a comparison reports, round by round: the figure {@code metric} of side {@code num}
 * divided by that of side {@code den} in the same round. With a {@code bound} it is a target
 * (the ratio must stay at most, or at least, the bound); without one it is shown for information.
 * Speed targets are written as time ratios turned around: "ffmap at least 2× CPython's speed" is
 * CPython's time over ffmap's, at least 2.
 *
 * @param metric  {@code "time"} (nanoseconds per operation) or a {@link Sample#metrics()} name
 * @param require a figure that must hold for the target to be judged at all, or null
 */
public record Target(String what, String num, String den, String metric, Double bound, boolean atLeast,
                     Require require) {

    /**
     * The target is only judged if the median of {@code metric} of {@code side} is at least
     * {@code min}; otherwise it is undecided, for the reason {@code unmet} (for example: the
     * kernel gave no huge pages).
     */
    public record Require(String side, String metric, double min, String unmet) {
    }

    /** num's time ÷ den's time must stay at or below {@code bound}. */
    public static Target atMost(String what, String num, String den, double bound) {
        return new Target(what, num, den, "time", bound, false, null);
    }

    /** num's time ÷ den's time must reach at least {@code bound}: den is that many times faster. */
    public static Target atLeast(String what, String num, String den, double bound) {
        return new Target(what, num, den, "time", bound, true, null);
    }

    /** num's time ÷ den's time, shown without a bound. */
    public static Target info(String what, String num, String den) {
        return new Target(what, num, den, "time", null, false, null);
    }

    /** The same ratio of another figure. */
    public Target of(String newMetric) {
        return new Target(what, num, den, newMetric, bound, atLeast, require);
    }

    public Target requiring(Require newRequire) {
        return new Target(what, num, den, metric, bound, atLeast, newRequire);
    }
}
