package dev.ffmap;

import java.lang.foreign.Arena;
import java.util.EnumSet;
import java.util.Set;

/**
 * How {@link Mapping} maps: which part of the file, with which protection and flags, and
 * whether to grow a short file. Immutable; the {@code with…} methods return copies.
 *
 * <pre>{@code
 * MapOptions.readWrite().withOffset(1L << 32).withLength(4096).withGrow(true)
 * }</pre>
 *
 * @param offset file offset of the first byte mapped; any value, ffmap aligns it for the kernel
 * @param length bytes to map; 0 means "from offset to the end of the file"
 * @param prot   protection, e.g. {@code PROT_READ}
 * @param flags  mmap flags; exactly one of MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE, and
 *               never MAP_FIXED or MAP_FIXED_NOREPLACE, which need an address (use
 *               {@link Mman#mmap} with one, inside a {@link Reservation} for MAP_FIXED)
 * @param grow   extend the file (sparsely, with ftruncate) to {@code offset + length} when it is shorter
 * @param confined bind the segment to a confined arena of the thread that maps: only that thread
 *               may touch the segment, close, protect or remap, and in exchange closing costs no
 *               handshake with the JVM's other threads (see {@link Arena#ofConfined()})
 * @param reserve give the mapped range of the file disk blocks before mapping
 *               ({@code posix_fallocate}; with {@code grow} it also extends the file), so a full
 *               disk is an {@link MmapException} (ENOSPC) now rather than a SIGBUS at the first
 *               write to a hole; for mappings whose writes reach the file
 */
