package dev.ffmap.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The JMH figures a run keeps: time per op with its error, and bytes allocated per op from {@code -prof gc}. */
final class Jmh {
    private Jmh() {
    }

    record Row(String benchmark, String params, double score, double error, String unit, Double bytesPerOp) {
    }

    static List<Row> read(Path json) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(json)) {
            return rows;
        }
        for (JsonElement e : JsonParser.parseString(Files.readString(json)).getAsJsonArray()) {
            JsonObject b = e.getAsJsonObject();
            String name = b.get("benchmark").getAsString().replace("dev.ffmap.bench.", "");
            String params = !b.has("params") ? "" : b.getAsJsonObject("params").entrySet().stream()
                    .map(p -> p.getKey() + "=" + p.getValue().getAsString()).collect(Collectors.joining(", "));
            JsonObject m = b.getAsJsonObject("primaryMetric");
            Double alloc = null;
            if (b.has("secondaryMetrics") && b.getAsJsonObject("secondaryMetrics").has("gc.alloc.rate.norm")) {
                alloc = b.getAsJsonObject("secondaryMetrics").getAsJsonObject("gc.alloc.rate.norm").get("score").getAsDouble();
            }
            double error = m.get("scoreError").isJsonPrimitive() && m.get("scoreError").getAsJsonPrimitive().isNumber()
                    ? m.get("scoreError").getAsDouble() : Double.NaN;
            rows.add(new Row(name, params, m.get("score").getAsDouble(), error, m.get("scoreUnit").getAsString(), alloc));
        }
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder md = new StringBuilder("| Benchmark | Parameters | Time per op (± 99.9% error) | Allocated per op |\n"
                + "|---|---|---:|---:|\n");
        for (Row r : rows) {
            md.append("| `").append(r.benchmark()).append("` | ").append(r.params().isEmpty() ? "–" : r.params()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f ± %.2f %s", r.score(), r.error(), r.unit())).append(" | ")
                    .append(r.bytesPerOp() == null ? "–" : String.format(Locale.ROOT, "%.0f B", r.bytesPerOp())).append(" |\n");
        }
        return md.toString();
    }
}
