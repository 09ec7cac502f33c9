package dev.ffmap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files a command's PATH operands name: a file itself, a directory's regular files
 * (recursively, in name order, without following links inside it), and glob patterns
 * ({@code *.idx}, {@code data/**}{@code /*.bin}) the shell did not expand. What cannot be read is
 * reported through {@link Report} and left out; nothing stops the walk.
 */
final class FileArgs {
    private FileArgs() {
    }

    /** Where problems with single files go: the command prints them and exits 1 at the end. */
    interface Report {
        void problem(Path path, String what);
    }

    static List<Path> expand(List<String> operands, Report report) {
        Set<Path> files = new LinkedHashSet<>();
        for (String operand : operands) {
            Path path = Path.of(operand);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && isGlob(operand)) {
                glob(operand, files, report);
            } else {
                add(path, files, report);
            }
        }
        return new ArrayList<>(files);
    }

    private static boolean isGlob(String operand) {
        return operand.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** A file, or every regular file under a directory. */
    private static void add(Path path, Set<Path> files, Report report) {
        if (Files.isDirectory(path)) {
            walk(path, files, report);
        } else if (Files.isRegularFile(path)) {
            addRegular(path, pseudoFileSystem(path), files, report);
        } else if (Files.exists(path)) {
            report.problem(path, "not a regular file or directory (" + kind(path) + "); skipped");
        } else {
            report.problem(path, Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "dangling symbolic link"
                    : "No such file or directory (ENOENT)");
        }
    }

    /** Regular files below {@code dir}, in name order; links inside it are not followed. */
    private static void walk(Path dir, Set<Path> files, Report report) {
        List<Path> entries;
        try (Stream<Path> listing = Files.list(dir)) {
            entries = listing.sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            report.problem(dir, Problems.reason(e instanceof UncheckedIOException u ? u.getCause() : e) + "; skipped");
            return;
        }
        String pseudo = pseudoFileSystem(dir); // once per directory: it reads the mount table
        for (Path p : entries) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                walk(p, files, report);
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                addRegular(p, pseudo, files, report);
            }
        }
    }

    /**
     * A regular file, unless it is one the kernel makes up as it is read (/proc, /sys): such a
     * file says it has 0 bytes, or one page, whatever it holds, and has no pages in the page
     * cache, so nothing these commands measure or do applies to it.
     */
    private static void addRegular(Path path, String pseudo, Set<Path> files, Report report) {
        if (pseudo == null) {
            files.add(path);
        } else {
            report.problem(path, "a file the kernel makes up when it is read (" + pseudo + " file system): it has no"
                    + " pages in the page cache, and its size says nothing of its content; skipped");
        }
    }

    /** The type of {@code path}'s file system if it is a kernel pseudo file system, else null. */
    static String pseudoFileSystem(Path path) {
        try {
            String type = Files.getFileStore(path).type();
            return PSEUDO.contains(type) ? type : null;
        } catch (IOException e) {
            return null; // the caller meets the real error when it opens the file
        }
    }

    private static final Set<String> PSEUDO = Set.of("proc", "sysfs", "debugfs", "tracefs", "securityfs", "configfs",
            "cgroup", "cgroup2", "pstore", "bpf", "efivarfs", "fusectl", "binfmt_misc");

    /** What kind of file that is not a regular one or a directory: "a FIFO", "a socket", "a device". */
    static String kind(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return switch ((int) mode & 0170000) {
                case 0010000 -> "a FIFO";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "another kind of file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "another kind of file";
        }
    }

    /** Expands a pattern from its longest leading part without glob characters. */
    private static void glob(String pattern, Set<Path> files, Report report) {
        Path whole = Path.of(pattern);
        Path base = whole.getRoot();
        int first = 0;
        while (first < whole.getNameCount() && !isGlob(whole.getName(first).toString())) {
            base = base == null ? whole.getName(first) : base.resolve(whole.getName(first));
            first++;
        }
        Path start = base == null ? Path.of("") : base;
        Path rest = whole.subpath(first, whole.getNameCount());
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : rest.getNameCount();
        List<Path> matches = List.of();
        if (Files.isDirectory(start)) {
            try (Stream<Path> found = Files.find(start, depth,
                    (p, attrs) -> !p.equals(start) && matcher.matches(start.relativize(p)))) {
                matches = found.sorted().toList();
            } catch (IOException e) {
                report.problem(start, Problems.reason(e));
                return;
            } catch (UncheckedIOException e) {
                report.problem(start, Problems.reason(e.getCause()));
                return;
            }
        }
        if (matches.isEmpty()) {
            report.problem(whole, "no file matches this pattern");
        }
        matches.forEach(m -> add(m, files, report));
    }
}
