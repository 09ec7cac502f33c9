package dev.ffmap.internal;

import java.lang.foreign.MemorySegment;

/**
 * The searches {@code VectorSearch} runs with the Vector API, as {@link ByteSearch} calls them.
 * An interface, so that the rest of the module compiles and runs without the incubating
 * {@code jdk.incubator.vector} module: {@code VectorSearch} is compiled apart and loaded only when
 * the JVM has it. Every method runs only on memory that cannot shrink (the Java heap, anonymous
 * memory): vector loads of a truncated file's pages are not recovered by the JVM.
 */
interface Searcher {
    /** Lanes of a byte vector: narrower vectors do not pay. */
    int lanes();

    /** As {@link ByteSearch#indexOf(MemorySegment, long, long, byte, boolean)}. */
    long indexOf(MemorySegment s, long from, long to, byte b);

    /** As {@link ByteSearch#indexOf(MemorySegment, long, long, MemorySegment, boolean)}, needles of two bytes or more. */
    long indexOf(MemorySegment s, long from, long to, MemorySegment needle);

    /** As {@link ByteSearch#lastIndexOf(MemorySegment, long, long, MemorySegment, boolean)}, needles of one byte or more. */
    long lastIndexOf(MemorySegment s, long from, long to, MemorySegment needle);
}
