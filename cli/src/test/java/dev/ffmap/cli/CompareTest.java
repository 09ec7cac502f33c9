package dev.ffmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class CompareTest {
    /** A row: name, median and unit, then the ratio with its IQR, range and verdict. */
    private static final Pattern RATIO = Pattern.compile(
            "\\s+(\\d+\\.\\d\\d)x  IQR (\\d+\\.\\d\\d)-(\\d+\\.\\d\\d)  range (\\d+\\.\\d\\d)-(\\d+\\.\\d\\d)  "
                    + "(faster|slower|spread too wide to call)$");

    @TempDir
    Path dir;

    private record Run(int rc, String out, String err) {
    }

    private static Run compare(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "compare";
        System.arraycopy(args, 0, all, 1, args.length);
        int rc = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The row of {@code name}: its ratio, quartiles and extremes in order, and the verdict that follows from them. */
    private static void assertRatioRow(String out, String name) {
        String row = out.lines().filter(l -> l.trim().startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + name + "' in:\n" + out));
        Matcher m = RATIO.matcher(row);
        assertTrue(m.find(), "a ratio with its spread in: " + row);
        double median = Double.parseDouble(m.group(1));
        double q1 = Double.parseDouble(m.group(2));
        double q3 = Double.parseDouble(m.group(3));
        double min = Double.parseDouble(m.group(4));
        double max = Double.parseDouble(m.group(5));
        assertTrue(min <= q1 && q1 <= median && median <= q3 && q3 <= max, row);
        // the verdict follows from the unrounded quartiles: checked where two decimals settle it
        if (q1 > 1.005 || q3 < 0.995 || (q1 < 0.995 && q3 > 1.005)) {
            String verdict = q1 > 1 ? "faster" : q3 < 1 ? "slower" : "spread too wide to call";
            assertEquals(verdict, m.group(6), row);
        }
    }

    private static void assertBaselineRow(String out, String name) {
        assertTrue(out.lines().anyMatch(l -> l.trim().startsWith(name + " ") && l.endsWith("1.00x  the baseline")),
                "baseline row '" + name + "' in:\n" + out);
    }

    @Test
    void comparesOnAFileItCreatesWithASpreadForEachRatioAndDeletesTheFile() {
        Run r = compare("--size", "16M", "--dir", dir.toString(), "--rounds", "3");
        assertEquals(0, r.rc(), r.out() + r.err());
        assertTrue(r.out().contains("16.0 MiB (16777216 bytes); 3 interleaved rounds"), r.out());
        for (String row : List.of("Mman open+mmap+munmap+close", "Mapping.map + close", "Mapping segment",
                "MappedByteBuffer (chunks < 2 GiB)", "Mapping with MAP_POPULATE", "Mapping, default")) {
            assertRatioRow(r.out(), row);
        }
        for (String row : List.of("FileChannel.open+map(Arena)+close", "FileChannel.map segment",
                "FileChannel.map (cannot populate)")) {
            assertBaselineRow(r.out(), row);
        }
        assertTrue(r.out().contains("the median of 3 interleaved rounds"), r.out());
        assertEquals("", r.err(), "no progress bar when stderr is not a terminal");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "compare deleted its file");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void comparesOnAFileTheUserNamesAndLeavesIt() throws Exception {
        Path f = dir.resolve("mine.bin");
        Files.write(f, new byte[3 << 20]);
        Run r = compare("--rounds", "3", f.toString());
        assertEquals(0, r.rc(), r.out() + r.err());
        assertTrue(r.out().contains("file " + f + ", 3.0 MiB"), r.out());
        assertTrue(Files.exists(f));
    }

    /**
     * Anonymous memory three ways. Where the kernel offers transparent huge pages the advised
     * side must have them (its own AnonHugePages in smaps); where it does not, the output says so.
     */
    @Test
    void hugeComparesAnonymousMemoryAndShowsTheHugePagesTheKernelGave() throws Exception {
        Run r = compare("--huge", "--huge-size", "64M", "--rounds", "3");
        assertEquals(0, r.rc(), r.out() + r.err());
        assertBaselineRow(r.out(), "Arena.ofShared().allocate + fill");
        assertRatioRow(r.out(), "Mapping.anonymous + fill, no advice");
        assertRatioRow(r.out(), "Mapping.anonymous + fill, advised");
        Smaps.Thp thp = Smaps.Thp.read();
        assertTrue(r.out().contains(thp.available() ? "advised: MADV_HUGEPAGE, then MADV_POPULATE_WRITE"
                : "advised: MADV_POPULATE_WRITE (one call faults every page in); no MADV_HUGEPAGE, as THP is off"), r.out());
        assertRatioRow(r.out(), "Mapping, advised");
        assertTrue(r.out().contains(thp.describe()), r.out());
        Matcher huge = Pattern.compile("Mapping, advised\\s+(\\d+\\.\\d) MiB of 64\\.0 MiB").matcher(r.out());
        assertTrue(huge.find(), r.out());
        if (thp.available()) {
            assertTrue(Double.parseDouble(huge.group(1)) > 0, "the advised side got huge pages:\n" + r.out());
        } else {
            assertEquals("0.0", huge.group(1), r.out());
            assertTrue(r.out().contains("no huge pages here"), r.out());
        }
    }

    @Test
    void badArgumentsExitWithTwo() throws Exception {
        Path f = Files.write(dir.resolve("f.bin"), new byte[4096]);
        assertEquals(2, compare("--bogus").rc());
        assertEquals(2, compare("--size", "1000", "--dir", dir.toString()).rc());
        assertEquals(2, compare("a", "b").rc());
        assertEquals(2, compare("--rounds", "2").rc());
        assertEquals(2, compare("--huge", f.toString()).rc());
        assertEquals(2, compare("--huge-size", "1G").rc());
        assertEquals(2, compare("--huge", "--huge-size", "1M").rc());
        Run withSize = compare("--size", "2M", f.toString());
        assertEquals(2, withSize.rc());
        assertTrue(withSize.err().contains("--size and --dir are for the file compare creates"), withSize.err());
    }
}
