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
     * How a report is worded: {@code verb} ("touched") and {@code moved} ("read in", "freed");
     * {@code stayed}, if not null, follows the line of a file that still has resident pages.
     */
    record Words(String verb, String moved, String stayed) {
    }

    /** Runs {@code work} on each file of {@code command}; {@code quiet} keeps the total only, as text or JSON. */
    static int over(FileCommand command, boolean quiet, boolean json, Words words, Work work) {
        List<CacheState> befores = before(command, command.files());
        Progress bar = command.progress(quiet || json, befores.stream().mapToLong(CacheState::size).sum());
        List<Outcome> outcomes = new ArrayList<>();
        long done = 0;
        for (CacheState before : befores) {
            long start = System.nanoTime();
            long base = done;
            try {
                String name = before.path().toString();
                CacheState after = work.apply(before, bytes -> bar.at(base + bytes, name));
                outcomes.add(new Outcome(before, after, System.nanoTime() - start));
                if (!quiet && !json) {
                    bar.done();
                    command.out.println(line(words, outcomes.getLast()));
                }
            } catch (IOException | RuntimeException e) {
                bar.done();
                command.problem(before.path(), e);
            }
            done += before.size();
        }
        bar.done();
        report(command, json, quiet, words.moved(), outcomes);
        return command.exitCode();
    }

    /** The state of each file before the work; a file that cannot be asked is reported and left out. */
    private static List<CacheState> before(FileCommand command, List<Path> files) {
        List<CacheState> befores = new ArrayList<>();
        for (Path f : files) {
            try {
                befores.add(CacheState.of(f));
            } catch (IOException | RuntimeException e) {
                command.problem(f, e);
            }
        }
        return befores;
    }

    private static String line(Words words, Outcome o) {
        String line = String.format(Locale.ROOT, "%s %s: %s, %d pages; resident before %s, now %s (%.1f%%); %s %s in %s (%s)",
                words.verb(), o.after.path(), Units.human(o.after.size()), o.after.pages(),
                Units.human(o.before.residentBytes()), Units.human(o.after.residentBytes()), 100 * o.after.fraction(),
                words.moved(), Units.human(o.moved()), Units.seconds(o.nanos), Units.rate(o.moved(), o.nanos));
        return words.stayed() == null || o.after.resident() == 0 ? line : line + "; " + words.stayed();
    }

    /** The total, as text or JSON; with --quiet the JSON lists no file, as the text shows none. */
    private static void report(Base command, boolean json, boolean quiet, String moved, List<Outcome> outcomes) {
        long movedBytes = 0;
        long nanos = 0;
        List<CacheState> afters = new ArrayList<>();
        for (Outcome o : outcomes) {
            movedBytes += o.moved();
            nanos += o.nanos;
            afters.add(o.after);
        }
        ResidencyCommand.Total now = ResidencyCommand.Total.of(afters);
        if (json) {
            JsonOutput.print(command.out, json(quiet ? null : outcomes, total(outcomes.size(), movedBytes, nanos, now)));
            return;
        }
        command.out.printf(Locale.ROOT, "total: %s, %s; %s %s in %s (%s); resident now %s (%.1f%%)%n",
                Units.files(outcomes.size()), Units.human(now.size()), moved, Units.human(movedBytes), Units.seconds(nanos),
                Units.rate(movedBytes, nanos), Units.human(now.residentBytes()), now.percent());
    }

    /** The JSON object: {@code files} (left out if {@code listed} is null) and {@code total}. */
    private static Map<String, Object> json(List<Outcome> listed, Map<String, Object> total) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (listed != null) {
            List<Object> files = new ArrayList<>();
            for (Outcome o : listed) {
                Map<String, Object> f = o.after.json();
                f.put("residentBytesBefore", o.before.residentBytes());
                f.put("residentPagesBefore", o.before.resident());
                f.put("seconds", o.nanos / 1e9);
                files.add(f);
            }
            all.put("files", files);
        }
        all.put("total", total);
        return all;
    }

    private static Map<String, Object> total(int count, long movedBytes, long nanos, ResidencyCommand.Total now) {
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("files", count);
        total.put("size", now.size());
        total.put("pages", now.pages());
        total.put("residentPages", now.resident());
        total.put("residentBytes", now.residentBytes());
        total.put("movedBytes", movedBytes);
        total.put("seconds", nanos / 1e9);
        return total;
    }
}
