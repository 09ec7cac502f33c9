package dev.ffmap.bench.rounds;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A side measured in this JVM: a timed loop over one operation, after the warm-up {@link Rounds}
 * gives every side. Each operation returns a value that is summed and published, so the JIT
 * cannot drop the work. Beside the time it records the bytes the timing thread allocated per
 * operation (the figure JMH's {@code -prof gc} reports as {@code gc.alloc.rate.norm}).
 */
public final class JavaSide extends AbstractSide {
    /** One operation; its result is consumed. */
    @FunctionalInterface
    public interface Op {
        long run() throws Exception;
    }

    /** Untimed work before each operation (emptying the page cache, for example). */
    @FunctionalInterface
    public interface Prep {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Where results go so that no operation is dead code. */
    public static volatile long sink;

    private final Op op;
    private Prep before;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private JavaSide(String label, Family family, Op op) {
        super(label, family, 0);
        this.op = op;
    }

    public static JavaSide of(String label, Family family, Op op) {
        return new JavaSide(label, family, op);
    }

    /** Runs {@code prep} before each operation, outside the timing. */
    public JavaSide before(Prep prep) {
        this.before = prep;
        return this;
    }

    /** Always runs {@code ops} operations per batch (for operations that take seconds). */
    public JavaSide fixed(long ops) {
        fixOps(ops);
        return this;
    }

    /** Closes {@code resource} with the side. */
    public JavaSide holding(AutoCloseable resource) {
        resources.add(resource);
        return this;
    }

    @Override
    public Sample run(long ops) throws Exception {
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long sum = 0;
        long ns;
        if (before == null) {
            long t0 = System.nanoTime();
            for (long i = 0; i < ops; i++) {
                sum += op.run();
            }
            ns = System.nanoTime() - t0;
        } else {
            ns = 0;
            for (long i = 0; i < ops; i++) {
                before.run();
                long t0 = System.nanoTime();
                sum += op.run();
                ns += System.nanoTime() - t0;
            }
        }
        allocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;
        sink += sum;
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (before == null) { // with a prep, its own allocation would be counted too
            metrics.put("alloc", (double) allocated / ops);
        }
        return new Sample((double) ns / ops, ops, metrics);
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable r : resources.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
