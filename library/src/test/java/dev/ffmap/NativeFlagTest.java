package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks every flag value against what the C compiler sees in this machine's own headers. */
@EnabledOnOs(OS.LINUX)
class NativeFlagTest {
    /** Flags that exist only on macOS: Linux must refuse them by name. */
    private static final Set<String> MACOS_ONLY = Set.of("MS_KILLPAGES", "MS_DEACTIVATE", "MAP_NOCACHE", "MAP_JIT",
            "MAP_NOEXTEND", "MAP_HASSEMAPHORE", "MADV_FREE_REUSABLE", "MADV_FREE_REUSE", "MADV_ZERO_WIRED_PAGES");

    @TempDir
    Path dir;

    private static List<NativeFlag> allFlags() {
        List<NativeFlag> all = new ArrayList<>();
        Stream.of(Prot.values(), MapFlag.values(), MsyncFlag.values(), Advice.values(), FileAdvice.values(), OpenFlag.values(),
                MremapFlag.values(), SealFlag.values()).forEach(a -> all.addAll(List.of(a)));
        return all;
    }

    @Test
    void everyLinuxFlagHasTheValueGccSeesInTheSystemHeaders() throws Exception {
        StringBuilder c = new StringBuilder("""
                #define _GNU_SOURCE
                #include <sys/mman.h>
                #include <linux/mman.h>
                #include <fcntl.h>
                #include <stdio.h>
                int main(void) {
                """);
        for (NativeFlag f : allFlags()) {
            if (!MACOS_ONLY.contains(f.name())) {
                c.append("    printf(\"%s=%d\\n\", \"").append(f.name()).append("\", (int) (").append(f.name()).append("));\n");
            }
        }
        c.append("    return 0;\n}\n");
        Path src = Files.writeString(dir.resolve("flags.c"), c);
        Path exe = dir.resolve("flags");
        run("gcc", "-o", exe.toString(), src.toString());
        Map<String, Integer> fromC = new HashMap<>();
        for (String line : run(exe.toString()).lines().toList()) {
            String[] kv = line.split("=");
            fromC.put(kv[0], Integer.parseInt(kv[1]));
        }
        int checked = 0;
        for (NativeFlag f : allFlags()) {
            if (MACOS_ONLY.contains(f.name())) {
                continue;
            }
            assertTrue(f.isSupported(), f.name());
            assertEquals(fromC.get(f.name()), f.value(), f.name());
            checked++;
        }
        assertEquals(fromC.size(), checked);
        assertTrue(checked > 60, "checked " + checked);
    }

    @Test
    void macosOnlyFlagsAreUnsupportedHereAndSayWhy() {
        for (NativeFlag f : allFlags()) {
            if (MACOS_ONLY.contains(f.name())) {
                assertFalse(f.isSupported(), f.name());
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, f::value);
                assertEquals(f.name() + " is not available on " + System.getProperty("os.name") + " ("
                        + System.getProperty("os.arch") + ")", e.getMessage());
            }
        }
    }

    @Test
    void maskOrsTheValues() {
        assertEquals(Prot.PROT_READ.value() | Prot.PROT_WRITE.value(), NativeFlag.mask(EnumSet.of(Prot.PROT_READ, Prot.PROT_WRITE)));
        assertEquals(0, NativeFlag.mask(EnumSet.noneOf(MapFlag.class)));
        assertThrows(UnsupportedOperationException.class, () -> NativeFlag.mask(EnumSet.of(MapFlag.MAP_SHARED, MapFlag.MAP_NOCACHE)));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
