package dev.ffmap.bench.rounds;

/**
 * One side of a comparison: a way to do the same work (ffmap, the JDK, C, CPython) that runs
 * one timed batch when asked. {@link Rounds} asks each side in turn, round after round, so that
 * whatever else the machine does falls on all sides alike.
 */
public interface Side extends AutoCloseable {
    /** The name in tables and charts, unique within its comparison. */
    String label();

    Family family();

    /** Operations per batch this side always runs; 0 lets {@link Rounds} size batches to the plan's batch time. */
    default long fixedOps() {
        return 0;
    }

    /**
     * Runs before the rounds, once, for a side of {@linkplain #fixedOps() fixed} batch size (the
     * others warm up in batches that also size them): by default one batch.
     */
    default void warmUp() throws Exception {
        run(Math.max(1, fixedOps()));
    }

    /** Runs {@code ops} operations, timing what the side is about, and says what it measured. */
    Sample run(long ops) throws Exception;

    /** Frees what the side holds (mappings, files, a server process). */
    @Override
    default void close() throws Exception {
    }
}
