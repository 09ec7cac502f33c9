package dev.ffmap.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No native function but the kernel's mmap family ever receives mapped memory: a fault (SIGBUS
 * of a truncated file) inside any other native code kills the JVM, where the same fault in Java
 * code is an exception. The source side of the rule that {@link Downcalls} enforces when a
 * backend loads and before every call, with the same list ({@link Downcalls#MAY_TAKE_MAPPED_MEMORY}):
 * every C function the backends reach goes through {@link Downcalls} under its own name, and
 * every one outside the family declares each of its pointers — checked here for the macOS and
 * Windows backends too, which this platform never loads.
 */
class DowncallAllowListTest {
    /** Called through the generated wrappers: they take no pointer, so there is nothing to check. */
    private static final Set<String> WITHOUT_POINTERS = Set.of("sysconf", "strerror", "GetCurrentProcess");
    /** The backends: the only classes that may call C. */
    private static final Set<String> BACKENDS = Set.of("LinuxOs.java", "DarwinOs.java", "WindowsOs.java");
    /**
     * A C function named through the bindings: {@code Libc.msync$address()}, {@code Libc.open.address()},
     * {@code Kernel32.CloseHandle(…)}; constants ({@code Libc.MAP_SHARED()}) have no lower-case letter.
     */
    private static final Pattern CALL = Pattern.compile(
            "\\b(?:Libc|Kernel32)\\.([A-Za-z_]*[a-z][A-Za-z0-9_]*)(\\$address\\(|\\.address\\(|\\()");
    /**
     * A C function named through the Linux backend's per-architecture bindings ({@link LinuxBindings}):
     * {@code LIBC.address("mmap")}, {@code LIBC.descriptor("mmap")}.
     */
    private static final Pattern BY_NAME = Pattern.compile("\\bLIBC\\.(?:address|descriptor)\\(\"(\\w+)\"\\)");
    /** Every Linux architecture's generated bindings: the Linux backend is checked against each. */
    private static final List<String> LINUX_BINDINGS = LinuxBindings.ARCHES.stream().map(a -> "../bindings/linux-" + a).toList();
    /**
     * A handle built by the factory, inside {@code Downcalls.lazy(() -> …)}: name, address and
     * descriptor expressions, pointer declarations.
     */
    private static final Pattern HANDLE = Pattern.compile(
            "Downcalls\\.\\w+\\(\"(\\w+)\",\\s*([^,]+?),\\s*((?:FunctionDescriptor\\.of\\([^;]*?\\))|[^,;]+?)((?:,\\s*\\w+)*)\\)\\)?;");
    /** A generated function's descriptor: {@code class fstat { … DESC = FunctionDescriptor.of(…);}. */
    private static final Pattern GENERATED = Pattern.compile(
            "private static class (\\w+) \\{\\s*public static final FunctionDescriptor DESC = FunctionDescriptor\\.(of|ofVoid)\\(([^;]*?)\\);");

    @Test
    void onlyTheMmapFamilyMayReceiveMappedMemory() throws IOException {
        Map<String, Set<String>> byFile = new TreeMap<>();
        Set<String> direct = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher m = CALL.matcher(src);
                while (m.find()) {
                    byFile.computeIfAbsent(f.getFileName().toString(), k -> new TreeSet<>()).add(m.group(1));
                    if (m.group(2).equals("(")) {
                        direct.add(m.group(1));
                    }
                }
                Matcher byName = BY_NAME.matcher(src);
                while (byName.find()) {
                    byFile.computeIfAbsent(f.getFileName().toString(), k -> new TreeSet<>()).add(byName.group(1));
                }
                assertTrue(!src.contains("downcallHandle(") || f.endsWith("Downcalls.java"), f + " builds a handle itself");
            }
        }
        assertTrue(BACKENDS.containsAll(byFile.keySet()), "only the backends call C: " + byFile);
        assertTrue(WITHOUT_POINTERS.containsAll(direct), "called around Downcalls: " + direct);
        Set<String> handles = new TreeSet<>();
        for (String backend : BACKENDS) {
            List<String> roots = backend.startsWith("Windows") ? List.of("../bindings/windows")
                    : backend.startsWith("Darwin") ? List.of("../bindings/darwin") : LINUX_BINDINGS;
            for (String root : roots) {
                handles.addAll(checkHandles(backend, root));
            }
        }
        Set<String> reached = new TreeSet<>();
        byFile.values().forEach(reached::addAll);
        Set<String> handlesOrDirect = new TreeSet<>(handles);
        handlesOrDirect.addAll(direct);
        assertEquals(reached, handlesOrDirect, "every C function is reached through Downcalls under its own name");
        assertTrue(handles.containsAll(Downcalls.MAY_TAKE_MAPPED_MEMORY), "the list names only functions in use: " + handles);
    }

    /** Checks every factory call of one backend against the bindings under {@code root}; returns the C functions it names. */
    private static Set<String> checkHandles(String backend, String root) throws IOException {
        String src = Files.readString(Path.of("src/main/java/dev/ffmap/internal", backend));
        Map<String, String> generated = generatedDescriptors(root);
        assertTrue(!generated.isEmpty(), "no generated functions under " + root);
        Set<String> names = new TreeSet<>();
        Matcher m = HANDLE.matcher(src);
        while (m.find()) {
            String symbol = m.group(1);
            names.add(symbol);
            Matcher address = CALL.matcher(m.group(2));
            assertTrue(!address.find() || address.group(1).equals(symbol), backend + ": " + symbol + " is bound to " + m.group(2));
            for (String expression : List.of(m.group(2), m.group(3))) {
                Matcher byName = BY_NAME.matcher(expression);
                assertTrue(!byName.find() || byName.group(1).equals(symbol), backend + ": " + symbol + " is bound to " + expression);
            }
            String descriptor = m.group(3).startsWith("FunctionDescriptor") ? arguments(m.group(3))
                    : generated.get(symbol);
            int pointers = count(descriptor, "C_POINTER");
            int declared = count(m.group(4), "OWNED") + count(m.group(4), "OPAQUE");
            int expected = Downcalls.MAY_TAKE_MAPPED_MEMORY.contains(symbol) ? 0 : pointers;
            assertTrue(descriptor != null, backend + ": " + symbol + " is not generated under " + root);
            assertEquals(expected, declared, backend + ": pointers declared for " + symbol + " (" + descriptor + ") in " + root);
        }
        return names;
    }

    /** Function name to its argument layouts, from the generated sources under {@code root}. */
    private static Map<String, String> generatedDescriptors(String root) throws IOException {
        Map<String, String> byName = new HashMap<>();
        try (Stream<Path> files = Files.walk(Path.of(root))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = GENERATED.matcher(Files.readString(f));
                while (m.find()) {
                    String layouts = m.group(3);
                    // of(result, args…): the first layout is the result
                    byName.put(m.group(1), m.group(2).equals("of") ? arguments(layouts) : layouts);
                }
            }
        }
        return byName;
    }

    /** The argument layouts of {@code FunctionDescriptor.of(result, args…)}: all after the first. */
    private static String arguments(String layouts) {
        int comma = layouts.indexOf(',');
        return comma < 0 ? "" : layouts.substring(comma + 1);
    }

    private static int count(String text, String word) {
        return (int) Pattern.compile("\\b" + word + "\\b").matcher(text).results().count();
    }

    @Test
    void searchesStayInJava() throws IOException {
        for (String f : new String[] {"java/dev/ffmap/internal/ByteSearch.java", "vector/dev/ffmap/internal/VectorSearch.java"}) {
            String src = Files.readString(Path.of("src/main", f));
            assertTrue(!src.contains("Linker") && !src.contains("MethodHandle") && !src.contains("Libc"),
                    f + " reaches native code");
        }
    }
}
