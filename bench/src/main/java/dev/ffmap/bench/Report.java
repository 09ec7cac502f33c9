package dev.ffmap.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one run's raw results ({@code raw/jmh.json}, {@code raw/c.jsonl}, {@code raw/python.jsonl},
 * {@code raw/env.txt}) into {@code results.md} (absolute figures, ratios to the best C, the
 * targets) and one PNG chart per case: {@code java -cp benchmarks.jar dev.ffmap.bench.Report DIR MODE}.
 */
public final class Report {
    /** One measured implementation of one case. */
    record Row(String caseId, String impl, Family family, double nsPerOp) {
    }

    enum Family { FFMAP, JDK, C, PYTHON }

    /** The cases in report order, with what one op moves (0: nothing to divide by) and a title. */
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    record Case(String title, long bytes) {
    }

    static {
        CASES.put("scan-1g", new Case("Warm sequential scan, sum of longs, 1 GiB", BenchFiles.GIB));
        CASES.put("scan-5g", new Case("Warm sequential scan, 5 GiB sparse file (one segment vs 1 GiB buffers)", 5 * BenchFiles.GIB));
        CASES.put("map-unmap-4k", new Case("map + unmap, 4 KiB file already open, untouched", 0));
        CASES.put("map-unmap-1g", new Case("map + unmap, 1 GiB file already open, untouched", 0));
        CASES.put("open-map-close-4k", new Case("open + map + unmap + close, 4 KiB file", 0));
        CASES.put("open-map-close-1g", new Case("open + map + unmap + close, 1 GiB file", 0));
        CASES.put("map-scan-1g", new Case("map + first scan + unmap, 1 GiB, page cache warm", BenchFiles.GIB));
        CASES.put("cold-scan-256m", new Case("map + first scan, 256 MiB, page cache emptied before each op", 256 * BenchFiles.MIB));
        CASES.put("random-4k", new Case("Random 4 KiB page reads over a warm 1 GiB mapping", 4096));
        CASES.put("msync-1m", new Case("Dirty 256 pages, then msync(MS_SYNC) / force of the 1 MiB range", BenchFiles.MIB));
        CASES.put("find-1g", new Case("find a 16-byte needle at the end of 1 GiB of text", BenchFiles.GIB));
        CASES.put("small-maps-4k", new Case("Many small mappings: map 4 KiB, touch, unmap (per mapping)", 0));
        CASES.put("ring-4k", new Case("Shared-memory ring: one 4 KiB record from producer to consumer", 4096));
        CASES.put("readline-1g", new Case("Every line of a 1 GiB file of 100-byte lines", BenchFiles.GIB));
        CASES.put("read-1g", new Case("Sequential read of 1 GiB in 1 MiB pieces", BenchFiles.GIB));
    }

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(args[0]);
        String mode = args.length > 1 ? args[1] : dir.getFileName().toString();
        Path raw = dir.resolve("raw");
        List<Row> rows = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        if (Files.exists(raw.resolve("jmh.json"))) {
            rows.addAll(jmhRows(raw.resolve("jmh.json"), env));
        }
        for (String name : List.of("c.jsonl", "python.jsonl")) {
            if (Files.exists(raw.resolve(name))) {
                rows.addAll(lineRows(raw.resolve(name)));
            }
        }
        if (Files.exists(raw.resolve("env.txt"))) {
            for (String line : Files.readAllLines(raw.resolve("env.txt"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        Files.writeString(dir.resolve("results.md"), markdown(mode, env, rows));
        for (String id : CASES.keySet()) {
            chart(dir, id, rows);
        }
        System.err.println("bench: wrote " + dir.resolve("results.md") + " and its charts");
    }

    // ------------------------------------------------------------ reading

    private static List<Row> jmhRows(Path json, Map<String, String> env) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(Files.readString(json)).getAsJsonArray()) {
            JsonObject b = e.getAsJsonObject();
            env.putIfAbsent("JDK", b.get("jdkVersion").getAsString() + " (" + b.get("vmName").getAsString() + ")");
            String name = b.get("benchmark").getAsString().replace("dev.ffmap.bench.", "");
            JsonObject params = b.has("params") ? b.getAsJsonObject("params") : new JsonObject();
            JsonObject metric = b.getAsJsonObject("primaryMetric");
            double ns = metric.get("score").getAsDouble() * nanosPer(metric.get("scoreUnit").getAsString());
            javaRow(name, params, ns).ifPresent(rows::add);
        }
        return rows;
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
    }

    private static String param(JsonObject params, String key) {
        return params.has(key) ? params.get(key).getAsString() : "";
    }

    /** Where a JMH benchmark's figure goes: its case and its label. */
    private static Optional<Row> javaRow(String name, JsonObject params, double ns) {
        String size = param(params, "file").startsWith("small") ? "4k" : param(params, "file").startsWith("sparse") ? "5g" : "1g";
        String[] at = name.split("\\.");
        String c;
        String impl;
        switch (at[0]) {
            case "MapUnmapBench" -> {
                c = (at[1].endsWith("OpenMapClose") ? "open-map-close-" : "map-unmap-") + size;
                impl = switch (at[1]) {
                    case "mman" -> "ffmap Mman.mmap + munmap";
                    case "mappingOpenMapClose" -> "ffmap Mapping.map + close";
                    case "mappingConfinedOpenMapClose" -> "ffmap Mapping.map + close, confined";
                    case "fileChannelConfinedOpenMapClose" -> "FileChannel.open + map + close (confined arena)";
                    case "fileChannel" -> "FileChannel.map + Arena.close (shared arena)";
                    case "fileChannelConfined" -> "FileChannel.map + Arena.close (confined arena)";
                    case "fileChannelOpenMapClose" -> "FileChannel.open + map + close (shared arena)";
                    case "mappedByteBuffer" -> "MappedByteBuffer map (cannot be unmapped)";
                    default -> at[1];
                };
            }
            case "ScanBench" -> {
                c = "scan-" + size;
                impl = label(at[1], "MappedByteBuffer, 1 GiB buffers");
            }
            case "MapScanBench" -> {
                c = "map-scan-1g";
                impl = switch (at[1]) {
                    case "mappingDefault" -> "ffmap Mapping, default";
                    case "mappingPopulate" -> "ffmap Mapping, MAP_POPULATE";
                    default -> label(at[1], "");
                };
            }
            case "ColdScanBench" -> {
                c = "cold-scan-256m";
                impl = at[1].equals("mapping") ? "ffmap Mapping, " + wayName(param(params, "way"))
                        : label(at[1], "MappedByteBuffer.load()");
            }
            case "RandomReadBench" -> {
                boolean advised = at[1].equals("mman") || at[1].equals("mapping");
                if (!advised && param(params, "advice").equals("random")) {
                    return Optional.empty(); // FileChannel and MappedByteBuffer take no advice: the same figure twice
                }
                c = "random-4k";
                impl = label(at[1], "MappedByteBuffer") + (advised ? ", " + wayName(param(params, "advice")) : "");
            }
            case "MsyncBench" -> {
                c = "msync-1m";
                impl = switch (at[1]) {
                    case "mapping" -> "ffmap Mapping.sync(MS_SYNC)";
                    case "fileChannel" -> "FileChannel.map segment force()";
                    default -> "MappedByteBuffer.force(0, 1 MiB)";
                };
            }
            case "FindBench" -> {
                c = "find-1g";
                impl = switch (at[1]) {
                    case "ffmap" -> "ffmap MappedFile.find";
                    case "ffmapVector" -> "ffmap MappedFile.find, Vector API";
                    default -> "naive Java loop over the segment";
                };
            }
            case "SmallMapsBench" -> {
                c = "small-maps-4k";
                impl = switch (at[1]) {
                    case "mapping" -> "ffmap Mapping (open + map + close each)";
                    case "mappingConfined" -> "ffmap Mapping, confined (open + map + close each)";
                    case "fileChannelConfined" -> "FileChannel.map, confined arena";
                    default -> label(at[1], "");
                };
            }
            case "RingBench" -> {
                c = "ring-4k";
                impl = "ffmap ByteRing, 1 MiB, producer and consumer threads";
            }
            case "PythonJobsBench" -> {
                c = at[1].equals("readLine") ? "readline-1g" : "read-1g";
                impl = switch (at[1]) {
                    case "readLine" -> "ffmap MappedFile.readLine()";
                    case "readInto" -> "ffmap MappedFile.readInto(1 MiB array)";
                    default -> "ffmap MappedFile.read(1 MiB)";
                };
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new Row(c, impl, impl.startsWith("ffmap") ? Family.FFMAP : Family.JDK, ns));
    }

    private static String label(String method, String buffer) {
        return switch (method) {
            case "mman" -> "ffmap Mman";
            case "mapping" -> "ffmap Mapping";
            case "fileChannel" -> "FileChannel.map segment (shared arena)";
            default -> buffer.isEmpty() ? method : buffer;
        };
    }

    private static String wayName(String way) {
        return switch (way) {
            case "populate" -> "MAP_POPULATE";
            case "sequential" -> "MADV_SEQUENTIAL";
            case "willneed" -> "MADV_WILLNEED";
            case "random" -> "MADV_RANDOM";
            default -> "default";
        };
    }

    private static List<Row> lineRows(Path jsonl) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String c = o.get("case").getAsString();
            String impl = o.get("impl").getAsString();
            boolean python = impl.equals("cpython");
            String who = python ? "CPython" : "C " + (impl.endsWith("O2") ? "-O2" : "-O3 -march=native");
            String[] mapped = lineCase(c, who, python);
            rows.add(new Row(mapped[0], mapped[1], python ? Family.PYTHON : Family.C, o.get("ns_per_op").getAsDouble()));
        }
        return rows;
    }

