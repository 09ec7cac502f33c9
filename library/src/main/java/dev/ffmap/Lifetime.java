package dev.ffmap;

import dev.ffmap.internal.InFlight;
import dev.ffmap.internal.Os;
import dev.ffmap.internal.Segments;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.Set;

/**
 * One mapping's memory over its life, for {@link Mapping}: the kernel's range (what munmap
 * takes), the current view of it (an arena and the segment it bounds, replaced whole by protect
 * and remap), and the library's accesses in progress, which close, protect and remap wait for.
 *
 * <p><b>The order of a change.</b> A change of the pages (mprotect, mremap, munmap) happens only
 * after every segment of the current view is dead: first the library's own accesses end
 * ({@link InFlight}), then the view's arena closes, which for a shared arena is a handshake
 * after which no thread is inside an access to it; only then does the kernel change the pages.
 * A thread holding an old segment gets {@link IllegalStateException}, never a fault.
 *
 * <p><b>Unreachable mappings.</b> A mapping never closed is unmapped once neither its
 * {@code Mapping} nor any live segment of it is reachable. The {@link #CLEANER} watches the
 * current view's memory session (the object every segment of the view refers to, and which this
 * object reaches through the view's arena); its action ({@link Gone}) holds only the
 * {@link Region}, what munmap needs, and does nothing if the view it watched was replaced since.
 * Watching the session rather than this object needs no keep-alive entry in each arena, which
 * with this object also being the count of accesses in flight ({@link InFlight}) keeps what a
 * mapping allocates below what {@code FileChannel.map} does.
 *
 * <p><b>Threads.</b> Changes are serialized by this object's monitor; reads of the state are
 * volatile. A confined mapping's view changes only on its owner thread.
 */
