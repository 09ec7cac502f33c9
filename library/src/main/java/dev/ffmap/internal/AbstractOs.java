package dev.ffmap.internal;

import java.util.OptionalInt;

/**
 * What every backend has the same way: its name in messages, its table of C constants (read
 * from its generated bindings) and its page size.
 */
abstract sealed class AbstractOs implements Os permits PosixOs, WindowsOs {
    private final String name;
    private final Constants constants;
    private final long pageSize;

    AbstractOs(String name, Constants constants, long pageSize) {
        this.name = name;
        this.constants = constants;
        this.pageSize = pageSize;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final OptionalInt constant(String cName) {
        return constants.get(cName);
    }

    @Override
    public final String missing(String cName) {
        return constants.missing(cName, name);
    }

    @Override
    public final String describe(String family, int value) {
        return constants.describe(family, value);
    }

    @Override
    public final long pageSize() {
        return pageSize;
    }

    /** A call this OS does not have: an error naming the call and the OS. */
    final UnsupportedOperationException unsupported(String call) {
        return new UnsupportedOperationException(call + " is not available on " + name);
    }
}
