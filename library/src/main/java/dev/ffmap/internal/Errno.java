package dev.ffmap.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * errno capture for POSIX backends: the per-thread buffer that the handles of
 * {@link Downcalls#errno} save {@code errno} into right after the call
 * ({@link Linker.Option#captureCallState}), and errno names read from the generated constants.
 */
final class Errno {
    private static final StructLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** One capture buffer per thread, freed with the thread's last reference to it. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE_LAYOUT));
    private static final Pattern ERRNO_NAME = Pattern.compile("E[A-Z0-9]+");
    /** Of two names for one number, the one mmap(2) and friends document (EOPNOTSUPP, not ENOTSUP). */
    private static final Set<String> ALIAS_WINNERS = Set.of("EAGAIN", "EDEADLK", "EOPNOTSUPP");

    private Errno() {
    }

    /** This thread's capture buffer, to pass as the first argument of a capturing handle. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** The errno saved in {@code state} by the last capturing call on this thread. */
    static int get(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Names by number, per bindings class, read on the first failure. */
    private static final ClassValue<Map<Integer, String>> NAMES = new ClassValue<>() {
        @Override
        protected Map<Integer, String> computeValue(Class<?> bindings) {
            return names(bindings);
        }
    };

    /** The number of the errno called {@code name} among the bindings' constants (as chosen where two names share one). */
    static int number(Class<?> bindings, String name) {
        return NAMES.get(bindings).entrySet().stream().filter(e -> e.getValue().equals(name)).mapToInt(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no errno " + name + " in " + bindings));
    }

    /** The symbolic name of {@code errno} among the bindings' constants, or {@code "errno N"}. */
    static String name(Class<?> bindings, int errno) {
        return NAMES.get(bindings).getOrDefault(errno, "errno " + errno);
    }

    /**
     * errno number to name, from every {@code E*} constant the bindings class exposes. Where two
     * names share a number, the one the man pages use wins ({@link #ALIAS_WINNERS}), else the
     * alphabetically first.
     */
    static Map<Integer, String> names(Class<?> bindings) {
        return names(bindings, ERRNO_NAME);
    }

    /** Number to name for every int constant of {@code bindings} whose name matches {@code pattern}. */
    static Map<Integer, String> names(Class<?> bindings, Pattern pattern) {
        Map<String, Integer> byName = new TreeMap<>();
        for (Method m : bindings.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                    && m.getReturnType() == int.class && pattern.matcher(m.getName()).matches()) {
                try {
                    byName.put(m.getName(), (Integer) m.invoke(null));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        Map<Integer, String> byNumber = new HashMap<>();
        byName.forEach((name, number) -> byNumber.merge(number, name, Errno::preferred));
        return Map.copyOf(byNumber);
    }

    private static String preferred(String a, String b) {
        if (ALIAS_WINNERS.contains(b) && !ALIAS_WINNERS.contains(a)) {
            return b;
        }
        return a;
    }
}
