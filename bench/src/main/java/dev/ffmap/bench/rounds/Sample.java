package dev.ffmap.bench.rounds;

import java.util.Map;

/**
 * What one batch of one side measured: nanoseconds per operation, the operations timed, and
 * other figures by name (for example {@code alloc}: bytes allocated per operation by the timing
 * thread; {@code read_bytes}: bytes read from storage per operation; {@code huge}: the share of
 * the memory the kernel backed with huge pages).
 */
public record Sample(double nsPerOp, long ops, Map<String, Double> metrics) {
    public Sample {
        metrics = Map.copyOf(metrics);
    }

    /** The figure {@code name}: {@code "time"} is {@link #nsPerOp()}; null if this sample lacks it. */
    public Double value(String name) {
        return name.equals("time") ? Double.valueOf(nsPerOp) : metrics.get(name);
    }
}
