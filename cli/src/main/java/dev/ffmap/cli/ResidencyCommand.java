package dev.ffmap.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code ffmap residency}: pages of each file in the page cache, like vmtouch and fincore. */
final class ResidencyCommand {
    static final Main.Command COMMAND = new Main.Command("residency",
            "[--map] [--width N] [--png FILE] [--json] [-q] PATH...",
            "pages of files in the page cache, per file and in sum; --map, --png, --json",
            """
            How much of each file is in the page cache: resident pages / total pages, per file and in
            sum. Each file is mapped read-only and asked with mincore(2); nothing is read in.
            PATH: files, directories (all regular files below, recursively) and glob patterns.

              --map        a bar per file, one cell per run of pages:
                           ' ' none resident, '.' under half, 'o' half or more, 'O' all
              --width N    cells per bar for --map and --png (default 64)
              --png FILE   draw the bars into a PNG picture
              --json       one JSON object instead of text
              -q, --quiet  print the total only""",
            List.of("--map", "--json"), List.of("--width", "--png"), ResidencyCommand::run);

    private ResidencyCommand() {
    }

    static int run(Run run) throws Args.UsageException, IOException {
        int width = run.args.integer("--width", 64, 1, 4096);
        String png = run.args.value("--png", null);
        List<CacheState> states = new ArrayList<>();
        for (Path file : run.files()) {
            try {
                states.add(CacheState.of(file));
            } catch (IOException | RuntimeException e) {
                run.problem(file, e);
            }
        }
        if (run.args.has("--json")) {
            run.out.println(Json.write(json(states, run.args.has("--map") || png != null ? width : 0)));
        } else {
            text(run, states, width);
        }
        if (png != null) {
            try {
                ResidencyPicture.write(Path.of(png), states, width);
            } catch (IOException e) {
                run.problem(Path.of(png), e);
            }
        }
        return run.exitCode();
    }

    private static void text(Run run, List<CacheState> states, int width) {
        if (!run.quiet) {
            run.out.printf(Locale.ROOT, "%10s %10s %21s %7s  %s%n", "RESIDENT", "SIZE", "PAGES", "%", "FILE");
            for (CacheState s : states) {
                run.out.printf(Locale.ROOT, "%10s %10s %21s %6.1f%%  %s%n", Units.human(s.residentBytes()),
                        Units.human(s.size()), s.resident() + "/" + s.pages(), 100 * s.fraction(), s.path());
                if (run.args.has("--map")) {
                    run.out.println("  [" + bar(s, width) + "]");
                }
            }
        }
        Total t = Total.of(states);
        run.out.printf(Locale.ROOT, "total: %s, %s of %s resident (%.1f%%), %d of %d pages%n", Units.files(states.size()),
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

    private static Map<String, Object> json(List<CacheState> states, int width) {
        List<Object> files = new ArrayList<>();
        for (CacheState s : states) {
            Map<String, Object> o = s.json();
            if (width > 0) {
                List<Object> cells = new ArrayList<>();
                for (double share : s.cells(width)) {
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
        all.put("files", files);
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
