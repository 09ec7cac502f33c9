package dev.ffmap.internal;

import java.util.OptionalInt;

/** Resolves flag enums to the running platform's values, by their C names, once per enum class. */
public final class Flags {
    /** The platform value of each constant of an enum class, by ordinal; empty where the OS has none. */
    private static final ClassValue<OptionalInt[]> VALUES = new ClassValue<>() {
        @Override
        protected OptionalInt[] computeValue(Class<?> type) {
            Os os = Os.current();
            Object[] constants = type.getEnumConstants();
            OptionalInt[] values = new OptionalInt[constants.length];
            for (Object c : constants) {
                values[((Enum<?>) c).ordinal()] = os.constant(((Enum<?>) c).name());
            }
            return values;
        }
    };

    private Flags() {
    }

    /** The value of {@code flag}, or {@link UnsupportedOperationException} naming flag and OS. */
    public static int value(Enum<?> flag) {
        OptionalInt v = VALUES.get(flag.getDeclaringClass())[flag.ordinal()];
        if (v.isEmpty()) {
            throw new UnsupportedOperationException(Os.current().missing(flag.name()));
        }
        return v.getAsInt();
    }

    /** Whether the running OS defines {@code flag}. */
    public static boolean isSupported(Enum<?> flag) {
        return VALUES.get(flag.getDeclaringClass())[flag.ordinal()].isPresent();
    }
}
