package dev.ffmap.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the calls that are touching a mapping's memory right now, so that close, protect and
 * remap can wait for them before the kernel changes the memory under them.
 *
 * <p>The JDK already makes a closed shared arena's segments throw, but a tight race between
 * {@code Arena.close()} and a copy out of the segment in C2-compiled code crashed JDK 25.0.3 here
 * with SIGSEGV in the copy stub (a few times a minute with 8 threads reading while another
 * closes). The library's own access paths therefore also take this count, which does not depend
 * on how the JIT compiled the caller.
 *
 * <p>A caller increments its stripe, then reads {@code draining}; the drainer sets
 * {@code draining}, then reads every stripe. Both are sequentially consistent (atomic and
 * volatile accesses), so either the caller sees the drain and backs off, or the drainer sees the
 * caller and waits for it. Stripes sit 128 bytes apart so readers on different cores do not share
 * a cache line. The 4 KiB of stripes are allocated at the first access, not with every mapping:
 * a drain that finds none has nothing to wait for (an access that installs them afterwards sees
 * the drain when it reads {@code draining}).
 *
 * <p>Open for extension so that an owner can be its own count (one object less per mapping).
 */
public class InFlight {
    private static final int STRIPES = 32;
    private static final int SPACING = 16; // longs: 128 bytes
    private static final VarHandle STRIPES_FIELD;

    static {
        try {
            STRIPES_FIELD = MethodHandles.lookup().findVarHandle(InFlight.class, "stripes", AtomicLongArray.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null until the first access; set once, through {@link #STRIPES_FIELD}. */
    private volatile AtomicLongArray stripes;
    private volatile boolean draining;
    private volatile boolean closed;

    /**
     * Enters an access; waits while a drain runs. Returns the token for {@link #exit}, or -1 if
     * the memory is gone for good (closed).
     */
    public int enter() {
        int slot = (int) (Thread.currentThread().threadId() & (STRIPES - 1)) * SPACING;
        AtomicLongArray counts = stripes;
        if (counts == null) {
            STRIPES_FIELD.compareAndSet(this, null, new AtomicLongArray(STRIPES * SPACING));
            counts = stripes;
        }
        while (true) {
            counts.getAndIncrement(slot);
            if (!draining) {
                return slot;
            }
            counts.getAndDecrement(slot);
            if (closed) {
                return -1;
            }
            while (draining && !closed) {
                Thread.onSpinWait();
            }
        }
    }

    public void exit(int token) {
        stripes.getAndDecrement(token);
    }

    /**
     * Stops new accesses and waits for those in progress to end. Must not be called from inside
     * an access on the same thread (it would wait for itself).
     */
    public void drain() {
        draining = true;
        AtomicLongArray counts = stripes;
        if (counts == null) {
            return;
        }
        for (int i = 0; i < STRIPES * SPACING; i += SPACING) {
            while (counts.get(i) != 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** Lets accesses in again after a drain (the memory is still there, changed). */
    public void release() {
        draining = false;
    }

    /** Ends a drain for good: accesses waiting or to come see the memory as closed. */
    public void close() {
        closed = true;
    }
}
