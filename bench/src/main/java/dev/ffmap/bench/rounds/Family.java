package dev.ffmap.bench.rounds;

/** Whose code a side runs: the charts colour by it and the tables group by it. */
public enum Family {
    /** ffmap's own API. */
    FFMAP,
    /** What the JDK offers a Java user today: FileChannel.map, MappedByteBuffer, Arena.allocate. */
    JDK,
    /** The C baseline, bench/c. */
    C,
    /** CPython's mmap module, bench/python. */
    PYTHON
}
