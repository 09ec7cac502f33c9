package dev.ffmap.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What every subcommand has: where its output goes, whether stderr is a terminal (for the
 * progress bar), and the count of files that failed. A file that fails is reported on stderr
 * with the command's name, the file's and the reason, and the run goes on with the next; the
 * exit code is then 1 (partial) instead of 0.
 */
abstract class Base implements Callable<Integer>, FileArgs.Report {
    @Spec
    CommandSpec spec;
    PrintStream out = System.out;
    PrintStream err = System.err;
    boolean terminal;
    private int problems;

    final void init(PrintStream newOut, PrintStream newErr, boolean isTerminal) {
        this.out = newOut;
        this.err = newErr;
        this.terminal = isTerminal;
    }

    /** {@code "ffmap touch"}: how messages start. */
    final String name() {
        return spec.qualifiedName();
    }

    @Override
    public final void problem(Path path, String what) {
        problems++;
        err.println(name() + ": " + path + ": " + what);
    }

    /** Reports {@code e} for {@code path} and counts it. */
    final void problem(Path path, Exception e) {
        problem(path, Problems.reason(e));
    }

    /** 0 if nothing failed, 1 if some file did. */
    final int exitCode() {
        return problems == 0 ? 0 : 1;
    }

    /** A command line that cannot be run as given: exit code 2, with the command's synopsis. */
    final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * A new empty file in {@code dir} (null: java.io.tmpdir) for a command's own data; a missing
     * or wrong {@code --dir} is named as such.
     */
    final Path tempFile(Path dir, String prefix) throws IOException {
        Path in = dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir;
        if (!Files.isDirectory(in)) {
            throw Files.exists(in) ? new NotDirectoryException(in.toString())
                    : new NoSuchFileException(in.toString(), null, "--dir must name an existing directory");
        }
        try {
            return Files.createTempFile(in, prefix, ".bin");
        } catch (IOException e) {
            throw Problems.about(in, e);
        }
    }

    /** A progress bar for {@code total} bytes, drawn only on a terminal and unless {@code silent}. */
    final Progress progress(boolean silent, long total) {
        return new Progress(err, terminal && !silent, total);
    }
}