final class Lifetime extends InFlight {
    /** Unmaps what nobody can reach any more; shared with {@link MirroredMemory}. */
    static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("ffmap-cleaner").factory());

    private final Os os;
    /** What the messages name: the mapping. */
    private final Object what;
    /** The only thread that may use a confined mapping's segment and change its view, or null when shared. */
    private final Thread owner;
    /** Where the segment starts in the region (the offset's distance from the page below it). */
    private final long delta;
    private final Region region;
    /** The cleaner's registration of the current view; changed under this object's monitor. */
    private Cleaner.Cleanable cleanable;

    private volatile long length;
    private volatile Set<Prot> prot;
    /** The current view's arena; changed under this object's monitor. */
    private Arena arena;
    private volatile MemorySegment segment;
    private volatile boolean closed;

    /** The kernel's part: what to munmap, shared with the cleaner, which must not see the mapping. */
    private static final class Region {
        private static final VarHandle UNMAPPED;

        static {
            try {
                UNMAPPED = MethodHandles.lookup().findVarHandle(Region.class, "unmapped", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Os os;
        private volatile long base;
        private volatile long length;
        /** The number of the current view: a {@link Gone} of an older one does nothing. */
        private volatile int view;
        @SuppressWarnings("unused") // through UNMAPPED
        private volatile boolean unmapped;

        Region(Os os, long base, long length) {
            this.os = os;
            this.base = base;
            this.length = length;
        }

        /** munmap, once. */
        void unmap() {
            if (UNMAPPED.compareAndSet(this, false, true)) {
                try {
                    os.munmap(base, length);
                } catch (MmapException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
    }

    /** The cleaner's action for one view: unmaps the region if that view is still the current one. */
    private record Gone(Region region, int view) implements Runnable {
        @Override
        public void run() {
            if (region.view == view) {
                region.unmap();
            }
        }
    }

    /**
     * Takes over {@code delta + length} mapped bytes at {@code base}; the segment is the last
     * {@code length} of them. Confined to the calling thread if {@code confined}.
     */
    Lifetime(Os os, Object what, long base, long delta, long length, Set<Prot> prot, boolean confined) {
        this.os = os;
        this.what = what;
        this.owner = confined ? Thread.currentThread() : null;
        this.delta = delta;
        this.region = new Region(os, base, delta + length);
        this.length = length;
        this.prot = prot;
        newView();
    }

    /** The address of the segment's first byte. */
    long address() {
        return region.base + delta;
    }

    long length() {
        return length;
    }

    Set<Prot> prot() {
        return prot;
    }

    boolean isClosed() {
        return closed;
    }

    /** The current view's segment, or null when the mapping has no PROT_READ; throws once closed. */
    MemorySegment segment() {
        MemorySegment s = segment;
        if (closed) {
            throw closed();
        }
        return s;
    }

    private IllegalStateException closed() {
        return new IllegalStateException("Mapping is closed: " + what);
    }

    /** Starts a library access of the memory; close, protect and remap wait for its {@link #exit}; throws once closed. */
    int access() {
        int token = enter();
        if (token < 0) {
            throw closed();
        }
        return token;
    }

    /** A confined mapping's view changes only on its owner thread, before anything reaches the kernel. */
    void ensureOwner(String call) {
        if (owner != null && owner != Thread.currentThread()) {
            throw new WrongThreadException(call + " of a confined mapping from " + Thread.currentThread()
                    + "; it belongs to " + owner);
        }
    }

    /** mprotect(2) of the whole region; then a view with the new protection. */
    synchronized void protect(Set<Prot> wanted) throws MmapException {
        ensureOpen();
        change(() -> {
            os.mprotect(region.base, region.length, NativeFlag.mask(wanted));
            prot = wanted;
        });
    }

    /** How the region moves to a new size: mremap, or mapping again where there is none. */
    interface Move {
        /** Returns the new base of {@code newLength} mapped bytes, the old ones gone. */
        long move(long base, long length, long newLength) throws MmapException;
    }

    /** Resizes the segment to {@code newLength} bytes with {@code how}; then a view of the new range. */
    synchronized void remap(long newLength, Move how) throws MmapException {
        ensureOpen();
        change(() -> {
            long newBase = how.move(region.base, region.length, delta + newLength);
            region.base = newBase;
            region.length = delta + newLength;
            length = newLength;
        });
    }

    private interface Change {
        void run() throws MmapException;
    }

    /**
     * Changes the pages only after every segment of the current view is dead (see the class
     * comment). A new view is made afterwards whether the change succeeded or not, so segments
     * taken before die in both cases. If a native call holds the old view (its close throws),
     * nothing is changed.
     */
    private void change(Change change) throws MmapException {
        drain();
        try {
            arena.close();
            if (owner == null) {
                awaitStragglers();
            }
            try {
                change.run();
            } finally {
                newView();
            }
        } finally {
            release();
        }
    }

    /**
     * A second handshake with every thread, after the one that closed the view: a thread the
     * first found between a raw segment's liveness check and its access (a call not inlined, as
     * C1 leaves {@code Unsafe.putLongUnaligned}) makes that one access when it resumes, and
     * reaches its next poll only after it; this handshake waits for that poll. Closing an empty
     * shared arena is such a handshake. Only {@link #protect} and {@link #remap} pay for it: there
     * the kernel changes pages a late store would still reach.
     */
    private static void awaitStragglers() {
        Arena.ofShared().close();
    }

    /**
     * A new arena and the segment it bounds, over the current range with the current protection,
     * and the cleaner's watch moved to it (see the class comment).
     */
    private void newView() {
        Arena a = owner == null ? Arena.ofShared() : Arena.ofConfined();
        arena = a;
        MemorySegment s = null;
        if (prot.contains(Prot.PROT_READ)) { // else nothing may be read: touching it would fault
            s = Segments.view(address(), length, !prot.contains(Prot.PROT_WRITE), a);
        }
        segment = s;
        int view = region.view + 1;
        region.view = view;
        // The session every segment of the view refers to; without a segment, the arena, which only this object holds.
        Object watched = s != null ? s.scope() : a;
        cleanable = CLEANER.register(watched, new Gone(region, view));
    }

    private void ensureOpen() {
        if (closed) {
            throw closed();
        }
    }

    /** Unmaps the region after the view dies (see the class comment): the mapping's close. Idempotent. */
    synchronized void end() {
        if (closed) {
            return;
        }
        drain(); // library accesses in progress end before the memory goes
        try {
            arena.close();
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        super.close();
        closed = true;
        region.unmap();
        cleanable.clean(); // the current view's watch, now pointless (its action finds the region unmapped)
    }
}