public record MapOptions(long offset, long length, Set<Prot> prot, Set<MapFlag> flags, boolean grow,
                         boolean confined, boolean reserve) {

    /**
     * Checks and copies the options (the sets become immutable).
     *
     * @throws IllegalArgumentException offset or length is negative; flags hold MAP_FIXED or
     *                                  MAP_FIXED_NOREPLACE, not exactly one sharing type, or a flag
     *                                  without its companion (MAP_SYNC without MAP_SHARED_VALIDATE,
     *                                  a MAP_HUGE size without MAP_HUGETLB, or both sizes)
     * @throws NullPointerException     prot or flags is null or holds null
     */
    public MapOptions {
        Mman.requireNonNegative(offset, "offset");
        Mman.requireNonNegative(length, "length");
        prot = Set.copyOf(prot);
        flags = Set.copyOf(flags);
        if (flags.contains(MapFlag.MAP_FIXED)) {
            throw new IllegalArgumentException(
                    "MAP_FIXED can replace memory the JVM owns; use Mman.mmap inside a Reservation");
        }
        if (flags.contains(MapFlag.MAP_FIXED_NOREPLACE)) {
            // These options give no address, so the kernel would take 0 as the exact place: page 0, which a
            // privileged process may map, and where the JVM needs faults to turn null into NullPointerException.
            throw new IllegalArgumentException("MAP_FIXED_NOREPLACE places a mapping at an exact address, and these"
                    + " options have none (it would be 0, the null page); use Mman.mmap with an address");
        }
        if (sharingTypes(flags) != 1) {
            throw new IllegalArgumentException("flags need exactly one of MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE: " + flags);
        }
        requireCompanion(flags, MapFlag.MAP_SYNC, MapFlag.MAP_SHARED_VALIDATE, "with plain MAP_SHARED the kernel ignores it");
        requireCompanion(flags, MapFlag.MAP_HUGE_2MB, MapFlag.MAP_HUGETLB, "it only picks the huge page size");
        requireCompanion(flags, MapFlag.MAP_HUGE_1GB, MapFlag.MAP_HUGETLB, "it only picks the huge page size");
        if (flags.contains(MapFlag.MAP_HUGE_2MB) && flags.contains(MapFlag.MAP_HUGE_1GB)) {
            throw new IllegalArgumentException("MAP_HUGE_2MB and MAP_HUGE_1GB exclude each other");
        }
    }

    // The starting points, made once: a record is immutable, and a caller who maps per request
    // then allocates only what its with* calls change.
    private static final MapOptions READ_ONLY =
            new MapOptions(0, 0, EnumSet.of(Prot.PROT_READ), EnumSet.of(MapFlag.MAP_SHARED), false);
    private static final MapOptions READ_WRITE =
            new MapOptions(0, 0, EnumSet.of(Prot.PROT_READ, Prot.PROT_WRITE), EnumSet.of(MapFlag.MAP_SHARED), false);
    private static final MapOptions COPY_ON_WRITE =
            new MapOptions(0, 0, EnumSet.of(Prot.PROT_READ, Prot.PROT_WRITE), EnumSet.of(MapFlag.MAP_PRIVATE), false);

    /**
     * Options shared between threads (not {@link #confined}), without {@link #reserve}.
     *
     * @param offset file offset of the first byte mapped; any value, ffmap aligns it for the kernel
     * @param length bytes to map; 0 means "from offset to the end of the file"
     * @param prot   protection, e.g. {@code PROT_READ}; copied
     * @param flags  mmap flags, with exactly one sharing type; copied
     * @param grow   extend a shorter file to {@code offset + length}
     * @throws IllegalArgumentException as the canonical constructor
     */
    public MapOptions(long offset, long length, Set<Prot> prot, Set<MapFlag> flags, boolean grow) {
        this(offset, length, prot, flags, grow, false, false);
    }

    /**
     * Options without {@link #reserve}.
     *
     * @param offset file offset of the first byte mapped; any value, ffmap aligns it for the kernel
     * @param length bytes to map; 0 means "from offset to the end of the file"
     * @param prot   protection, e.g. {@code PROT_READ}; copied
     * @param flags  mmap flags, with exactly one sharing type; copied
     * @param grow   extend a shorter file to {@code offset + length}
     * @param confined bind the segment to a confined arena of the mapping thread
     * @throws IllegalArgumentException as the canonical constructor
     */
    public MapOptions(long offset, long length, Set<Prot> prot, Set<MapFlag> flags, boolean grow, boolean confined) {
        this(offset, length, prot, flags, grow, confined, false);
    }

    /** Flags the kernel would silently ignore, or misread, without their companion. */
    private static void requireCompanion(Set<MapFlag> flags, MapFlag flag, MapFlag companion, String why) {
        if (flags.contains(flag) && !flags.contains(companion)) {
            throw new IllegalArgumentException(flag + " needs " + companion + ": " + why);
        }
    }

    /**
     * {@code PROT_READ}, {@code MAP_SHARED}, the whole file.
     *
     * @return the options (one immutable instance), shared between threads, not growing the file
     */
    public static MapOptions readOnly() {
        return READ_ONLY;
    }

    /**
     * {@code PROT_READ|PROT_WRITE}, {@code MAP_SHARED}: writes reach the file.
     *
     * @return the options (one immutable instance) for the whole file, shared between threads, not growing the file
     */
    public static MapOptions readWrite() {
        return READ_WRITE;
    }

    /**
     * {@code PROT_READ|PROT_WRITE}, {@code MAP_PRIVATE}: writes stay in this process (copy-on-write).
     *
     * @return the options (one immutable instance) for the whole file, shared between threads, not growing the file
     */
    public static MapOptions copyOnWrite() {
        return COPY_ON_WRITE;
    }

    /**
     * These options starting at another file offset.
     *
     * @param newOffset file offset of the first byte mapped; need not be page-aligned
     * @return a copy with {@code offset} replaced
     * @throws IllegalArgumentException newOffset is negative
     */
    public MapOptions withOffset(long newOffset) {
        return new MapOptions(newOffset, length, prot, flags, grow, confined, reserve);
    }

    /**
     * These options mapping another number of bytes.
     *
     * @param newLength bytes to map; 0 means "from offset to the end of the file"
     * @return a copy with {@code length} replaced
     * @throws IllegalArgumentException newLength is negative
     */
    public MapOptions withLength(long newLength) {
        return new MapOptions(offset, newLength, prot, flags, grow, confined, reserve);
    }

    /**
     * These options with another protection, replacing the old one.
     *
     * @param first a protection bit, e.g. {@code PROT_READ}
     * @param more  further bits
     * @return a copy with {@code prot} replaced
     */
    public MapOptions withProt(Prot first, Prot... more) {
        return new MapOptions(offset, length, EnumSet.of(first, more), flags, grow, confined, reserve);
    }

    /**
     * These options with other mmap flags, replacing all the old ones; use {@link #plus} to add.
     *
     * @param first a flag
     * @param more  further flags
     * @return a copy with {@code flags} replaced
     * @throws IllegalArgumentException the flags break a rule of the canonical constructor
     */
    public MapOptions withFlags(MapFlag first, MapFlag... more) {
        return new MapOptions(offset, length, prot, EnumSet.of(first, more), grow, confined, reserve);
    }

    /**
     * These options plus more flags, e.g. {@code readOnly().plus(MAP_POPULATE)}.
     *
     * @param first a flag to add
     * @param more  further flags to add
     * @return a copy whose flags are the old ones and the given ones
     * @throws IllegalArgumentException the flags break a rule of the canonical constructor
     */
    public MapOptions plus(MapFlag first, MapFlag... more) {
        EnumSet<MapFlag> all = EnumSet.of(first, more);
        all.addAll(flags);
        return new MapOptions(offset, length, prot, all, grow, confined, reserve);
    }

    /**
     * These options with or without growing a short file.
     *
     * @param newGrow extend the file (sparsely, with ftruncate) to {@code offset + length} when
     *                it is shorter
     * @return a copy with {@code grow} replaced
     */
    public MapOptions withGrow(boolean newGrow) {
        return new MapOptions(offset, length, prot, flags, newGrow, confined, reserve);
    }

    /**
     * These options with the segment confined to the mapping thread, or shared between threads
     * (the default). Confined mappings are for the many-small-mappings pattern, where the close
     * of a shared arena (a handshake with every thread) dominates.
     *
     * @param newConfined {@code true} to confine the segment to the thread that maps
     * @return a copy with {@code confined} replaced
     */
    public MapOptions withConfined(boolean newConfined) {
        return new MapOptions(offset, length, prot, flags, grow, newConfined, reserve);
    }

    /**
     * These options with the file's blocks for the mapped range reserved before mapping
     * ({@code posix_fallocate}), so that running out of disk is an ENOSPC {@link MmapException}
     * from {@link Mapping#map} or {@link Mapping#remap}, not a SIGBUS at a write into a hole.
     * Needs a mapping whose writes reach the file ({@code PROT_WRITE}, {@code MAP_SHARED}).
     *
     * @param newReserve {@code true} to reserve the blocks with {@code posix_fallocate}
     * @return a copy with {@code reserve} replaced
     */
    public MapOptions withReserve(boolean newReserve) {
        return new MapOptions(offset, length, prot, flags, grow, confined, newReserve);
    }

    /** Whether the kernel will let writes through this mapping reach the file. */
    boolean writesReachFile() {
        return prot.contains(Prot.PROT_WRITE) && !flags.contains(MapFlag.MAP_PRIVATE);
    }

    /** How many of MAP_SHARED, MAP_PRIVATE and MAP_SHARED_VALIDATE {@code flags} holds (no stream: options are made per call). */
    private static int sharingTypes(Set<MapFlag> flags) {
        return (flags.contains(MapFlag.MAP_SHARED) ? 1 : 0) + (flags.contains(MapFlag.MAP_PRIVATE) ? 1 : 0)
                + (flags.contains(MapFlag.MAP_SHARED_VALIDATE) ? 1 : 0);
    }
}
