package dev.ffmap.bench.rounds;

/** What every side has: its label, its family and, if it has one, its fixed batch size. */
abstract class AbstractSide implements Side {
    private final String label;
    private final Family family;
    private long fixedOps;

    AbstractSide(String label, Family family, long fixedOps) {
        this.label = label;
        this.family = family;
        this.fixedOps = fixedOps;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final Family family() {
        return family;
    }

    @Override
    public final long fixedOps() {
        return fixedOps;
    }

    final void fixOps(long ops) {
        this.fixedOps = ops;
    }
}
