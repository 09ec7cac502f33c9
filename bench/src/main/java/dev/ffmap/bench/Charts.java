package dev.ffmap.bench;

import dev.ffmap.bench.rounds.Outcome;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One PNG per comparison, two panels: every side's figure in every round (so the spread, and
 * how load moved all sides of a round together, are both visible), and the ratios the
 * comparison reports, round by round, with each target's bound as a dashed line.
 */
final class Charts {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 480;

    private Charts() {
    }

    static String file(Outcome o) {
        return "chart-" + o.id() + ".png";
    }

    static void draw(Path dir, Outcome o, List<Targets.Judged> judged) throws IOException {
        List<Outcome.SideRecord> sides = o.sides().stream().filter(s -> !s.rounds().isEmpty()).toList();
        if (sides.isEmpty()) {
            return;
        }
        XYChart values = values(o, sides);
        List<Targets.Judged> ratios = judged.stream().filter(Targets.Judged::measured).toList();
        if (ratios.stream().filter(j -> j.target().bound() != null).count() > 0 && ratios.size() > 6) {
            ratios = ratios.stream().filter(j -> j.target().bound() != null).toList();
        }
        String name = dir.resolve(file(o)).toString();
        if (ratios.isEmpty()) {
            BitmapEncoder.saveBitmap(values, name, BitmapEncoder.BitmapFormat.PNG);
        } else {
            BitmapEncoder.saveBitmap(List.of(values, ratios(ratios)), 2, 1, name, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("round").yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setXAxisMaxLabelCount(25);
        return c;
    }

    private static XYChart values(Outcome o, List<Outcome.SideRecord> sides) {
        boolean rate = o.bytesPerOp() > 0;
        double scale = rate ? 1 : Units.nanosPer(Report.typicalNs(o));
        String unit = rate ? "GB/s (higher is better)" : Units.name(Report.typicalNs(o)) + " per op (lower is better)";
        XYChart c = chart(o.title() + ": each side, each round", unit);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Outcome.SideRecord s : sides) {
            double[] x = IntStream.rangeClosed(1, s.rounds().size()).asDoubleStream().toArray();
            double[] y = s.rounds().stream().mapToDouble(r -> rate ? o.bytesPerOp() / r.nsPerOp() : r.nsPerOp() / scale).toArray();
            for (double v : y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            XYSeries series = c.addSeries(s.label(), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            Color color = color(s, sides);
            series.setLineColor(color);
            series.setMarkerColor(color);
        }
        c.getStyler().setYAxisLogarithmic(hi / lo > 100);
        return c;
    }

    private static XYChart ratios(List<Targets.Judged> judged) {
        XYChart c = chart("Ratios, round by round (dashed: the target's bound)", "ratio");
        double lo = Double.MAX_VALUE;
        double hi = 0;
        int k = 0;
        for (Targets.Judged j : judged) {
            Color color = Color.getHSBColor((k++ * 0.17f) % 1f, 0.75f, 0.75f);
            double[] x = IntStream.rangeClosed(1, j.ratios().size()).asDoubleStream().toArray();
            double[] y = j.ratios().stream().mapToDouble(Double::doubleValue).toArray();
            for (double v : y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            String name = shorten(j.target().what()) + (j.target().bound() == null ? "" : " (" + Targets.bound(j.target()) + ")");
            XYSeries s = c.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setLineColor(color);
            s.setMarkerColor(color);
            if (j.target().bound() != null && x.length > 0) {
                double b = j.target().bound();
                XYSeries bound = c.addSeries(name + " bound", new double[]{1, Math.max(2, x.length)}, new double[]{b, b});
                bound.setMarker(SeriesMarkers.NONE);
                bound.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
                bound.setLineColor(color);
                bound.setShowInLegend(false);
                lo = Math.min(lo, b);
                hi = Math.max(hi, b);
            }
        }
        c.getStyler().setYAxisLogarithmic(hi / lo > 100);
        return c;
    }

    private static String shorten(String what) {
        return what.length() <= 80 ? what : what.substring(0, 77) + "…";
    }

    /**
     * ffmap in blues to violets, the JDK in oranges to reds, C in greys, CPython in greens; hue
     * and shade tell a family's sides apart.
     */
    private static Color color(Outcome.SideRecord s, List<Outcome.SideRecord> all) {
        List<Outcome.SideRecord> same = all.stream().filter(o -> o.family() == s.family()).toList();
        float k = same.size() < 2 ? 0 : (float) same.indexOf(s) / (same.size() - 1);
        float[] hsb = switch (s.family()) {
            case FFMAP -> new float[]{0.52f + 0.24f * k, 0.85f, 0.95f - 0.35f * k};
            case JDK -> new float[]{0.10f - 0.10f * k, 0.90f, 1.00f - 0.30f * k};
            case C -> new float[]{0f, 0f, 0.10f + 0.45f * k};
            case PYTHON -> new float[]{0.30f + 0.08f * k, 0.75f, 0.65f - 0.25f * k};
        };
        return Color.getHSBColor(hsb[0], hsb[1], hsb[2]);
    }
}
