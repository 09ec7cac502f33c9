package dev.ffmap.bench.rounds;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one comparison measured, as written to {@code raw/rounds/<id>.json} and read back by the
 * report: every side's sample of every round, the targets, the notes, and the machine's load.
 *
 * @param seconds       the whole comparison's time, warm-up included
 * @param warmupSeconds the warm-up's time
 * @param load          the 1-minute load average read after each round
 */
public record Outcome(String id, String title, String mode, long bytesPerOp, String started, double seconds,
                      double warmupSeconds, List<SideRecord> sides, List<Target> targets, List<String> notes, List<Double> load) {

    /**
     * One side: its batch size, one sample per round (in round order), and why it stopped if it did.
     */
    public record SideRecord(String label, Family family, long ops, List<Sample> rounds, String failure) {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, GSON.toJson(this));
    }

    public static Outcome read(Path file) throws IOException {
        return GSON.fromJson(Files.readString(file), Outcome.class);
    }

    /** The side called {@code label}, or null. */
    public SideRecord side(String label) {
        return sides.stream().filter(s -> s.label().equals(label)).findFirst().orElse(null);
    }
}
