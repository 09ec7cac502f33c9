package dev.ffmap.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code touch} and {@code evict} share: for each file, the page-cache state before, the
 * work, the state after, and a line saying what moved and how fast; then the total, as text or
 * JSON. A file that fails at any step is reported and skipped.
 */
final class Batch {
    private Batch() {
    }

    /** Bytes of the current file done so far. */
    interface Step {
        void done(long bytes);
    }

    /** The work on one file; returns the state after it. */
    interface Work {
        CacheState apply(CacheState before, Step progress) throws IOException;
    }

    /** One file's outcome. */
    private record Outcome(CacheState before, CacheState after, long nanos) {
        long moved() {
            return Math.abs(after.residentBytes() - before.residentBytes());
        }
    }

    /**
     * Runs {@code work} on each file; {@code verb} ("touched") and {@code moved} ("read in",
     * "freed") word the report, and {@code stayed}, if not null, follows the line of a file
     * that still has resident pages.
     */
    static int over(Run run, List<Path> files, String verb, String moved, String stayed, Work work) {
        long total = 0;
        List<CacheState> befores = new ArrayList<>();
        for (Path f : files) {
            try {
                CacheState s = CacheState.of(f);
                befores.add(s);
                total += s.size();
            } catch (IOException | RuntimeException e) {
                run.problem(f, e);
            }
        }
        Progress bar = Progress.onTerminal(run.err, run.quiet || run.args.has("--json"), total);
        List<Outcome> outcomes = new ArrayList<>();
        long done = 0;
        for (CacheState before : befores) {
            long start = System.nanoTime();
            long base = done;
            try {
                String name = before.path().toString();
                CacheState after = work.apply(before, bytes -> bar.at(base + bytes, name));
                outcomes.add(new Outcome(before, after, System.nanoTime() - start));
                if (!run.quiet && !run.args.has("--json")) {
                    bar.done();
                    run.out.println(line(verb, moved, stayed, outcomes.getLast()));
                }
            } catch (IOException | RuntimeException e) {
                bar.done();
                run.problem(before.path(), e);
            }
            done += before.size();
        }
        bar.done();
        report(run, moved, outcomes);
        return run.exitCode();
    }

    private static String line(String verb, String moved, String stayed, Outcome o) {
        String line = String.format(Locale.ROOT, "%s %s: %s, %d pages; resident before %s, now %s (%.1f%%); %s %s in %s (%s)",
                verb, o.after.path(), Units.human(o.after.size()), o.after.pages(), Units.human(o.before.residentBytes()),
                Units.human(o.after.residentBytes()), 100 * o.after.fraction(), moved, Units.human(o.moved()),
                Units.seconds(o.nanos), Units.rate(o.moved(), o.nanos));
        return stayed == null || o.after.resident() == 0 ? line : line + "; " + stayed;
    }

    private static void report(Run run, String moved, List<Outcome> outcomes) {
        long movedBytes = 0;
        long nanos = 0;
        List<CacheState> afters = new ArrayList<>();
        for (Outcome o : outcomes) {
            movedBytes += o.moved();
            nanos += o.nanos;
            afters.add(o.after);
        }
        ResidencyCommand.Total now = ResidencyCommand.Total.of(afters);
        if (run.args.has("--json")) {
            run.out.println(Json.write(json(outcomes, movedBytes, nanos, now)));
            return;
        }
        run.out.printf(Locale.ROOT, "total: %s, %s; %s %s in %s (%s); resident now %s (%.1f%%)%n",
                Units.files(outcomes.size()), Units.human(now.size()), moved, Units.human(movedBytes), Units.seconds(nanos),
                Units.rate(movedBytes, nanos), Units.human(now.residentBytes()), now.percent());
    }

    private static Map<String, Object> json(List<Outcome> outcomes, long movedBytes, long nanos,
                                            ResidencyCommand.Total now) {
        List<Object> files = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> f = o.after.json();
            f.put("residentBytesBefore", o.before.residentBytes());
            f.put("residentPagesBefore", o.before.resident());
            f.put("seconds", o.nanos / 1e9);
            files.add(f);
        }
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("files", outcomes.size());
        total.put("size", now.size());
        total.put("pages", now.pages());
        total.put("residentPages", now.resident());
        total.put("residentBytes", now.residentBytes());
        total.put("movedBytes", movedBytes);
        total.put("seconds", nanos / 1e9);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("files", files);
        all.put("total", total);
        return all;
    }
}
