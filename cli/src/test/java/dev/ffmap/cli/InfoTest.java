package dev.ffmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ffmap info} against what this machine's kernel and headers say. */
@EnabledOnOs(OS.LINUX)
class InfoTest {
    @Test
    void jsonParsesAndAgreesWithTheSystem() throws Exception {
        Ffmap.Result r = Ffmap.run("info", "--json");
        assertEquals(0, r.exit(), r.toString());
        String pageSize = new String(new ProcessBuilder("getconf", "PAGESIZE").start().getInputStream().readAllBytes()).trim();
        assertEquals(pageSize, Ffmap.python(r.out(), "d['pageSize']"));
        assertEquals("1 2 1 3 3", Ffmap.python(r.out(),
                "d['flags']['MAP_SHARED'], d['flags']['MAP_PRIVATE'], d['flags']['PROT_READ'], d['flags']['MADV_WILLNEED'], d['flags']['MAP_SHARED_VALIDATE']")
                .replaceAll("[(),]", ""));
        assertEquals("True", Ffmap.python(r.out(), "'MAP_JIT' in d['missingFlags'] and 'MAP_POPULATE' in d['flags']"));
        long hugeSizes;
        try (Stream<Path> dirs = Files.list(Path.of("/sys/kernel/mm/hugepages"))) {
            hugeSizes = dirs.count();
        }
        assertEquals(String.valueOf(hugeSizes), Ffmap.python(r.out(), "len(d['hugePages'])"));
        String limits = Files.readString(Path.of("/proc/self/limits"));
        String soft = limits.lines().filter(l -> l.startsWith("Max locked memory")).findFirst().orElseThrow()
                .substring("Max locked memory".length()).trim().split("\\s+")[0];
        assertEquals(soft, Ffmap.python(r.out(), "d['memlockLimit']"), "the child inherits this JVM's limit");
    }

    @Test
    void textNamesEachTopicAndFlag() throws Exception {
        Ffmap.Result r = Ffmap.run("info");
        assertEquals(0, r.exit(), r.toString());
        for (String row : new String[] {"os ", "java ", "page size ", "allocation granularity ", "huge page sizes ",
                "transparent huge pages ", "RLIMIT_MEMLOCK "}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row)), row + " in\n" + r.out());
        }
        assertTrue(r.out().contains(" MAP_POPULATE=0x8000 "), r.out());
        assertTrue(r.out().contains(" POSIX_FADV_DONTNEED=0x4 "), r.out());
        assertTrue(r.out().contains("flags it lacks (asking for one throws UnsupportedOperationException):\n  MAP_NOCACHE"),
                r.out());
    }
}