    private static String[] lineCase(String c, String who, boolean python) {
        if (c.startsWith("map-scan-")) {
            return new String[]{"map-scan-1g", who + ", " + wayName(c.substring("map-scan-".length()))};
        }
        if (c.startsWith("cold-scan-")) {
            return new String[]{"cold-scan-256m", who + ", " + wayName(c.substring("cold-scan-".length()))};
        }
        if (c.startsWith("random-4k-")) {
            return new String[]{"random-4k", who + ", " + wayName(c.substring("random-4k-".length()))};
        }
        return switch (c) {
            case "find" -> new String[]{"find-1g", python ? "CPython mmap.find" : who + " memmem"};
            case "readline" -> new String[]{"readline-1g", "CPython readline()"};
            case "read" -> new String[]{"read-1g", "CPython read(1 MiB)"};
            case "small-maps" -> new String[]{"small-maps-4k", who};
            case "map-unmap-4k" -> new String[]{c, python ? "CPython mmap.mmap + close" : who};
            default -> new String[]{c, who};
        };
    }

    // ------------------------------------------------------------ writing

    private static String markdown(String mode, Map<String, String> env, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("# ffmap benchmark results (").append(mode).append(" run)\n\n");
        env.forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
        md.append("\nTimes are per op (JMH average time; for C and CPython the median of batches). ")
                .append("\"÷ best C\" is the time divided by the best C build's time for the same case: ")
                .append("below 1 is faster than C. One run on a noisy 2-core machine: read ratios, not absolutes.\n\n");
        md.append(Targets.section(rows)).append('\n');
        for (Map.Entry<String, Case> e : CASES.entrySet()) {
            List<Row> in = rowsOf(rows, e.getKey());
            if (in.isEmpty()) {
                continue;
            }
            md.append("## ").append(e.getValue().title()).append(" (`").append(e.getKey()).append("`)\n\n");
            md.append("![").append(e.getKey()).append("](chart-").append(e.getKey()).append(".png)\n\n");
            md.append("| Implementation | Time per op |").append(e.getValue().bytes() > 0 ? " GB/s |" : "").append(" ÷ best C |\n");
            md.append("|---|---:|").append(e.getValue().bytes() > 0 ? "---:|" : "").append("---:|\n");
            Optional<Double> bestC = bestC(rows, e.getKey());
            for (Row r : in) {
                md.append("| ").append(r.impl()).append(" | ").append(time(r.nsPerOp())).append(" |");
                if (e.getValue().bytes() > 0) {
                    md.append(String.format(Locale.ROOT, " %.2f |", e.getValue().bytes() / r.nsPerOp()));
                }
                md.append(bestC.map(c -> String.format(Locale.ROOT, " %.2f |", r.nsPerOp() / c)).orElse(" – |")).append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    static long bytesOf(String caseId) {
        return CASES.get(caseId).bytes();
    }

    static List<Row> rowsOf(List<Row> rows, String caseId) {
        return rows.stream().filter(r -> r.caseId().equals(caseId)).sorted(Comparator.comparingDouble(Row::nsPerOp)).toList();
    }

    static Optional<Double> bestC(List<Row> rows, String caseId) {
        return rowsOf(rows, caseId).stream().filter(r -> r.family() == Family.C).map(Row::nsPerOp).min(Double::compare);
    }

    static String time(double ns) {
        if (ns >= 1e6) {
            return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        }
        if (ns >= 1e3) {
            return String.format(Locale.ROOT, "%.2f µs", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ns", ns);
    }

    /** ffmap in blues, the JDK's mappings in oranges, C in greys, CPython in green; shades tell rows apart. */
    private static java.awt.Color color(Row r, List<Row> in) {
        List<Row> same = in.stream().filter(o -> o.family() == r.family()).toList();
        float shade = same.size() < 2 ? 0 : (float) same.indexOf(r) / (same.size() - 1);
        float[] hsb = switch (r.family()) {
            case FFMAP -> new float[]{0.60f, 0.75f, 0.95f - 0.35f * shade};
            case JDK -> new float[]{0.08f, 0.80f, 1.00f - 0.35f * shade};
            case C -> new float[]{0f, 0f, 0.25f + 0.35f * shade};
            case PYTHON -> new float[]{0.33f, 0.60f, 0.70f - 0.2f * shade};
        };
        return java.awt.Color.getHSBColor(hsb[0], hsb[1], hsb[2]);
    }

    private static void chart(Path dir, String caseId, List<Row> rows) throws IOException {
        List<Row> in = rowsOf(rows, caseId);
        if (in.isEmpty()) {
            return;
        }
        Case c = CASES.get(caseId);
        boolean rate = c.bytes() > 0;
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(420)
                .title(c.title()).yAxisTitle(rate ? "GB/s (higher is better)" : "µs per op (lower is better)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern(rate ? "0.00" : "0.0");
        chart.getStyler().setOverlapped(false);
        for (Row r : in) {
            double v = rate ? c.bytes() / r.nsPerOp() : r.nsPerOp() / 1e3;
            chart.addSeries(r.impl(), List.of(caseId), List.of(v)).setFillColor(color(r, in));
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve("chart-" + caseId).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
