package dev.ffmap;

/**
 * Python's rules for indices and slices over a sequence of {@code length} bytes, with
 * {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} standing for an omitted bound (Python's
 * {@code None}): they clamp exactly as {@code PySlice_AdjustIndices} clamps the bounds of
 * {@code m[::-1]}.
 */
record PyIndex(long start, long step, long count) {

    /** The index {@code index} means, negative counting from the end; out of range throws. */
    static long item(long index, long length) {
        long i = index < 0 ? index + length : index;
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("mmap index out of range: " + index + " (length " + length + ")");
        }
        return i;
    }

    /** The positions {@code m[start:stop:step]} covers: the first, the step between them and how many. */
    static PyIndex slice(long start, long stop, long step, long length) {
        if (step == 0) {
            throw new IllegalArgumentException("slice step cannot be zero");
        }
        long s = step == Long.MIN_VALUE ? -Long.MAX_VALUE : step; // so that -s cannot overflow
        long first = clamp(start, s, length);
        long end = clamp(stop, s, length);
        long count;
        if (s < 0) {
            count = end < first ? (first - end - 1) / -s + 1 : 0;
        } else {
            count = first < end ? (end - first - 1) / s + 1 : 0;
        }
        return new PyIndex(first, s, count);
    }

    private static long clamp(long bound, long step, long length) {
        if (bound < 0) {
            long b = bound + length;
            return b < 0 ? (step < 0 ? -1 : 0) : b;
        }
        if (bound >= length) {
            return step < 0 ? length - 1 : length;
        }
        return bound;
    }

    /** Python's clamping of a find range bound: negative counts from the end, then into {@code [0, length]}. */
    static long findBound(long bound, long length) {
        long b = bound < 0 ? bound + length : bound;
        return Math.max(0, Math.min(b, length));
    }

    /** The number of bytes as an array length, or a clear error when a byte[] cannot hold them. */
    int arrayLength() {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("A slice of " + count
                    + " bytes does not fit in a byte[]; read it through segment() instead");
        }
        return (int) count;
    }
}
