package dev.ffmap;

import dev.ffmap.internal.Flags;

import java.util.Collection;

/**
 * A C constant of the mmap family, named as in C, whose value is the running platform's own
 * (read from the generated bindings, never typed in by hand).
 *
 * <p>The same Java name exists on every platform; where the running OS has no such constant,
 * {@link #value()} throws {@link UnsupportedOperationException} naming the flag and the OS, and
 * {@link #isSupported()} is false. ffmap never drops a flag silently.
 */
public sealed interface NativeFlag permits Prot, MapFlag, MsyncFlag, Advice, FileAdvice, OpenFlag, MremapFlag,
        SealFlag {

    /** {@return the C name, e.g. {@code "MAP_POPULATE"}} */
    String name();

    /**
     * {@return the platform's value of this constant}
     *
     * @throws UnsupportedOperationException if the running OS has no such constant
     */
    default int value() {
        return Flags.value((Enum<?>) this);
    }

    /** {@return whether the running OS defines this constant} */
    default boolean isSupported() {
        return Flags.isSupported((Enum<?>) this);
    }

    /**
     * {@return the C bit mask of {@code flags}: the OR of their values}
     *
     * @param flags the constants to combine; an empty collection gives 0
     * @throws UnsupportedOperationException if the running OS lacks one of them
     */
    static int mask(Collection<? extends NativeFlag> flags) {
        int mask = 0;
        for (NativeFlag f : flags) {
            mask |= f.value();
        }
        return mask;
    }
}
