package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many map/close cycles, and many failed maps, leave /proc/self/maps, the descriptor table and
 * RSS where they started; forgotten mappings are unmapped by the cleaner. Each kind runs in a
 * child JVM with a fixed, pre-touched heap, so that nothing else moves the baseline.
 */
@EnabledOnOs(OS.LINUX)
class LoadTest {
    /** The JVM maps and unmaps memory of its own (code cache, GC, thread stacks): a few lines either way. */
    static final int MAPS_SLACK = 32;
    /** RSS may move by the JIT's code and metaspace; one leaked page per cycle would add 4 KiB × cycles. */
    static final long RSS_SLACK_KIB = 8 * 1024;
    private static final Pattern FIGURES = Pattern.compile("(\\w+) maps=(\\d+)/(\\d+) fds=(\\d+)/(\\d+) rss=(\\d+)/(\\d+)");
    private static final List<String> KINDS = List.of("mapping", "mappedfile", "sharedmemory", "failures");
    private static final List<String> CHILD_JVM = List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    /** One child JVM for every kind in turn, each measured against its own baseline: one JVM start, not four. */
    @Test
    void mapCloseCyclesLeaveMapsFdsAndRssAtTheirBaseline() throws Exception {
        int cycles = Reliability.size("cycles", 5000);
        String out = ChildJvm.finish(ChildJvm.start(CHILD_JVM, LoadChild.class, String.join(",", KINDS),
                Integer.toString(cycles), dir.toString()), 600).strip();
        List<String> lines = out.lines().toList();
        assertEquals(KINDS.size(), lines.size(), out);
        for (String line : lines) {
            Matcher m = FIGURES.matcher(line);
            assertTrue(m.matches(), out);
            long mapsDelta = Long.parseLong(m.group(3)) - Long.parseLong(m.group(2));
            long fdsDelta = Long.parseLong(m.group(5)) - Long.parseLong(m.group(4));
            long rssDelta = Long.parseLong(m.group(7)) - Long.parseLong(m.group(6));
            Reliability.figure("load", String.format(java.util.Locale.ROOT,
                    "%-12s cycles=%d maps lines %s -> %s (%+d)  fds %s -> %s (%+d)  RSS KiB %s -> %s (%+d)",
                    m.group(1), cycles, m.group(2), m.group(3), mapsDelta, m.group(4), m.group(5), fdsDelta, m.group(6),
                    m.group(7), rssDelta));
            assertEquals(0, fdsDelta, line);
            assertTrue(Math.abs(mapsDelta) <= MAPS_SLACK, line);
            assertTrue(Math.abs(rssDelta) <= RSS_SLACK_KIB, line);
        }
    }

    @Test
    void forgottenMappingsAreUnmappedOnceUnreachable() throws Exception {
        Path f = Files.write(dir.resolve("forgotten"), new byte[4096]);
        int n = 1000;
        for (int i = 0; i < n; i++) {
            forget(f, i);
        }
        long before = Reliability.mappingsOf(f);
        assertTrue(before > n / 2, "most forgotten mappings are still mapped before a GC: " + before);
        long after = before;
        for (int i = 0; i < 200 && after > 0; i++) {
            System.gc();
            Thread.sleep(10);
            after = Reliability.mappingsOf(f);
        }
        Reliability.figure("cleaner", "forgotten mappings of one file: " + before + " before GC, " + after + " after");
        assertEquals(0, after, "the cleaner unmapped every mapping nobody could reach");
    }

    private static void forget(Path f, int i) throws IOException {
        // Alternate flags so that the kernel cannot merge neighbouring mappings into one line.
        MapOptions o = i % 2 == 0 ? MapOptions.readOnly() : MapOptions.copyOnWrite();
        Mapping.map(f, o).segment().get(ValueLayout.JAVA_BYTE, 0);
    }
}
