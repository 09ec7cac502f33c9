package dev.ffmap.internal;

import java.util.OptionalInt;

/** Resolves flag enums to the running platform's values, by their C names. */
public final class Flags {
    private Flags() {
    }

    /** The platform value of each constant, by ordinal; empty where the platform has none. */
    public static OptionalInt[] resolve(Enum<?>[] constants) {
        Os os = Os.current();
        OptionalInt[] values = new OptionalInt[constants.length];
        for (Enum<?> c : constants) {
            values[c.ordinal()] = os.constant(c.name());
        }
        return values;
    }

    /** The value of {@code flag}, or {@link UnsupportedOperationException} naming flag and OS. */
    public static int value(Enum<?> flag, OptionalInt[] values) {
        OptionalInt v = values[flag.ordinal()];
        if (v.isEmpty()) {
            throw new UnsupportedOperationException(flag.name() + " is not available on " + Os.current().name());
        }
        return v.getAsInt();
    }
}
