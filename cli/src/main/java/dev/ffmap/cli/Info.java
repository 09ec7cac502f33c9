package dev.ffmap.cli;

import dev.ffmap.Advice;
import dev.ffmap.FileAdvice;
import dev.ffmap.MapFlag;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.MremapFlag;
import dev.ffmap.MsyncFlag;
import dev.ffmap.OpenFlag;
import dev.ffmap.Prot;
import dev.ffmap.SealFlag;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * {@code ffmap info}: what this machine offers for mapping: OS, page size, allocation
 * granularity, huge page sizes, the lock limit, and which C flags the platform has, with their
 * values, and which it lacks.
 */
@Command(name = "info",
        description = {"OS, page size, huge pages, memlock limit, and the flags this platform has.",
            "",
            "What this platform offers for mapping: OS and JDK, page size, allocation granularity (the "
                + "alignment of file offsets), huge page sizes, transparent huge pages, the RLIMIT_MEMLOCK "
                + "that bounds `ffmap lock`, and every MAP_*, PROT_*, MS_*, MADV_* and POSIX_FADV_* flag "
                + "ffmap knows: the ones this OS has, with their values, and the ones it lacks (asking for "
                + "those throws UnsupportedOperationException naming flag and OS)."})
final class Info extends Base {
    private static final Path HUGE_PAGES = Path.of("/sys/kernel/mm/hugepages");
    private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        info.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        info.put("javaHome", System.getProperty("java.home"));
        info.put("ffmap", Version.version());
        info.put("pageSize", Mman.pageSize());
        info.put("allocationGranularity", Mman.allocationGranularity());
        info.put("hugePages", hugePages());
        info.put("transparentHugePages", Files.isReadable(THP) ? Files.readString(THP).trim() : null);
        OptionalLong memlock = Mapping.memlockLimit();
        info.put("memlockLimit", memlock.isEmpty() ? null : memlock.getAsLong() == Long.MAX_VALUE ? "unlimited"
                : memlock.getAsLong());
        flags(info);
        if (json.on) {
            JsonOutput.print(out, info);
        } else {
            text(info);
        }
        return 0;
    }

    /** {@code flags}: each flag this platform has, with its value; {@code missingFlags}: the ones it lacks. */
    private static void flags(Map<String, Object> info) {
        Map<String, Object> has = new LinkedHashMap<>();
        List<Object> lacks = new ArrayList<>();
        Stream.of(Prot.values(), MapFlag.values(), MsyncFlag.values(), Advice.values(), FileAdvice.values(),
                MremapFlag.values(), SealFlag.values(), OpenFlag.values()).flatMap(Stream::of).forEach(f -> {
                    if (f.isSupported()) {
                        has.put(f.name(), f.value());
                    } else {
                        lacks.add(f.name());
                    }
                });
        info.put("flags", has);
        info.put("missingFlags", lacks);
    }

    /** Each huge page size the kernel offers, with how many are reserved and free. */
    private static List<Object> hugePages() throws IOException {
        List<Object> sizes = new ArrayList<>();
        if (!Files.isDirectory(HUGE_PAGES)) {
            return sizes;
        }
        try (Stream<Path> dirs = Files.list(HUGE_PAGES)) {
            for (Path d : dirs.sorted().toList()) {
                String name = d.getFileName().toString();
                Map<String, Object> size = new LinkedHashMap<>();
                size.put("size", Long.parseLong(name.replaceAll("\\D", "")) * 1024);
                size.put("reserved", Long.parseLong(Files.readString(d.resolve("nr_hugepages")).trim()));
                size.put("free", Long.parseLong(Files.readString(d.resolve("free_hugepages")).trim()));
                sizes.add(size);
            }
        }
        return sizes;
    }

    @SuppressWarnings("unchecked")
    private void text(Map<String, Object> info) {
        row("ffmap", info.get("ffmap"));
        row("os", info.get("os"));
        row("java", info.get("java") + " in " + info.get("javaHome"));
        row("page size", bytes((long) info.get("pageSize")));
        row("allocation granularity", bytes((long) info.get("allocationGranularity")));
        List<String> huge = new ArrayList<>();
        for (Object o : (List<Object>) info.get("hugePages")) {
            Map<String, Object> h = (Map<String, Object>) o;
            huge.add(String.format(Locale.ROOT, "%s (%d reserved, %d free)", Units.human((long) h.get("size")),
                    (long) h.get("reserved"), (long) h.get("free")));
        }
        row("huge page sizes", huge.isEmpty() ? "none" : String.join(", ", huge));
        row("transparent huge pages", info.get("transparentHugePages") == null ? "n/a"
                : info.get("transparentHugePages") + "   (the [choice] is in force)");
        Object memlock = info.get("memlockLimit");
        row("RLIMIT_MEMLOCK", memlock instanceof Long l ? bytes(l) : memlock == null ? "n/a" : memlock);
        out.println();
        out.println("flags this platform has (C name = value):");
        Map<String, Object> has = (Map<String, Object>) info.get("flags");
        List<String> named = new ArrayList<>();
        has.forEach((name, value) -> named.add(String.format(Locale.ROOT, "%s=0x%x", name, (int) value)));
        wrap(named);
        out.println("flags it lacks (asking for one throws UnsupportedOperationException):");
        wrap(((List<Object>) info.get("missingFlags")).stream().map(String::valueOf).toList());
    }

    private void row(String what, Object value) {
        out.printf(Locale.ROOT, "%-24s %s%n", what, value);
    }

    private static String bytes(long n) {
        return String.format(Locale.ROOT, "%s (%d bytes)", Units.human(n), n);
    }

    /** Words in lines of at most 100 columns, indented by two. */
    private void wrap(List<String> words) {
        StringBuilder line = new StringBuilder(" ");
        for (String w : words) {
            if (line.length() + 1 + w.length() > 100) {
                out.println(line);
                line = new StringBuilder(" ");
            }
            line.append(' ').append(w);
        }
        if (line.length() > 1) {
            out.println(line);
        }
    }
}
