package dev.ffmap.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The address ranges of the live mappings the backends made, so that a native call outside the
 * mmap family can refuse mapped memory before it runs ({@link Downcalls}): a fault there (SIGBUS
 * of a truncated file) would kill the JVM, where the same fault in Java code is an exception.
 *
 * <p>The backends' mmap, munmap and mremap wrappers keep it, the one place every mapping of the
 * library passes through; mappings the JDK makes ({@code FileChannel.map}) are not in it. Ranges
 * are whole pages, disjoint, keyed by their start.
 *
 * <p>Threading: lookups never lock. The common changes never lock either: adding a range the
 * kernel chose (it overlaps no live mapping) and removing a range exactly as it was added are
 * one skip-list insert or remove. The rest (a {@code MAP_FIXED} overlay inside a reservation, a
 * partial munmap) takes one lock, as the kernel itself takes the process's mmap lock for every
 * one of these calls. While a change is in progress a lookup may miss the range being changed,
 * never report a range that is not mapped: the larger piece is written before the smaller one is
 * taken away.
 */
final class MappedRanges {
    /** The process's mappings, as made through the backends. */
    static final MappedRanges LIVE = new MappedRanges();

    private final ConcurrentSkipListMap<Long, Long> ranges = new ConcurrentSkipListMap<>();
    private final Object lock = new Object();

    /**
     * The end of {@code length} bytes at {@code start} rounded up to whole pages, as the kernel
     * maps and unmaps them; a negative (size_t) or huge length ends at the top of the address space.
     */
    static long end(long start, long length, long pageSize) {
        if (length < 0 || length > Long.MAX_VALUE - pageSize) {
            return Long.MAX_VALUE;
        }
        long rounded = (length + pageSize - 1) & -pageSize;
        return rounded > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + rounded;
    }

    /** Records {@code [start, end)} as mapped, after the kernel mapped it. */
    void add(long start, long end) {
        if (end <= start) {
            return;
        }
        if (overlapping(start, end) == null && ranges.putIfAbsent(start, end) == null) {
            return;
        }
        synchronized (lock) {
            long from = start;
            long to = end;
            List<Long> covered = overlaps(start, end);
            for (Long key : covered) {
                from = Math.min(from, key);
                to = Math.max(to, ranges.get(key));
            }
            ranges.put(from, to);
            for (Long key : covered) {
                if (key != from) {
                    ranges.remove(key);
                }
            }
        }
    }

    /**
     * Forgets {@code [start, end)} if it is recorded exactly so, before an unmap; true if it was.
     * Lock-free: the path of every mapping the library unmaps itself.
     */
    boolean removeExactly(long start, long end) {
        return ranges.remove(start, end);
    }

    /**
     * After an unmap of {@code [start, end)}: a range {@link #removeExactly forgotten} before the
     * call comes back if the call failed; any other is forgotten only once the kernel unmapped it.
     */
    void unmapped(long start, long end, boolean forgotten, boolean succeeded) {
        if (forgotten && !succeeded) {
            add(start, end);
        } else if (!forgotten && succeeded) {
            remove(start, end);
        }
    }

    /** Forgets whatever part of {@code [start, end)} is recorded, after the kernel unmapped it. */
    void remove(long start, long end) {
        if (end <= start) {
            return;
        }
        synchronized (lock) {
            for (Long key : overlaps(start, end)) {
                long to = ranges.get(key);
                if (to > end) {
                    ranges.put(end, to);
                }
                if (key < start) {
                    ranges.put(key, start);
                } else {
                    ranges.remove(key);
                }
            }
        }
    }

    /** The recorded range that overlaps {@code [start, end)}, or null if none does. */
    Map.Entry<Long, Long> overlapping(long start, long end) {
        Map.Entry<Long, Long> candidate = ranges.floorEntry(end - 1);
        return candidate != null && candidate.getValue() > start ? candidate : null;
    }

    /** The starts of the recorded ranges that overlap {@code [start, end)}; called under the lock. */
    private List<Long> overlaps(long start, long end) {
        List<Long> keys = new ArrayList<>();
        Long first = ranges.floorKey(start);
        for (Map.Entry<Long, Long> e : ranges.subMap(first == null ? start : first, end).entrySet()) {
            if (e.getValue() > start) {
                keys.add(e.getKey());
            }
        }
        return keys;
    }

    /** How many ranges are recorded (for tests). */
    int size() {
        return ranges.size();
    }
}
