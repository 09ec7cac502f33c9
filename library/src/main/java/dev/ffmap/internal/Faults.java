package dev.ffmap.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where the JVM delivers a fault of mapped memory. A load or store through a segment whose page
 * is gone (the file was truncated: SIGBUS) does not throw at once: the JVM records the fault and
 * throws {@link InternalError} at the thread's next safepoint poll, a loop back-edge or a method
 * return, which after inlining may lie in the caller's code, past any {@code try} around the
 * access. {@link #settle()} is such a poll that is never inlined: called inside the {@code try}
 * right after the access, it makes the error arrive there.
 */
public final class Faults {
    /** The message of the JVM's error for a fault in an unsafe (segment) access. */
    private static final String UNSAFE_FAULT = "a fault occurred in an unsafe memory access operation";
    /** Never set: only its being read keeps {@link #settle()}'s body from folding away. */
    private static volatile int never;
    private static int spill;

    /** The most {@link #move} holds on the heap at a time. */
    private static final int MOVE_CHUNK = 64 * 1024;

    private Faults() {
    }

    /**
     * Copies {@code count} bytes from {@code from} at {@code fromOffset} to {@code to} at
     * {@code toOffset} as memmove does (the ranges may overlap either way), through a heap buffer,
     * one chunk at a time: each chunk is read, {@link #settle settled}, and only then written.
     * A direct copy from memory that can fault to memory that cannot would store what a faulted
     * load left in a register (compiled code goes on past the load and throws later), writing
     * bytes that were never read; here a fault throws before its chunk is written. So a copy that
     * faults has copied whole chunks (from the end when the destination lies above the source)
     * and never a wrong byte.
     */
    public static void move(MemorySegment from, long fromOffset, MemorySegment to, long toOffset, long count) {
        byte[] chunk = new byte[(int) Math.min(count, MOVE_CHUNK)];
        boolean backwards = to.address() + toOffset > from.address() + fromOffset;
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(chunk.length, count - done);
            long at = backwards ? count - done - n : done;
            MemorySegment.copy(from, ValueLayout.JAVA_BYTE, fromOffset + at, chunk, 0, n);
            settle();
            MemorySegment.copy(chunk, 0, to, ValueLayout.JAVA_BYTE, toOffset + at, n);
            done += n;
        }
    }

    /** Whether {@code e} is the JVM's report of a fault in a memory access, not another internal error. */
    public static boolean isAccessFault(InternalError e) {
        String m = e.getMessage();
        return m != null && m.contains(UNSAFE_FAULT);
    }

    /**
     * After a fault was caught: takes any further fault the same access left pending (a
     * compiled loop may fault more than once before the first fault is delivered), so that it
     * is not thrown later in the caller's code.
     */
    public static void drain() {
        for (int i = 0; i < 8; i++) {
            try {
                settle();
                return;
            } catch (InternalError again) {
                if (!isAccessFault(again)) {
                    throw again;
                }
            }
        }
    }

    /**
     * A method that is never inlined, so its return is a safepoint poll of its own where a
     * pending fault is thrown. Its bytecode is kept over C2's {@code FreqInlineSize} (325 bytes)
     * and C1's {@code MaxInlineSize} (35 bytes), the limits above which neither compiler inlines:
     * that is the only purpose of the switch, which never takes a case (measured: without this
     * call, 297 of 300 faults after C2 warm-up surfaced in the caller's loop; with it, none).
     */
    public static void settle() {
        switch (never) {
            case 1 -> spill = spill * 31 + 1;
            case 2 -> spill = spill * 31 + 2;
            case 3 -> spill = spill * 31 + 3;
            case 4 -> spill = spill * 31 + 4;
            case 5 -> spill = spill * 31 + 5;
            case 6 -> spill = spill * 31 + 6;
            case 7 -> spill = spill * 31 + 7;
            case 8 -> spill = spill * 31 + 8;
            case 9 -> spill = spill * 31 + 9;
            case 10 -> spill = spill * 31 + 10;
            case 11 -> spill = spill * 31 + 11;
            case 12 -> spill = spill * 31 + 12;
            case 13 -> spill = spill * 31 + 13;
            case 14 -> spill = spill * 31 + 14;
            case 15 -> spill = spill * 31 + 15;
            case 16 -> spill = spill * 31 + 16;
            case 17 -> spill = spill * 31 + 17;
            case 18 -> spill = spill * 31 + 18;
            case 19 -> spill = spill * 31 + 19;
            case 20 -> spill = spill * 31 + 20;
            case 21 -> spill = spill * 31 + 21;
            case 22 -> spill = spill * 31 + 22;
            case 23 -> spill = spill * 31 + 23;
            case 24 -> spill = spill * 31 + 24;
            case 25 -> spill = spill * 31 + 25;
            case 26 -> spill = spill * 31 + 26;
            case 27 -> spill = spill * 31 + 27;
            case 28 -> spill = spill * 31 + 28;
            case 29 -> spill = spill * 31 + 29;
            case 30 -> spill = spill * 31 + 30;
            case 31 -> spill = spill * 31 + 31;
            case 32 -> spill = spill * 31 + 32;
            default -> {
            }
        }
    }
}
