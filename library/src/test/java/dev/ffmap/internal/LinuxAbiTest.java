package dev.ffmap.internal;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each architecture's generated Linux bindings against that architecture's own C compiler: the C
 * program {@code native-headers/linux/abi.c} prints every constant jextract keeps, and the size
 * of each struct with the offset and size of each field; it is built with the host's gcc for the
 * host's architecture and with Debian's cross gcc ({@code gcc-aarch64-linux-gnu}, …) for the
 * others, which run under {@code qemu-<arch>-static}. Every line must match the generated
 * {@code dev.ffmap.bindings.linux.<arch>} classes, read here without calling any of their
 * functions. Where a cross gcc or qemu is missing the architecture is skipped and says what to
 * install, unless {@code FFMAP_ABI_CHECK=required} (set by {@code .ci/run}) makes that a failure.
 */
@EnabledOnOs(OS.LINUX)
class LinuxAbiTest {
    private static final Path SOURCE = Path.of("../native-headers/linux/abi.c");
    private static final Path OPTIONS = Path.of("../native-headers/linux/jextract.options");
    private static final Map<String, String> TRIPLE = Map.of("x86_64", "x86_64-linux-gnu", "aarch64", "aarch64-linux-gnu",
            "riscv64", "riscv64-linux-gnu", "ppc64le", "powerpc64le-linux-gnu", "s390x", "s390x-linux-gnu");
    private static final Map<String, String> DEBIAN = Map.of("x86_64", "x86-64", "aarch64", "aarch64",
            "riscv64", "riscv64", "ppc64le", "powerpc64le", "s390x", "s390x");
    /** The structs and fields abi.c prints; the fields the backend reads are among them. */
    private static final Map<String, List<String>> STRUCTS = Map.of(
            "stat", List.of("st_dev", "st_ino", "st_nlink", "st_mode", "st_uid", "st_gid", "st_rdev", "st_size",
                    "st_blksize", "st_blocks", "st_atim", "st_mtim", "st_ctim"),
            "timespec", List.of("tv_sec", "tv_nsec"),
            "rlimit", List.of("rlim_cur", "rlim_max"));

    @TempDir
    Path dir;

    static List<String> arches() {
        return LinuxBindings.ARCHES;
    }

    @ParameterizedTest
    @MethodSource("arches")
    void everyConstantAndStructLayoutMatchesThatArchitecturesCompiler(String arch) throws Exception {
        Map<String, String> fromC = compileAndRun(arch);
        LinuxBindings bindings = LinuxBindings.forArch(arch).orElseThrow();
        int constants = 0;
        int undefined = 0;
        int fields = 0;
        for (Map.Entry<String, String> e : fromC.entrySet()) {
            String[] key = e.getKey().split(" ");
            String[] value = e.getValue().split(" ");
            switch (key[0]) {
                case "const" -> {
                    String generated = generatedConstant(bindings.libc(), key[1]);
                    assertEquals(value[0].equals("undefined") ? "absent" : value[0], generated, arch + ": " + key[1]);
                    if (value[0].equals("undefined")) {
                        undefined++;
                    } else {
                        constants++;
                    }
                }
                case "struct" -> assertEquals(Long.parseLong(value[0]), struct(bindings, key[1]).byteSize(), arch + ": sizeof(struct " + key[1] + ")");
                case "field" -> {
                    String[] sf = key[1].split("\\.");
                    GroupLayout layout = struct(bindings, sf[0]);
                    assertEquals(Long.parseLong(value[0]), layout.byteOffset(groupElement(sf[1])), arch + ": offsetof " + key[1]);
                    assertEquals(Long.parseLong(value[1]), layout.select(groupElement(sf[1])).byteSize(), arch + ": sizeof " + key[1]);
                    fields++;
                }
                default -> fail("unexpected line from abi.c: " + e);
            }
        }
        assertEquals(optionConstants(), constantNames(fromC), "abi.c prints exactly the constants jextract.options keeps");
        for (String name : usedByTheBackend()) {
            assertTrue(fromC.containsKey("const " + name), name + " is used by the Linux backend but not checked by abi.c");
        }
        assertEquals(STRUCTS.values().stream().mapToInt(List::size).sum(), fields, arch + ": fields checked");
        System.out.printf("linux-%s: %d constants (%d undefined, absent from the bindings too), %d structs, %d fields match %s%n",
                arch, constants, undefined, STRUCTS.size(), fields, compiler(arch));
    }

