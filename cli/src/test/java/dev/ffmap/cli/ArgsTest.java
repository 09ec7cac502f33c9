package dev.ffmap.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line parser and the size units, without a process. */
class ArgsTest {
    private static Args parse(String... args) throws Args.UsageException {
        return Args.parse("test", args, List.of("--map", "-q|--quiet"), List.of("--png", "--size"));
    }

    @Test
    void flagsValuesAndOperandsInAnyOrder() throws Exception {
        Args a = parse("x", "--png=out.png", "-q", "y", "--size", "5G", "--", "--map");
        assertTrue(a.has("--quiet"));
        assertFalse(a.has("--map"));
        assertEquals("out.png", a.value("--png", null));
        assertEquals(5L << 30, a.size("--size", 0));
        assertEquals(List.of("x", "y", "--map"), a.operands());
    }

    @Test
    void undeclaredOptionsAndMissingValuesAreUsageErrors() {
        assertEquals("unknown option --nope", assertThrows(Args.UsageException.class, () -> parse("--nope")).getMessage());
        assertEquals("--png needs a value", assertThrows(Args.UsageException.class, () -> parse("--png")).getMessage());
        assertEquals("unknown option --map=1", assertThrows(Args.UsageException.class, () -> parse("--map=1")).getMessage());
        assertThrows(Args.UsageException.class, () -> parse().paths());
    }

    @Test
    void sizesInBinaryUnits() throws Exception {
        assertEquals(4096, Units.parseSize("--size", "4096"));
        assertEquals(64 << 10, Units.parseSize("--size", "64k"));
        assertEquals(3L << 29, Units.parseSize("--size", "1.5G"));
        assertEquals(5L << 30, Units.parseSize("--size", "5GiB"));
        assertEquals(512L << 20, Units.parseSize("--size", "512 MB"));
        for (String bad : List.of("", "G", "-5", "5X", "abc", "1e30", "0x10")) {
            assertThrows(Args.UsageException.class, () -> Units.parseSize("--size", bad), bad);
        }
    }

    @Test
    void humanSizes() {
        assertEquals("0 B", Units.human(0));
        assertEquals("1023 B", Units.human(1023));
        assertEquals("1.5 KiB", Units.human(1536));
        assertEquals("5.0 GiB", Units.human(5L << 30));
        assertEquals("8192.0 PiB", Units.human(Long.MAX_VALUE));
    }
}
