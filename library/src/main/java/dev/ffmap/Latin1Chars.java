package dev.ffmap;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Mapped bytes seen as ISO-8859-1 characters, one char per byte: what
 * {@link java.util.regex.Pattern} needs to search a mapped file directly.
 *
 * <p>It reads the map in windows of {@value #WINDOW} bytes, each copied out as one guarded
 * access of its {@link MappedFile}: a copy the JVM recovers from if the file was truncated, with
 * the fault thrown right there as {@link MappingFaultException}. Reading byte by byte instead
 * would leave the fault to surface later, somewhere in the regex engine's code, as a bare
 * {@link InternalError}, after the engine had already acted on bytes that were never read. It
 * reads through a segment of the map, so it dies with it: after close or resize, any read
 * throws {@link IllegalStateException}. Threads may share it: each window is published whole.
 */
final class Latin1Chars implements CharSequence {
    private static final int WINDOW = 8192;

    private final MappedFile owner;
    private final MemorySegment bytes;
    /** The last window read; a racing thread sees this one or a newer one, each complete (final fields). */
    private Window window = new Window(0, new byte[0]);

    private record Window(long start, byte[] data) {
    }

    Latin1Chars(MappedFile owner, MemorySegment bytes) {
        if (bytes.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A CharSequence holds at most " + Integer.MAX_VALUE
                    + " chars; this range has " + bytes.byteSize() + " bytes: take chars(start, length) windows");
        }
        this.owner = owner;
        this.bytes = bytes;
    }

    @Override
    public int length() {
        return (int) bytes.byteSize();
    }

    @Override
    public char charAt(int index) {
        Objects.checkIndex(index, length());
        Window w = window;
        long k = index - w.start;
        if (k < 0 || k >= w.data.length || !bytes.scope().isAlive()) { // a dead view reads nothing, not even its copy
            w = read(index);
            k = index - w.start;
        }
        return (char) (w.data[(int) k] & 0xFF);
    }

    /** Reads the window around {@code index}: a quarter before it (regex engines step back), the rest after. */
    private Window read(int index) {
        long start = Math.max(0, index - WINDOW / 4);
        int count = (int) Math.min(WINDOW, length() - start);
        Window w = new Window(start, owner.copyOf(bytes, start, count));
        window = w;
        return w;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length());
        return new Latin1Chars(owner, bytes.asSlice(start, end - start));
    }

    @Override
    public String toString() {
        return new String(owner.copyOf(bytes, 0, length()), StandardCharsets.ISO_8859_1);
    }
}