    @Test
    void theArchitecturesReallyDiffer() {
        LinuxBindings x86 = LinuxBindings.forArch("amd64").orElseThrow();
        LinuxBindings arm = LinuxBindings.forArch("aarch64").orElseThrow();
        assertEquals(0200000, x86.constant("O_DIRECTORY"));
        assertEquals(040000, arm.constant("O_DIRECTORY"));
        assertEquals(24, x86.stat().byteOffset(groupElement("st_mode")));
        assertEquals(16, arm.stat().byteOffset(groupElement("st_mode")));
        assertTrue(arm.find("MAP_32BIT").isEmpty(), "MAP_32BIT is x86-64 only");
        assertEquals(0x80, LinuxBindings.forArch("ppc64le").orElseThrow().constant("MAP_LOCKED"));
        assertEquals(6, LinuxBindings.forArch("s390x").orElseThrow().constant("POSIX_FADV_DONTNEED"));
        assertTrue(LinuxBindings.forArch("ppc64").isEmpty(), "big-endian ppc64 has no bindings");
        assertTrue(LinuxBindings.forArch("x86").isEmpty(), "32-bit x86 has no bindings");
    }

    /** Builds abi.c for {@code arch} and runs it; returns "const NAME" / "struct NAME" / "field S.F" to the rest of the line. */
    private Map<String, String> compileAndRun(String arch) throws Exception {
        List<String> run = new ArrayList<>();
        if (!isHost(arch)) {
            run.add(require("qemu-" + arch + "-static", "qemu-user-static", arch));
        }
        String gcc = require(compiler(arch), isHost(arch) ? "gcc" : "gcc-" + DEBIAN.get(arch) + "-linux-gnu", arch);
        Path exe = dir.resolve("abi-" + arch);
        exec(List.of(gcc, "-static", "-Wall", "-Wextra", "-Werror", "-I", SOURCE.getParent().toString(),
                "-o", exe.toString(), SOURCE.toString()));
        run.add(exe.toString());
        Map<String, String> out = new TreeMap<>();
        for (String line : exec(run).lines().toList()) {
            String[] f = line.split(" ", 3);
            assertEquals(null, out.put(f[0] + " " + f[1], f[2]), "printed twice: " + line);
        }
        return out;
    }

    private static boolean isHost(String arch) {
        return LinuxBindings.packageArch(System.getProperty("os.arch")).orElse("").equals(arch);
    }

    private static String compiler(String arch) {
        return isHost(arch) ? "gcc" : TRIPLE.get(arch) + "-gcc";
    }

    /** The tool's path; a missing one skips this architecture, or fails it where the check is required. */
    private static String require(String tool, String debianPackage, String arch) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool).toString();
            }
        }
        String why = tool + " is not on PATH: install Debian's " + debianPackage + " to check the " + arch + " bindings";
        if ("required".equals(System.getenv("FFMAP_ABI_CHECK"))) {
            fail(why + " (FFMAP_ABI_CHECK=required)");
        }
        Assumptions.abort(why);
        return tool;
    }

    /** The generated constant's value as abi.c prints it (pointers as their address), or "absent". */
    private static String generatedConstant(Class<?> libc, String name) throws ReflectiveOperationException {
        Method m;
        try {
            m = libc.getMethod(name);
        } catch (NoSuchMethodException e) {
            return "absent";
        }
        Object v = m.invoke(null);
        return Long.toString(v instanceof MemorySegment s ? s.address() : ((Number) v).longValue());
    }

    private static GroupLayout struct(LinuxBindings bindings, String name) {
        return switch (name) {
            case "stat" -> bindings.stat();
            case "rlimit" -> bindings.rlimit();
            case "timespec" -> (GroupLayout) bindings.stat().select(groupElement("st_mtim"));
            default -> throw new AssertionError("abi.c prints struct " + name + ", which the bindings do not keep");
        };
    }

    private static Set<String> constantNames(Map<String, String> fromC) {
        Set<String> names = new LinkedHashSet<>();
        fromC.keySet().stream().filter(k -> k.startsWith("const ")).map(k -> k.substring(6)).sorted().forEach(names::add);
        return names;
    }

    private static Set<String> optionConstants() throws Exception {
        Set<String> names = new LinkedHashSet<>();
        Files.readAllLines(OPTIONS).stream().filter(l -> l.startsWith("--include-constant "))
                .map(l -> l.substring("--include-constant ".length()).trim()).sorted().forEach(names::add);
        return names;
    }

    /** The flag names of {@link LinuxConstants} and every {@code LIBC.constant("…")} of the Linux backend. */
    private static List<String> usedByTheBackend() throws Exception {
        List<String> names = new ArrayList<>(LinuxConstants.NAMES);
        String src = Files.readString(Path.of("src/main/java/dev/ffmap/internal/LinuxOs.java"));
        Matcher m = Pattern.compile("LIBC\\.constant\\(\"(\\w+)\"\\)").matcher(src);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(names.size() > LinuxConstants.NAMES.size() + 10, "constants read by LinuxOs: " + names);
        return names;
    }

    private static String exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }
}
