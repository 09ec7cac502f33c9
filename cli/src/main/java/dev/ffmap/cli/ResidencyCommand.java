package dev.ffmap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code ffmap residency}: pages of each file in the page cache, like vmtouch and fincore. */
@Command(name = "residency", sortOptions = false,
        description = {"Pages of files in the page cache, per file and in sum; --map, --png, --json.",
            "",
            "How much of each file is in the page cache: resident pages / total pages, per file and in "
                + "sum. Each file is mapped read-only and asked with mincore(2); nothing is read in."})
final class ResidencyCommand extends FileCommand {
    @Option(names = "--map", description = {"a bar per file, one cell per run of pages:",
        "' ' none resident, '.' under half, 'o' half or more, 'O' all"})
    boolean map;

    @Option(names = "--width", paramLabel = "N", defaultValue = "64",
            description = "cells per bar for --map and --png, 1 to 4096 (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--png", paramLabel = "FILE", description = "draw the bars into a PNG picture")
    Path png;

    @Option(names = "--force", description = "let --png replace an existing FILE")
    boolean force;

    @Mixin
    JsonOutput json;

    @Mixin
    Quiet quiet;

    @Override
    public Integer call() throws IOException {
        if (width < 1 || width > 4096) {
            throw usage("--width must be a whole number from 1 to 4096, not " + width);
        }
        if (png != null && !force && Files.exists(png, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(png.toString(), null, "--png replaces a file only with --force");
        }
        List<CacheState> states = new ArrayList<>();
        for (Path file : files()) {
            try {
                states.add(CacheState.of(file));
            } catch (IOException | RuntimeException e) {
                problem(file, e);
            }
        }
        if (json.on) {
            JsonOutput.print(out, json(states, map || png != null ? width : 0));
        } else {
            text(states);
        }
        if (png != null) {
            try {
                ResidencyPicture.write(png, states, width, force);
            } catch (IOException e) {
                problem(png, e);
            }
        }
        return exitCode();
    }

    private void text(List<CacheState> states) {
        if (!quiet.on) {
            out.printf(Locale.ROOT, "%10s %10s %21s %7s  %s%n", "RESIDENT", "SIZE", "PAGES", "%", "FILE");
            for (CacheState s : states) {
                out.printf(Locale.ROOT, "%10s %10s %21s %6.1f%%  %s%n", Units.human(s.residentBytes()),
                        Units.human(s.size()), s.resident() + "/" + s.pages(), 100 * s.fraction(), s.path());
                if (map) {
                    out.println("  [" + bar(s, width) + "]");
                }
            }
        }
        Total t = Total.of(states);
        out.printf(Locale.ROOT, "total: %s, %s of %s resident (%.1f%%), %d of %d pages%n", Units.files(states.size()),
                Units.human(t.residentBytes), Units.human(t.size), t.percent(), t.resident, t.pages);
    }

    /** The text bar: one character per cell. */
    static String bar(CacheState s, int width) {
        StringBuilder b = new StringBuilder();
        for (double share : s.cells(width)) {
            b.append(share == 0 ? ' ' : share == 1 ? 'O' : share >= 0.5 ? 'o' : '.');
        }
        return b.toString();
    }

    /** Per file and the total; with --quiet the total only. */
    private Map<String, Object> json(List<CacheState> states, int cellsWidth) {
        List<Object> files = new ArrayList<>();
        for (CacheState s : quiet.on ? List.<CacheState>of() : states) {
            Map<String, Object> o = s.json();
            if (cellsWidth > 0) {
                List<Object> cells = new ArrayList<>();
                for (double share : s.cells(cellsWidth)) {
                    cells.add(share);
                }
                o.put("cells", cells);
            }
            files.add(o);
        }
        Total t = Total.of(states);
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("files", states.size());
        total.put("size", t.size);
        total.put("pages", t.pages);
        total.put("residentPages", t.resident);
        total.put("residentBytes", t.residentBytes);
        Map<String, Object> all = new LinkedHashMap<>();
        if (!quiet.on) {
            all.put("files", files);
        }
        all.put("total", total);
        return all;
    }

    /** Sums over files. */
    record Total(long size, long pages, long resident, long residentBytes) {
        static Total of(List<CacheState> states) {
            long size = 0;
            long pages = 0;
            long resident = 0;
            long bytes = 0;
            for (CacheState s : states) {
                size += s.size();
                pages += s.pages();
                resident += s.resident();
                bytes += s.residentBytes();
            }
            return new Total(size, pages, resident, bytes);
        }

        double percent() {
            return pages == 0 ? 0 : 100.0 * resident / pages;
        }
    }
}
