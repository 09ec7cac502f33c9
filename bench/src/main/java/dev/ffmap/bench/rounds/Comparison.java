package dev.ffmap.bench.rounds;

import java.util.ArrayList;
import java.util.List;

/**
 * One comparison: the same work done by several {@linkplain Side sides}, measured in interleaved
 * rounds, and the ratios between them that it reports or must keep. {@link #bytesPerOp} is the
 * data one operation moves (the tables then show GB/s), or 0 (they show time per operation).
 */
public final class Comparison implements AutoCloseable {
    private final String id;
    private final String title;
    private final long bytesPerOp;
    private final int rounds;
    private final List<Side> sides = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Comparison(String id, String title, long bytesPerOp, int rounds) {
        this.id = id;
        this.title = title;
        this.bytesPerOp = bytesPerOp;
        this.rounds = rounds;
    }

    /** A side that could not be made (a flag this kernel lacks, say). */
    @FunctionalInterface
    public interface Maker {
        Side make() throws Exception;
    }

    /** Adds the side {@code maker} makes; if it fails, the comparison goes on without it and says why. */
    public Comparison side(String label, Maker maker) {
        try {
            sides.add(maker.make());
        } catch (Exception e) {
            notes.add(label + ": not measured, it could not be set up: " + e);
        }
        return this;
    }

    public Comparison side(Side side) {
        sides.add(side);
        return this;
    }

    public Comparison target(Target target) {
        targets.add(target);
        return this;
    }

    public Comparison note(String note) {
        notes.add(note);
        return this;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public long bytesPerOp() {
        return bytesPerOp;
    }

    public int rounds() {
        return rounds;
    }

    public List<Side> sides() {
        return sides;
    }

    public List<Target> targets() {
        return targets;
    }

    public List<String> notes() {
        return notes;
    }

    /** Closes every side; a failure is noted, not thrown, so the others still close. */
    @Override
    public void close() {
        for (Side s : sides) {
            try {
                s.close();
            } catch (Exception e) {
                notes.add(s.label() + ": close failed: " + e);
            }
        }
    }
}
