package dev.ffmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Mapped bytes seen as ISO-8859-1 characters, one char per byte, copied nowhere: what
 * {@link java.util.regex.Pattern} needs to search a mapped file directly. It reads through a
 * segment of the mapping, so it dies with it: after close or resize, any read throws
 * {@link IllegalStateException}.
 */
final class Latin1Chars implements CharSequence {
    private final MemorySegment bytes;

    Latin1Chars(MemorySegment bytes) {
        if (bytes.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A CharSequence holds at most " + Integer.MAX_VALUE
                    + " chars; this range has " + bytes.byteSize() + " bytes: take chars(start, length) windows");
        }
        this.bytes = bytes;
    }

    @Override
    public int length() {
        return (int) bytes.byteSize();
    }

    @Override
    public char charAt(int index) {
        Objects.checkIndex(index, length());
        return (char) (bytes.get(ValueLayout.JAVA_BYTE, index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length());
        return new Latin1Chars(bytes.asSlice(start, end - start));
    }

    @Override
    public String toString() {
        return new String(bytes.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
    }
}
