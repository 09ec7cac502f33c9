package dev.ffmap.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The spread of a few values (one per round): median, quartiles (linear interpolation between
 * the sorted values, as R's type 7 and numpy's default), min and max.
 */
public record Spread(int n, double min, double q1, double median, double q3, double max) {

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        return new Spread(v.size(), v.getFirst(), quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), v.getLast());
    }

    private static double quantile(List<Double> sorted, double p) {
        double at = p * (sorted.size() - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (at - lo) * (sorted.get(hi) - sorted.get(lo));
    }

    /** The interquartile range relative to the median: 0.1 means the middle half of the rounds lies within ±5%. */
    public double relativeIqr() {
        return (q3 - q1) / median;
    }

    /** A spread turned around (for speeds computed from times): 1/x of every figure. */
    public Spread inverse() {
        return new Spread(n, 1 / max, 1 / q3, 1 / median, 1 / q1, 1 / min);
    }

    /** {@code "1.20× (IQR 1.10–1.31, range 0.95–1.60)"}. */
    public String ratio() {
        return String.format(Locale.ROOT, "%s× (IQR %s–%s, range %s–%s)", fmt(median), fmt(q1), fmt(q3), fmt(min), fmt(max));
    }

    /** Two decimals, or three below 0.1, so that small ratios keep their digits. */
    public static String fmt(double x) {
        return String.format(Locale.ROOT, Math.abs(x) < 0.1 ? "%.3f" : Math.abs(x) >= 100 ? "%.0f" : "%.2f", x);
    }
}
