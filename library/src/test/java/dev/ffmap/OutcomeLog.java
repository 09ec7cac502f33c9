package dev.ffmap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One line per outcome of {@link ArgumentFuzz}: {@code <kind>:<call number> <call> => <outcome> | <message>},
 * so that two runs from the same seed can be compared call by call when their digests differ.
 * What varies from process to process for reasons of its own (the work directory, the names of
 * shared memory objects, which carry the process id) is written as {@code <dir>} and
 * {@code <shm>}; the part before {@code " | "} is what the runs must agree on, the message after
 * it is only for the reader (it may name addresses).
 */
final class OutcomeLog implements AutoCloseable {
    /** A log that writes nothing: the default of every {@link ArgumentFuzz}. */
    static final OutcomeLog NONE = new OutcomeLog(null, "", "");

    private static final String MESSAGE = " | ";
    private final BufferedWriter out;
    private final String dir;
    private final String kind;

    private OutcomeLog(BufferedWriter out, String dir, String kind) {
        this.out = out;
        this.dir = dir;
        this.kind = kind;
    }

    /** A new log at {@code file} (replaced if it exists) for calls on files under {@code dir}. */
    static OutcomeLog create(Path file, Path dir) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new OutcomeLog(Files.newBufferedWriter(file), dir.toString(), "");
    }

    /** The same file, with {@code kind} (map, mapping, mappedfile, mman) before each call number. */
    OutcomeLog kind(String kind) {
        return new OutcomeLog(out, dir, kind);
    }

    /** Appends the outcome of call number {@code call}; {@code message} may be null. */
    void record(long call, String text, String outcome, String message) {
        if (out == null) {
            return;
        }
        String line = kind + ":" + call + " " + text + " => " + outcome + (message == null ? "" : MESSAGE + message);
        try {
            out.write(line.replace(dir, "<dir>").replace(SharedMemoryTest.PREFIX, "<shm>-").replace('\n', ' '));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    /**
     * The first {@code max} calls on which {@code logs} (mode to log file) disagree, each as the
     * line of every mode, and how many lines differ in all: empty if they agree line by line.
     */
    static List<String> differences(Map<String, Path> logs, int max) throws IOException {
        List<String> found = new ArrayList<>();
        List<Iterator<String>> readers = new ArrayList<>();
        List<Stream<String>> streams = new ArrayList<>();
        try {
            for (Path p : logs.values()) {
                Stream<String> s = Files.lines(p);
                streams.add(s);
                readers.add(s.iterator());
            }
            long differing = 0;
            for (long line = 1; readers.stream().anyMatch(Iterator::hasNext); line++) {
                List<String> lines = readers.stream().map(r -> r.hasNext() ? r.next() : "<end of log>").toList();
                if (lines.stream().map(OutcomeLog::compared).distinct().count() > 1 && differing++ < max) {
                    found.add(describe(line, List.copyOf(logs.keySet()), lines));
                }
            }
            if (differing > 0) {
                found.add(String.format(Locale.ROOT, "%d lines differ in all", differing));
            }
            return found;
        } finally {
            streams.forEach(Stream::close);
        }
    }

    private static String compared(String line) {
        int m = line.indexOf(MESSAGE);
        return m < 0 ? line : line.substring(0, m);
    }

    private static String describe(long line, List<String> modes, List<String> lines) {
        StringBuilder b = new StringBuilder("line ").append(line).append(':');
        for (int i = 0; i < modes.size(); i++) {
            b.append(System.lineSeparator()).append("  ").append(modes.get(i)).append(": ").append(lines.get(i));
        }
        return b.toString();
    }
}
